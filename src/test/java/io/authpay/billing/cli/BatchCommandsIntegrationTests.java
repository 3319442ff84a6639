package io.authpay.billing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.authpay.OutcomeClass;
import io.authpay.billing.charge.StopReason;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The batch commands in this JVM against a test database, with {@link FakeBillingWork} in place of the
 * charge engine: a test of the wiring (statuses, exit codes, restarts, stops through the database), not
 * of charging.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchCommandsIntegrationTests {

    /** 10:00 in Taipei on 2026-05-01: inside the billing window. */
    static final String IN_WINDOW = "2026-05-01T02:00:00Z";
    /** 07:00 in Taipei on 2026-05-01: before the window opens. */
    static final String BEFORE_WINDOW = "2026-04-30T23:00:00Z";
    /** 01:00 in Taipei on 2026-05-01: the nightly job's hour. */
    static final String NIGHT = "2026-04-30T17:00:00Z";

    final CliRun cli = new CliRun();
    final FakeBillingWork.Script script = FakeBillingWork.script;
    JdbcTemplate jdbc;

    @BeforeAll
    void migrate() {
        CliRun.Result first = cli.run("executions");
        assertThat(first.exitCode()).as(first.err()).isZero();
        jdbc = cli.jdbc();
    }

    @BeforeEach
    void resetFakes() {
        script.reset();
    }

    CliRun.Result at(String clock, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--billing.test.fake-work=true");
        all.add("--billing.clock.start=" + clock);
        all.add("--billing.batch.heartbeat-interval=200ms");
        all.add("--billing.batch.progress-interval=300ms");
        // The fake answers every run of the charge step from one script: one partition, one run.
        all.add("--billing.charge.partitions=1");
        return cli.run(all.toArray(String[]::new));
    }

    @Test
    void aCompletedDailyRunExitsZeroPrintsItsFiguresAndLeavesItsMetadata() {
        script.thenReturn(
                StopReason.COMPLETED, "", 3, 2, 998, Map.of(OutcomeClass.SUCCEEDED, 2, OutcomeClass.SOFT_DECLINE, 1));

        CliRun.Result result = at(IN_WINDOW, "run", "daily-billing", "--date", "2026-05-01");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("COMPLETED")
                .contains("charged 2, TWD 998; 3 attempts: SUCCEEDED 2, SOFT_DECLINE 1");
        long id = executionId(result);
        assertThat(jdbc.queryForMap("SELECT STATUS, EXIT_CODE FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?", id))
                .containsEntry("STATUS", "COMPLETED")
                .containsEntry("EXIT_CODE", "COMPLETED");
        assertThat(parameters(id)).containsEntry("date", "2026-05-01");
        assertThat((String) parameters(id).get("slot")).startsWith("manual-");
        assertThat(jdbc.queryForList(
                        "SELECT CONCAT(STEP_NAME, ' ', STATUS) FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID = ?",
                        String.class,
                        id))
                .containsExactlyInAnyOrder("charge-due COMPLETED", "charge-due-partition:p0 COMPLETED");
        assertThat(script.dailyCalls).hasValue(1);
    }

    @Test
    void aClosedWindowStopsTheRunWithExitThreeAndARestartCompletesIt() {
        script.thenReturn(StopReason.WINDOW_CLOSED, "").thenReturn(StopReason.COMPLETED, "");

        CliRun.Result stopped = at(IN_WINDOW, "run", "daily-billing", "--date", "2026-05-04");

        assertThat(stopped.exitCode()).as(stopped.err()).isEqualTo(3);
        assertThat(stopped.out()).contains("STOPPED").contains("the billing window closed");
        long id = executionId(stopped);
        assertThat(jdbc.queryForMap(
                        "SELECT STATUS, EXIT_MESSAGE FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?", id))
                .containsEntry("STATUS", "STOPPED")
                .hasEntrySatisfying(
                        "EXIT_MESSAGE", m -> assertThat((String) m).startsWith("the billing window closed"));

        CliRun.Result restarted = at(IN_WINDOW, "restart", Long.toString(id));

        assertThat(restarted.exitCode()).as(restarted.err()).isZero();
        long again = executionId(restarted);
        assertThat(again).isNotEqualTo(id);
        assertThat(status(again)).isEqualTo("COMPLETED");
        assertThat(sameInstance(id, again)).isTrue();
        assertThat(script.dailyCalls).hasValue(2);
    }

    @Test
    void anOpenCircuitFailsTheRunWithExitOneAndPrintsTheReason() {
        script.thenReturn(StopReason.CIRCUIT_OPEN, "6 UNKNOWN outcomes in a row");

        CliRun.Result result = at(IN_WINDOW, "run", "daily-billing", "--date", "2026-05-05");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("circuit breaker open: 6 UNKNOWN outcomes in a row");
        long id = executionId(result);
        assertThat(jdbc.queryForMap(
                        "SELECT STATUS, EXIT_MESSAGE FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?", id))
                .containsEntry("STATUS", "FAILED")
                .containsEntry("EXIT_MESSAGE", "circuit breaker open: 6 UNKNOWN outcomes in a row");
    }

    @Test
    void theDailyJobIsRefusedBeforeTheWindowOpensWithoutStarting() {
        long before = executions();

        CliRun.Result result = at(BEFORE_WINDOW, "run", "daily-billing");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).contains("08:00–20:00 Asia/Taipei").contains("opens at 2026-05-01 08:00");
        assertThat(script.dailyCalls).hasValue(0);
        assertThat(executions()).isEqualTo(before);
    }

    @Test
    void stopFromAnotherProcessEndsARunningDailyJobStopped() throws Exception {
        script.thenRunUntilStopped();
        CompletableFuture<CliRun.Result> running =
                CompletableFuture.supplyAsync(() -> at(IN_WINDOW, "run", "daily-billing", "--date", "2026-05-06"));
        assertThat(script.dailyEntered.await(60, TimeUnit.SECONDS))
                .as("the runner was called")
                .isTrue();
        long id = jdbc.queryForObject(
                "SELECT E.JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION E JOIN BATCH_JOB_EXECUTION_PARAMS P"
                        + " ON P.JOB_EXECUTION_ID = E.JOB_EXECUTION_ID"
                        + " WHERE P.PARAMETER_NAME = 'date' AND P.PARAMETER_VALUE = '2026-05-06' AND E.STATUS = 'STARTED'",
                Long.class);
        java.sql.Timestamp firstBeat = lastUpdatedOfStep(id);
        // Time for a few heartbeats (200 ms) to store progress and for the run to print it (every 300 ms).
        Thread.sleep(1500);
        assertThat(lastUpdatedOfStep(id)).as("the heartbeat moves LAST_UPDATED").isAfter(firstBeat);

        // Another Spring context, its own job operator: the request travels through the database only.
        CliRun.Result stop = at(IN_WINDOW, "stop", Long.toString(id));

        assertThat(stop.exitCode()).as(stop.err()).isZero();
        assertThat(stop.out()).contains("asked execution " + id);
        CliRun.Result result = running.get(60, TimeUnit.SECONDS);
        assertThat(result.exitCode()).as(result.err()).isEqualTo(3);
        assertThat(result.out())
                .contains("daily-billing #" + id + " charge-due") // a progress line while it ran
                .contains("STOPPED")
                .contains("stopped on request");
        assertThat(status(id)).isEqualTo("STOPPED");

        CliRun.Result again = at(IN_WINDOW, "stop", Long.toString(id));
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("not running").contains("STOPPED");
    }

    @Test
    void anExecutionLeftRunningByADeadProcessIsRecoveredAndRestartable() {
        script.thenReturn(StopReason.WINDOW_CLOSED, "");
        long id = executionId(at(IN_WINDOW, "run", "daily-billing", "--date", "2026-05-07"));
        // What a process killed mid-run leaves behind: the execution and its step still STARTED.
        jdbc.update(
                "UPDATE BATCH_JOB_EXECUTION SET STATUS = 'STARTED', EXIT_CODE = 'UNKNOWN', END_TIME = NULL"
                        + " WHERE JOB_EXECUTION_ID = ?",
                id);
        jdbc.update(
                "UPDATE BATCH_STEP_EXECUTION SET STATUS = 'STARTED', EXIT_CODE = 'EXECUTING', END_TIME = NULL"
                        + " WHERE JOB_EXECUTION_ID = ?",
                id);

        // A heartbeat seconds old: alive, so another run is refused.
        CliRun.Result refused = at(IN_WINDOW, "run", "daily-billing", "--date", "2026-05-08");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("already running").contains("execution " + id);

        // Ten minutes without a heartbeat: dead.
        for (String table : List.of("BATCH_JOB_EXECUTION", "BATCH_STEP_EXECUTION")) {
            jdbc.update(
                    "UPDATE " + table + " SET LAST_UPDATED = LAST_UPDATED - INTERVAL 10 MINUTE,"
                            + " START_TIME = START_TIME - INTERVAL 10 MINUTE WHERE JOB_EXECUTION_ID = ?",
                    id);
        }
        jdbc.update(
                "UPDATE BATCH_JOB_EXECUTION SET CREATE_TIME = CREATE_TIME - INTERVAL 10 MINUTE"
                        + " WHERE JOB_EXECUTION_ID = ?",
                id);
        jdbc.update(
                "UPDATE BATCH_STEP_EXECUTION SET CREATE_TIME = CREATE_TIME - INTERVAL 10 MINUTE"
                        + " WHERE JOB_EXECUTION_ID = ?",
                id);
        CliRun.Result restarted = at(IN_WINDOW, "restart", Long.toString(id));

        assertThat(restarted.exitCode()).as(restarted.err()).isZero();
        assertThat(restarted.out()).contains("recovered execution " + id + " of daily-billing");
        assertThat(jdbc.queryForMap(
                        "SELECT STATUS, EXIT_MESSAGE FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?", id))
                .containsEntry("STATUS", "FAILED")
                .hasEntrySatisfying(
                        "EXIT_MESSAGE",
                        m -> assertThat((String) m).startsWith("recovered: the process running it died"));
        assertThat(status(executionId(restarted))).isEqualTo("COMPLETED");
        assertThat(script.dailyCalls).hasValue(2);
    }

    @Test
    void theNightlyJobRunsItsStepsInOrderCreatingChargesThroughTheNextDay() {
        CliRun.Result result = at(NIGHT, "run", "nightly-billing", "--date", "2026-05-01");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(script.nightlyCalls)
                .containsExactly(
                        "createDueCharges(2026-05-02)", "settleUnknown", "refreshBindings", "freeExpiredLeases");
        assertThat(result.out())
                .contains("create-due-charges 3, settle-unknown 1, refresh-bindings 5, free-expired-leases 2");
        assertThat(jdbc.queryForList(
                        "SELECT STEP_NAME FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID = ? ORDER BY STEP_EXECUTION_ID",
                        String.class,
                        executionId(result)))
                .containsExactly("create-due-charges", "settle-unknown", "refresh-bindings", "free-expired-leases");
    }

    @Test
    void aFailedNightlyStepFailsTheRunAndARestartContinuesFromThatStep() {
        script.failSettleUnknownOnce("inquiry endpoint unreachable");

        CliRun.Result failed = at(NIGHT, "run", "nightly-billing", "--date", "2026-05-11");

        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err()).contains("failed: settle-unknown failed: inquiry endpoint unreachable");
        long id = executionId(failed);
        assertThat(script.nightlyCalls).containsExactly("createDueCharges(2026-05-12)", "settleUnknown");

        script.nightlyCalls.clear();
        CliRun.Result restarted = at(NIGHT, "restart", Long.toString(id));

        assertThat(restarted.exitCode()).as(restarted.err()).isZero();
        // the completed first step is not done again
        assertThat(script.nightlyCalls).containsExactly("settleUnknown", "refreshBindings", "freeExpiredLeases");
    }

    @Test
    void theNightlyDateDefaultsToTodayInTaipei() {
        CliRun.Result result = at(NIGHT, "run", "nightly-billing");

        assertThat(result.exitCode()).as(result.err()).isZero();
        // 2026-04-30T17:00Z is 01:00 on May 1st in Taipei
        assertThat(script.nightlyCalls).first().isEqualTo("createDueCharges(2026-05-02)");
    }

    @Test
    void aScheduledSlotStartedTwiceRunsOnce() {
        CliRun.Result first = at(IN_WINDOW, "run", "daily-billing", "--date", "2026-05-09", "--slot", "08:05");
        CliRun.Result second = at(IN_WINDOW, "run", "daily-billing", "--date", "2026-05-09", "--slot", "08:05");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out())
                .contains("already ran as execution " + executionId(first))
                .contains("nothing to do");
        assertThat(script.dailyCalls).hasValue(1);
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM BATCH_JOB_EXECUTION_PARAMS P JOIN BATCH_JOB_EXECUTION_PARAMS D"
                                + " ON D.JOB_EXECUTION_ID = P.JOB_EXECUTION_ID"
                                + " WHERE P.PARAMETER_NAME = 'slot' AND P.PARAMETER_VALUE = '08:05'"
                                + " AND D.PARAMETER_NAME = 'date' AND D.PARAMETER_VALUE = '2026-05-09'",
                        Integer.class))
                .isEqualTo(1);
    }

    @Test
    void executionsListsJsonWithStableKeys() {
        script.thenReturn(
                StopReason.COMPLETED, "", 3, 2, 998, Map.of(OutcomeClass.SUCCEEDED, 2, OutcomeClass.SOFT_DECLINE, 1));
        long id = executionId(at(IN_WINDOW, "run", "daily-billing", "--date", "2026-05-10", "--slot", "12:05"));

        CliRun.Result result = cli.run("executions", "--job", "daily-billing", "--limit", "1", "--format", "json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("\"execution_id\" : " + id)
                .contains("\"job\" : \"daily-billing\"")
                .contains("\"date\" : \"2026-05-10\"")
                .contains("\"slot\" : \"12:05\"")
                .contains("\"status\" : \"COMPLETED\"")
                .contains("\"exit_code\" : \"COMPLETED\"")
                .contains("\"exit_description\" : ")
                .containsPattern("\"started_at\" : \"\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z\"")
                .containsPattern("\"ended_at\" : \"\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z\"")
                .containsPattern("\"duration_seconds\" : \\d+")
                // its one partition, read back from the step's context by this read-only command
                .contains("\"partitions\" : [ {")
                .contains("\"partition\" : \"p0\"")
                .containsPattern("\"node\" : \"[^\"]+/\\d+\"")
                .contains("\"attempts\" : 3")
                .contains("\"paid\" : 2");
        CliRun.Result table = cli.run("executions", "--limit", "3");
        assertThat(table.out())
                .contains("ID")
                .contains("DURATION")
                .contains(Long.toString(id))
                .contains("PARTITIONS")
                .contains("1/1 on ");
    }

    /** The clock of the run (10:00 in Taipei on 2026-05-01, months from the machine's), not the wall clock. */
    @Test
    void executionsShowTheRunsClockInTaipeiWithTheZone() {
        long id = executionId(at(IN_WINDOW, "run", "daily-billing", "--date", "2026-05-11"));
        Instant clockStart = Instant.parse(IN_WINDOW);

        CliRun.Result json = cli.run("executions", "--job", "daily-billing", "--limit", "1", "--format", "json");
        CliRun.Result table = cli.run("executions", "--job", "daily-billing", "--limit", "1");

        assertThat(json.out()).contains("\"execution_id\" : " + id);
        Instant started = Instant.parse(jsonValue(json.out(), "started_at"));
        Instant ended = Instant.parse(jsonValue(json.out(), "ended_at"));
        assertThat(started).isBetween(clockStart, clockStart.plus(Duration.ofMinutes(10)));
        assertThat(ended).isBetween(started, clockStart.plus(Duration.ofMinutes(10)));
        assertThat(table.out())
                .contains("STARTED (Asia/Taipei)", "ENDED (Asia/Taipei)")
                .containsPattern("2026-05-01 10:0\\d:\\d\\d +2026-05-01 10:0\\d:\\d\\d");
        // The steps too: every START and END Spring Batch keeps is the run's clock.
        List<Instant> stepTimes = jdbc
                .query(
                        "SELECT START_TIME, END_TIME FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID = ?",
                        (rs, i) -> List.of(
                                rs.getObject(1, java.time.LocalDateTime.class),
                                rs.getObject(2, java.time.LocalDateTime.class)),
                        id)
                .stream()
                .flatMap(List::stream)
                .map(time -> time.atZone(ZoneId.systemDefault()).toInstant())
                .toList();
        assertThat(stepTimes).isNotEmpty().allSatisfy(time -> assertThat(time).isBetween(started, ended));
    }

    private static String jsonValue(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\" : \"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as(key + " in " + json).isTrue();
        return m.group(1);
    }

    @Test
    void chargesListsJsonWithStableKeysAndOrderIdsInAttemptOrder() {
        jdbc.update(
                "INSERT INTO binding (auth_no, created_at, updated_at) VALUES ('650660555924209001', NOW(6), NOW(6))");
        jdbc.update("INSERT INTO subscription (external_id, auth_no, amount, period, anchor_date, next_billing_date,"
                + " trade_name, created_at, updated_at) VALUES ('chg-1', '650660555924209001', 499, 'MONTH',"
                + " '2026-05-01', '2026-06-01', '月費', NOW(6), NOW(6))");
        long subscription = jdbc.queryForObject("SELECT id FROM subscription WHERE external_id = 'chg-1'", Long.class);
        jdbc.update(
                "INSERT INTO charge (subscription_id, period_key, billing_date, auth_no, amount, trade_name, status,"
                        + " next_attempt_at, attempts, last_result_code, last_outcome, created_at, updated_at) VALUES (?,"
                        + " '2026-05', '2026-05-01', '650660555924209001', 499, '月費', 'RETRY_SCHEDULED',"
                        + " '2026-05-02 00:00:00', 2, '104', 'SOFT_DECLINE', NOW(6), NOW(6))",
                subscription);
        long charge = jdbc.queryForObject("SELECT id FROM charge WHERE subscription_id = ?", Long.class, subscription);
        for (int n : new int[] {2, 1}) {
            jdbc.update(
                    "INSERT INTO charge_attempt (charge_id, attempt_no, platform_order_id, auth_no, amount,"
                            + " outcome, result_code, requested_at) VALUES (?, ?, ?, '650660555924209001', 499,"
                            + " 'SOFT_DECLINE', '104', '2026-05-01 02:00:00')",
                    charge,
                    n,
                    "chg-1-2026-05-" + n);
        }

        CliRun.Result result = cli.run("charges", "--subscription", "chg-1", "--format", "json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("\"external_id\" : \"chg-1\"")
                .contains("\"auth_no\" : \"650660555924209001\"")
                .contains("\"period_key\" : \"2026-05\"")
                .contains("\"billing_date\" : \"2026-05-01\"")
                .contains("\"amount\" : 499")
                .contains("\"status\" : \"RETRY_SCHEDULED\"")
                .contains("\"attempts\" : 2")
                .contains("\"last_result_code\" : \"104\"")
                .contains("\"last_outcome\" : \"SOFT_DECLINE\"")
                .contains("\"next_attempt_at\" : \"2026-05-02T00:00:00Z\"")
                .contains("\"review_reason\" : null")
                .containsPattern("\"platform_order_ids\" : \\[ \"chg-1-2026-05-1\", \"chg-1-2026-05-2\" \\]");
        CliRun.Result none = cli.run("charges", "--subscription", "chg-1", "--status", "succeeded", "--format", "json");
        assertThat(none.out().strip()).isEqualTo("[ ]");
    }

    @Test
    void badInputExitsTwoBeforeAnythingStarts() {
        CliRun.Result status = cli.run("charges", "--status", "PAID");
        assertThat(status.exitCode()).isEqualTo(2);
        assertThat(status.err()).contains("unknown status 'PAID'").contains("DUE, IN_FLIGHT, SUCCEEDED");

        CliRun.Result job = cli.run("run", "monthly-billing");
        assertThat(job.exitCode()).isEqualTo(2);
        assertThat(job.err()).contains("unknown job 'monthly-billing'").contains("nightly-billing, daily-billing");

        CliRun.Result date = cli.run("run", "daily-billing", "--date", "2026-02-30");
        assertThat(date.exitCode()).isEqualTo(2);

        for (String command : List.of("run", "executions", "restart", "stop", "charges")) {
            CliRun.Result help = cli.run(command, "--help");
            assertThat(help.exitCode()).as(command).isZero();
            assertThat(help.out()).as(command).contains("Usage:");
        }
    }

    @Test
    void stopAndRestartNameAnUnknownExecution() {
        CliRun.Result stop = cli.run("stop", "999999");
        assertThat(stop.exitCode()).as(stop.err()).isEqualTo(2);
        assertThat(stop.err()).contains("no job execution 999999");

        CliRun.Result restart = at(IN_WINDOW, "restart", "999999");
        assertThat(restart.exitCode()).as(restart.err()).isEqualTo(2);
        assertThat(restart.err()).contains("no job execution 999999");
    }

    private static long executionId(CliRun.Result result) {
        Matcher m = Pattern.compile("execution (\\d+) ").matcher(result.out() + result.err());
        long last = -1;
        while (m.find()) {
            last = Long.parseLong(m.group(1));
        }
        assertThat(last)
                .as("an execution id in: %s%s", result.out(), result.err())
                .isPositive();
        return last;
    }

    private java.sql.Timestamp lastUpdatedOfStep(long executionId) {
        return jdbc.queryForObject(
                "SELECT LAST_UPDATED FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID = ?"
                        + " AND STEP_NAME LIKE 'charge-due-partition:%'", // the partition beats
                java.sql.Timestamp.class, executionId);
    }

    private String status(long id) {
        return jdbc.queryForObject(
                "SELECT STATUS FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?", String.class, id);
    }

    private long executions() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM BATCH_JOB_EXECUTION", Long.class);
    }

    private boolean sameInstance(long a, long b) {
        return jdbc.queryForObject(
                        "SELECT COUNT(DISTINCT JOB_INSTANCE_ID) FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID IN (?, ?)",
                        Integer.class,
                        a,
                        b)
                == 1;
    }

    private Map<String, Object> parameters(long id) {
        Map<String, Object> parameters = new java.util.HashMap<>();
        jdbc.query(
                "SELECT PARAMETER_NAME, PARAMETER_VALUE FROM BATCH_JOB_EXECUTION_PARAMS WHERE JOB_EXECUTION_ID = ?",
                rs -> {
                    parameters.put(rs.getString(1), rs.getString(2));
                },
                id);
        return parameters;
    }
}
