package io.authpay.billing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code bench --cli-start} runs the three everyday commands in processes of their own and prints their times. */
@Tag("child-jvm")
class CliStartBenchIntegrationTests {

    @Test
    void printsOneTimeForEachCommandRunInItsOwnProcess() {
        CliRun cli = new CliRun();
        assertThat(cli.run("executions").exitCode()).isZero(); // the schema in place, as an operator's is

        CliRun.Result bench = cli.run("bench", "--cli-start", "--runs", "1");

        assertThat(bench.exitCode()).as(bench.out() + bench.err()).isZero();
        assertThat(bench.out())
                .containsPattern("(?m)^executions: +\\d+\\.\\d\\d s")
                .containsPattern("(?m)^charges --limit 20: +\\d+\\.\\d\\d s")
                .containsPattern("(?m)^report --date \\d{4}-\\d\\d-\\d\\d: +\\d+\\.\\d\\d s")
                .contains("load average")
                .doesNotContain(cli.database.password());
    }
}
