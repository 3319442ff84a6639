package io.authpay.billing.charge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The split of the due charges by auth_no. */
class ChargePartitionTests {

    static final List<String> AUTH_NOS = IntStream.range(0, 200)
            .mapToObj(i -> String.valueOf(650660555924200000L + i * 7919L))
            .toList();

    @Test
    void everyAuthNoIsInExactlyOnePartition() {
        for (String authNo : AUTH_NOS) {
            assertThat(IntStream.range(0, 4).filter(i -> new ChargePartition(i, 4).contains(authNo)))
                    .as(authNo)
                    .hasSize(1);
        }
        // and the split uses every partition
        for (int i = 0; i < 4; i++) {
            ChargePartition partition = new ChargePartition(i, 4);
            assertThat(AUTH_NOS.stream().filter(partition::contains))
                    .as("partition " + i)
                    .isNotEmpty();
        }
        assertThat(AUTH_NOS).allMatch(ChargePartition.WHOLE::contains);
    }

    @Test
    void aPartitionThatCannotExistIsRefused() {
        assertThatThrownBy(() -> new ChargePartition(4, 4)).hasMessage("partition 4 of 4 does not exist");
        assertThatThrownBy(() -> new ChargePartition(0, 0)).hasMessage("partition 0 of 0 does not exist");
    }
}
