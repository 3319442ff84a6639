package io.authpay.billing.charge;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.authpay.OutcomeClass;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class CircuitBreakerTests {

    private final CircuitBreaker breaker = CircuitBreaker.of(RetrySettings.defaults());

    private void recordUnknowns(int count) {
        for (int i = 0; i < count; i++) {
            breaker.record(AttemptOutcome.of("999"));
        }
    }

    @Test
    void newBreakerIsClosedWithoutReason() {
        assertThat(breaker.isOpen()).isFalse();
        assertThat(breaker.reason()).isEmpty();
    }

    @Test
    void tenUnknownOutcomesInARowOpenItNamingTheThresholdAndTheLastCodes() {
        recordUnknowns(7);
        breaker.record(AttemptOutcome.unknown("TIMEOUT"));
        breaker.record(AttemptOutcome.unknown("HTTP 502"));
        assertThat(breaker.isOpen()).isFalse();

        boolean open = breaker.record(AttemptOutcome.of("100"));

        assertThat(open).isTrue();
        assertThat(breaker.isOpen()).isTrue();
        assertThat(breaker.reason())
                .hasValue("10 outcomes in a row were UNKNOWN (last: ..., 999, 999, TIMEOUT, HTTP 502, 100):"
                        + " the gateway looks broken; stopping the run");
    }

    @Test
    void anyOtherOutcomeEndsTheUnknownStreak() {
        recordUnknowns(9);
        breaker.record(AttemptOutcome.of("115"));
        recordUnknowns(9);

        assertThat(breaker.isOpen()).isFalse();
    }

    @Test
    void fiveUnknownOrCancelledBindingsInARowOpenItAsAGatewayThatDoesNotKnowOurBindings() {
        for (int i = 0; i < 4; i++) {
            assertThat(breaker.record(AttemptOutcome.of(i % 2 == 0 ? "301" : "302")))
                    .isFalse();
        }

        assertThat(breaker.record(AttemptOutcome.of("301"))).isTrue();
        assertThat(breaker.reason())
                .hasValueSatisfying(reason -> assertThat(reason)
                        .startsWith("JKoPay does not know these bindings: check base-url and store-id")
                        .contains("5 answers in a row were 301/302"));
    }

    @Test
    void aFewRevokedBindingsAmongOtherAnswersAreBelieved() {
        for (int i = 0; i < 20; i++) {
            breaker.record(AttemptOutcome.of("301"));
            breaker.record(AttemptOutcome.of("302"));
            breaker.record(AttemptOutcome.of("000"));
        }

        assertThat(breaker.isOpen()).isFalse();
    }

    @Test
    void theUnknownBindingThresholdIsASetting() {
        CircuitBreaker strict = CircuitBreaker.of(
                RetrySettings.builder().unknownBindingBreakerThreshold(2).build());
        strict.record(AttemptOutcome.of("302"));

        assertThat(strict.record(AttemptOutcome.of("301"))).isTrue();
    }

    @Test
    void threeRequestErrorsInARowOpenItAsAConfigurationProblem() {
        breaker.record(AttemptOutcome.of("110"));
        breaker.record(AttemptOutcome.of("201"));
        assertThat(breaker.isOpen()).isFalse();

        breaker.record(AttemptOutcome.of("200"));

        assertThat(breaker.isOpen()).isTrue();
        assertThat(breaker.reason())
                .hasValue("3 outcomes in a row were REQUEST_ERROR (last: 110, 201, 200):"
                        + " the request or the merchant configuration looks wrong; stopping the run");
    }

    @Test
    void anUnknownOutcomeEndsTheRequestErrorStreakAndTheOtherWayRound() {
        breaker.record(OutcomeClass.REQUEST_ERROR);
        breaker.record(OutcomeClass.REQUEST_ERROR);
        breaker.record(OutcomeClass.UNKNOWN);
        breaker.record(OutcomeClass.REQUEST_ERROR);
        breaker.record(OutcomeClass.REQUEST_ERROR);
        assertThat(breaker.isOpen()).isFalse();

        recordUnknowns(9);
        breaker.record(OutcomeClass.REQUEST_ERROR);
        recordUnknowns(1);
        assertThat(breaker.isOpen()).isFalse();
    }

    @Test
    void onceOpenItStaysOpenForTheRestOfTheRun() {
        recordUnknowns(10);

        breaker.record(OutcomeClass.SUCCEEDED);

        assertThat(breaker.isOpen()).isTrue();
        assertThat(breaker.reason()).get().asString().contains("UNKNOWN");
    }

    @Test
    void refundOnlyCodesOnChargesCountAsUnknownLikeThePolicyTreatsThem() {
        CircuitBreaker twoUnknowns = CircuitBreaker.of(
                RetrySettings.builder().unknownBreakerThreshold(2).build());

        twoUnknowns.record(AttemptOutcome.of("113"));
        twoUnknowns.record(AttemptOutcome.of("999"));

        assertThat(twoUnknowns.isOpen()).isTrue();
    }

    @Test
    void thresholdsComeFromTheSettings() {
        CircuitBreaker strict = CircuitBreaker.of(
                RetrySettings.builder().requestErrorBreakerThreshold(1).build());

        strict.record(AttemptOutcome.of("201"));

        assertThat(strict.isOpen()).isTrue();
        assertThat(strict.reason()).get().asString().startsWith("1 outcomes in a row were REQUEST_ERROR (last: 201)");
    }

    @Test
    void countsEveryOutcomeRecordedFromManyThreads() throws Exception {
        int threads = 4;
        int perThread = 250_000;
        // Opens on the very last outcome only if no increment was lost between threads.
        CircuitBreaker shared = CircuitBreaker.of(RetrySettings.builder()
                .unknownBreakerThreshold(threads * perThread)
                .build());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        shared.record(AttemptOutcome.unknown("TIMEOUT"));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(shared.isOpen()).isTrue();
    }
}
