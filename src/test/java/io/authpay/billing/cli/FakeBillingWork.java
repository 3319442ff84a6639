package io.authpay.billing.cli;

import io.authpay.billing.authpay.OutcomeClass;
import io.authpay.billing.charge.ChargeRunner;
import io.authpay.billing.charge.NightlyWork;
import io.authpay.billing.charge.RunControl;
import io.authpay.billing.charge.RunProgress;
import io.authpay.billing.charge.RunSummary;
import io.authpay.billing.charge.StopReason;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Deterministic stand-ins for the charge engine's two seams, so the batch wiring can be tested without
 * charging anything. The command line under test starts its own Spring context, whose component scan
 * finds this class on the test class path; {@code --billing.test.fake-work=true} switches it on, and the
 * test steers it through the static {@link #script}.
 *
 * <p>A plain {@code @Configuration}, not a {@code @TestConfiguration}: spring-boot-test excludes those
 * from the component scan of every application started while it is on the class path, the command
 * line's included.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "billing.test.fake-work", havingValue = "true")
class FakeBillingWork {

    static final Script script = new Script();

    @Bean
    @Primary
    ChargeRunner fakeChargeRunner() {
        return (control, partition) -> script.chargeDue(control);
    }

    @Bean
    @Primary
    NightlyWork fakeNightlyWork() {
        return new NightlyWork() {
            @Override
            public int createDueCharges(LocalDate through) {
                script.nightlyCalls.add("createDueCharges(" + through + ")");
                return 3;
            }

            @Override
            public int settleUnknown(RunControl control) {
                script.nightlyCalls.add("settleUnknown");
                String failure = script.settleUnknownFailure.getAndSet(null);
                if (failure != null) {
                    throw new IllegalStateException(failure);
                }
                return 1;
            }

            @Override
            public int refreshBindings(RunControl control) {
                script.nightlyCalls.add("refreshBindings");
                return 5;
            }

            @Override
            public int freeExpiredLeases() {
                script.nightlyCalls.add("freeExpiredLeases");
                return 2;
            }
        };
    }

    /** What the fakes do next, and what they were asked. */
    static final class Script {
        final Deque<Function<RunControl, RunSummary>> daily = new ConcurrentLinkedDeque<>();
        final AtomicInteger dailyCalls = new AtomicInteger();
        final List<String> nightlyCalls = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile CountDownLatch dailyEntered = new CountDownLatch(1);
        final AtomicReference<String> settleUnknownFailure = new AtomicReference<>();

        void reset() {
            daily.clear();
            dailyCalls.set(0);
            nightlyCalls.clear();
            dailyEntered = new CountDownLatch(1);
            settleUnknownFailure.set(null);
        }

        /** The next settleUnknown call throws with this message. */
        void failSettleUnknownOnce(String message) {
            settleUnknownFailure.set(message);
        }

        /** The next daily call returns this. */
        Script thenReturn(
                StopReason reason,
                String detail,
                int attempts,
                int succeeded,
                long amount,
                Map<OutcomeClass, Integer> byOutcome) {
            daily.add(control -> new RunSummary(reason, detail, attempts, succeeded, amount, byOutcome, Map.of()));
            return this;
        }

        Script thenReturn(StopReason reason, String detail) {
            return thenReturn(reason, detail, 0, 0, 0, Map.of());
        }

        /** The next daily call reports progress until its control asks it to stop (at most 60 s). */
        Script thenRunUntilStopped() {
            daily.add(control -> {
                long deadline = System.nanoTime() + 60_000_000_000L;
                int attempts = 0;
                while (!control.stopRequested()) {
                    if (System.nanoTime() > deadline) {
                        return new RunSummary(
                                StopReason.CIRCUIT_OPEN,
                                "test: no stop request came",
                                attempts,
                                0,
                                0,
                                Map.of(),
                                Map.of());
                    }
                    attempts++;
                    control.progress(new RunProgress(attempts, attempts, 100L * attempts, 1));
                    sleep(20);
                }
                return new RunSummary(
                        StopReason.STOP_REQUESTED,
                        "",
                        attempts,
                        attempts,
                        100L * attempts,
                        Map.of(OutcomeClass.SUCCEEDED, attempts),
                        Map.of());
            });
            return this;
        }

        RunSummary chargeDue(RunControl control) {
            dailyCalls.incrementAndGet();
            dailyEntered.countDown();
            Function<RunControl, RunSummary> next = daily.poll();
            return next == null
                    ? new RunSummary(StopReason.COMPLETED, "", 0, 0, 0, Map.of(), Map.of())
                    : next.apply(control);
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
