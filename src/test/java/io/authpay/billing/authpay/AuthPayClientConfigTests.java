package io.authpay.billing.authpay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AuthPayClientConfigTests {

    private static final String API_KEY = "ak-0123456789-WXYZ";
    private static final String SECRET = "s3cr3t-do-not-print";

    @Test
    void toStringHidesTheSecretAndAllButTheEndOfTheApiKey() {
        AuthPayClientConfig config =
                AuthPayClientConfig.of("https://uat-onlinepay.jkopay.app", API_KEY, SECRET, "store-1");

        assertThat(config.toString())
                .doesNotContain(SECRET)
                .doesNotContain(API_KEY)
                .contains("****WXYZ")
                .contains("https://uat-onlinepay.jkopay.app")
                .contains("store-1");
    }

    @Test
    void shortApiKeyIsHiddenEntirely() {
        AuthPayClientConfig config = AuthPayClientConfig.of("https://h", "abcdefgh", SECRET, "store-1");

        assertThat(config.toString()).doesNotContain("efgh").doesNotContain(SECRET);
    }

    @Test
    void clientToStringHidesTheSecret() {
        try (AuthPayClient client = new AuthPayClient(AuthPayClientConfig.of("https://h", API_KEY, SECRET, "s"))) {
            assertThat(client.toString()).doesNotContain(SECRET).doesNotContain(API_KEY);
        }
    }

    @Test
    void missingSecretNamesTheProperty() {
        assertThatThrownBy(() -> AuthPayClientConfig.of("https://h", API_KEY, " ", "s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("billing.authpay.secret-key is not set");
    }

    @Test
    void missingValuesNameTheirPropertyAndNeverAnyValue() {
        assertThatThrownBy(() -> AuthPayClientConfig.of(null, API_KEY, SECRET, "s"))
                .hasMessage("billing.authpay.base-url is not set");
        assertThatThrownBy(() -> AuthPayClientConfig.of("https://h", "", SECRET, "s"))
                .hasMessage("billing.authpay.api-key is not set")
                .hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> AuthPayClientConfig.of("https://h", API_KEY, SECRET, null))
                .hasMessage("billing.authpay.store-id is not set")
                .hasMessageNotContaining(SECRET)
                .hasMessageNotContaining(API_KEY);
    }

    @Test
    void baseUrlMustBeAbsoluteHttpAndIsNotEchoed() {
        assertThatThrownBy(() -> AuthPayClientConfig.of("ftp://user:pw@host", API_KEY, SECRET, "s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("billing.authpay.base-url")
                .hasMessageNotContaining("pw");
        assertThatThrownBy(() -> AuthPayClientConfig.of("onlinepay.jkopay.com", API_KEY, SECRET, "s"))
                .hasMessageContaining("billing.authpay.base-url");
    }

    @Test
    void trailingSlashOfBaseUrlIsDropped() {
        assertThat(AuthPayClientConfig.of("https://h/prefix/", API_KEY, SECRET, "s")
                        .baseUrl())
                .isEqualTo("https://h/prefix");
    }

    @Test
    void timeoutsAndPoolSizeMustBePositive() {
        AuthPayClientConfig config = AuthPayClientConfig.of("https://h", API_KEY, SECRET, "s");

        assertThatThrownBy(() -> config.withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessage("billing.authpay.connect-timeout must be positive");
        assertThatThrownBy(() -> config.withTimeouts(Duration.ofSeconds(1), null))
                .hasMessage("billing.authpay.response-timeout is not set");
        assertThatThrownBy(() -> config.withMaxConnections(0))
                .hasMessage("billing.authpay.max-connections must be at least 1");
    }
}
