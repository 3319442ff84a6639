package io.authpay.billing.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.batch.LaunchRefusedException;
import io.authpay.billing.charge.ChargeActionRefusedException;
import io.authpay.billing.schedule.ScheduleRefusedException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The three refusals share one shape, and only a reason naming something unknown is the API's 404. */
class RefusedExceptionTests {

    @Test
    void exactlyTheUnknownReasonsNameATargetThatDoesNotExist() {
        List<RefusedException.Reason> reasons = new ArrayList<>();
        reasons.addAll(List.of(LaunchRefusedException.Reason.values()));
        reasons.addAll(List.of(ScheduleRefusedException.Reason.values()));
        reasons.addAll(List.of(ChargeActionRefusedException.Reason.values()));

        assertThat(reasons).hasSizeGreaterThan(10);
        for (RefusedException.Reason reason : reasons) {
            assertThat(reason.unknownTarget())
                    .as(reason.name())
                    .isEqualTo(reason.name().startsWith("UNKNOWN_"));
        }
    }
}
