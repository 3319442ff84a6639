package io.authpay.billing.authpay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The catalogue against the seed tables and the result-code policy of design.md. */
class ResultCodeTests {

    /** Every code of shared/seeds/authpay-response-codes.txt, all endpoints (121 from the failure example). */
    private static final Map<String, OutcomeClass> DESIGN_POLICY = Map.ofEntries(
            Map.entry("000", OutcomeClass.SUCCEEDED),
            Map.entry("100", OutcomeClass.UNKNOWN),
            Map.entry("101", OutcomeClass.ALREADY_PAID),
            Map.entry("103", OutcomeClass.REFUND_REJECTED),
            Map.entry("104", OutcomeClass.SOFT_DECLINE),
            Map.entry("105", OutcomeClass.REFUND_REJECTED),
            Map.entry("110", OutcomeClass.REQUEST_ERROR),
            Map.entry("113", OutcomeClass.REFUND_REJECTED),
            Map.entry("115", OutcomeClass.SOFT_DECLINE),
            Map.entry("116", OutcomeClass.REFUND_REJECTED),
            Map.entry("121", OutcomeClass.SOFT_DECLINE),
            Map.entry("200", OutcomeClass.REQUEST_ERROR),
            Map.entry("201", OutcomeClass.REQUEST_ERROR),
            Map.entry("301", OutcomeClass.AUTH_REVOKED),
            Map.entry("302", OutcomeClass.AUTH_REVOKED),
            Map.entry("303", OutcomeClass.QUOTA_DECLINE),
            Map.entry("304", OutcomeClass.AMOUNT_MISMATCH),
            Map.entry("305", OutcomeClass.CYCLE_QUOTA),
            Map.entry("306", OutcomeClass.OUTSIDE_WINDOW),
            Map.entry("307", OutcomeClass.BUSY_AUTH),
            Map.entry("999", OutcomeClass.UNKNOWN));

    @Test
    void everySeedCodeIsCataloguedWithTheDesignPolicyClass() {
        DESIGN_POLICY.forEach((code, expected) -> assertThat(ResultCode.of(code))
                .as("code %s", code)
                .hasValueSatisfying(rc -> assertThat(rc.outcomeClass()).isEqualTo(expected)));
    }

    @Test
    void catalogueHoldsNoCodeOutsideTheSeedTables() {
        assertThat(Arrays.stream(ResultCode.values()).map(ResultCode::code))
                .containsExactlyInAnyOrderElementsOf(DESIGN_POLICY.keySet());
    }

    @ParameterizedTest
    @CsvSource({"555", "00", "0000", "abc"})
    void undocumentedCodesAreUnknown(String code) {
        assertThat(ResultCode.of(code)).isEmpty();
        assertThat(ResultCode.classify(code)).isEqualTo(OutcomeClass.UNKNOWN);
    }

    @Test
    void nullCodeIsUnknown() {
        assertThat(ResultCode.of(null)).isEmpty();
        assertThat(ResultCode.classify(null)).isEqualTo(OutcomeClass.UNKNOWN);
    }
}
