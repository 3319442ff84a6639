package io.authpay.billing.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authpay.billing.authpay.AuthPayEndpoint;
import io.authpay.billing.authpay.Digest;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SandboxLifecycleIntegrationTests {

    @Test
    void theSandboxListensOnLoopbackAtAFreePortWithDefaultCredentials() {
        try (AuthPaySandbox sandbox = AuthPaySandbox.builder().build().start()) {
            assertThat(sandbox.baseUrl().toString()).matches("http://127\\.0\\.0\\.1:\\d+");
            assertThat(sandbox.port()).isPositive();
            assertThat(sandbox.apiKey()).isEqualTo("sandbox-api-key");
            assertThat(sandbox.storeId()).isEqualTo("sandbox-store");
            SignedHttp client = new SignedHttp(
                    sandbox.baseUrl(), "sandbox-api-key", new Digest("sandbox-secret"), Duration.ofSeconds(5));

            assertThat(client.get(AuthPayEndpoint.INQUIRY, "platform_order_ids=x")
                            .result())
                    .isEqualTo("000");
        }
    }

    @Test
    void aGivenPortIsUsed() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (AuthPaySandbox sandbox =
                AuthPaySandbox.builder().port(port).build().start()) {
            assertThat(sandbox.port()).isEqualTo(port);
        }
    }

    @Test
    void aClosedSandboxRefusesConnections() {
        AuthPaySandbox sandbox = AuthPaySandbox.builder().build().start();
        SignedHttp client = new SignedHttp(
                sandbox.baseUrl(), "sandbox-api-key", new Digest("sandbox-secret"), Duration.ofSeconds(5));

        sandbox.close();

        assertThatThrownBy(() -> client.get(AuthPayEndpoint.INQUIRY, "platform_order_ids=x"))
                .isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(ConnectException.class);
    }

    @Test
    void aSandboxStartsOnceAndHasNoUrlBefore() {
        AuthPaySandbox sandbox = AuthPaySandbox.builder().build();
        assertThatThrownBy(sandbox::baseUrl).isInstanceOf(IllegalStateException.class);
        sandbox.start();
        assertThatThrownBy(sandbox::start).isInstanceOf(IllegalStateException.class);
        sandbox.close();
        sandbox.close();
    }

    @Test
    void theBuilderRefusesNonsense() {
        assertThatThrownBy(() -> AuthPaySandbox.builder().secretKey("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuthPaySandbox.builder().port(70_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuthPaySandbox.builder().threads(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
