package io.authpay.billing.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.authpay.ResultCode;
import io.authpay.billing.charge.ChargePartition;
import io.authpay.billing.sandbox.FaultTarget;
import io.authpay.billing.testing.ServeIntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The operator REST API of one serve node, over HTTP, with the real charge engine and the sandbox. */
class OperatorApiIntegrationTests extends ServeIntegrationTest {

    @BeforeEach
    void inTheWindow() {
        CLOCK.set(taipei("2026-12-01T10:00"));
        SANDBOX.faults().reset();
    }

    @AfterEach
    void noFaults() {
        SANDBOX.faults().reset();
    }

    @Test
    void withoutTheTokenOrWithAWrongOneEveryApiCallIs401AndChangesNothing() {
        long audits = jdbc.queryForObject("SELECT COUNT(*) FROM audit_event", Long.class);
        for (String[] endpoint : List.of(
                new String[] {"GET", "/api/executions"},
                new String[] {"GET", "/api/executions/1"},
                new String[] {"POST", "/api/jobs/nightly-billing/runs"},
                new String[] {"POST", "/api/executions/1/stop"},
                new String[] {"POST", "/api/executions/1/restart"},
                new String[] {"GET", "/api/schedules"},
                new String[] {"POST", "/api/schedules/nightly-test/pause"},
                new String[] {"POST", "/api/schedules/nightly-test/resume"},
                new String[] {"POST", "/api/subscriptions/x/charge"},
                new String[] {"GET", "/api/charges/1"},
                new String[] {"POST", "/api/charges/1/resolve"},
                new String[] {"GET", "/api/reports"})) {
            Answer none = call(endpoint[0], endpoint[1], null, null);
            Answer wrong = call(endpoint[0], endpoint[1], null, TOKEN + "x");
            for (Answer answer : List.of(none, wrong)) {
                assertThat(answer.status()).as(endpoint[0] + " " + endpoint[1]).isEqualTo(401);
                assertThat(answer.json().get("error").asString()).isEqualTo("unauthorized");
                assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer");
            }
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event", Long.class))
                .isEqualTo(audits);
        // Health, metrics and the callback need no token.
        assertThat(call("GET", "/actuator/health", null, null).status()).isEqualTo(200);
        assertThat(call("GET", "/actuator/health/liveness", null, null).status())
                .isEqualTo(200);
        assertThat(call("GET", "/actuator/health/readiness", null, null).status())
                .isEqualTo(200);
    }

    @Test
    void aNightlyRunIsStartedAsynchronouslyListedShownAndAudited() {
        Answer started =
                call("POST", "/api/jobs/nightly-billing/runs", "{\"date\": \"2026-12-02\", \"reason\": \"catch up\"}");

        assertThat(started.status()).as(started.body()).isEqualTo(202);
        long id = started.json().get("execution_id").asLong();
        assertThat(started.header("Location")).isEqualTo("/api/executions/" + id);
        assertThat(started.json().get("job").asString()).isEqualTo("nightly-billing");
        assertThat(started.json().get("date").asString()).isEqualTo("2026-12-02");
        assertThat(started.json().get("slot").asString()).startsWith("manual-");
        await("the nightly run to complete", () -> status(id).equals("COMPLETED"));

        JsonNode shown = call("GET", "/api/executions/" + id, null).json();
        assertThat(shown.get("counts").propertyNames()).contains("create-due-charges", "free-expired-leases");
        JsonNode listed =
                call("GET", "/api/executions?job=nightly-billing&limit=5", null).json();
        assertThat(listed.get(0).get("execution_id").asLong()).isEqualTo(id);
        assertThat(listed.get(0).get("status").asString()).isEqualTo("COMPLETED");
        assertThat(audit("job_execution", Long.toString(id))).containsExactly(ACTOR + " RUN_JOB catch up");
    }

    @Test
    void unknownJobsAndExecutionsAre404AndBadInputIs400() {
        assertError(call("POST", "/api/jobs/weekly-billing/runs", null), 404, "unknown_job");
        assertError(call("GET", "/api/executions/999999", null), 404, "unknown_execution");
        assertError(call("POST", "/api/executions/999999/stop", null), 404, "unknown_execution");
        assertError(call("POST", "/api/executions/999999/restart", null), 404, "unknown_execution");
        assertError(call("GET", "/api/executions/abc", null), 400, "bad_request");
        assertError(call("GET", "/api/executions?job=weekly", null), 400, "bad_request");
        assertError(call("GET", "/api/executions?limit=0", null), 400, "bad_request");
        assertError(call("POST", "/api/jobs/nightly-billing/runs", "{\"date\": \"tomorrow\"}"), 400, "bad_request");
        assertError(call("POST", "/api/jobs/nightly-billing/runs", "{\"dat\": \"2026-12-02\"}"), 400, "bad_request");
        assertError(call("POST", "/api/jobs/nightly-billing/runs", "{not json"), 400, "bad_request");
        assertError(call("GET", "/api/nothing-here", null), 404, "not_found");
    }

    @Test
    void aRunningDailyJobRefusesASecondRunStopsCleanlyAndIsRestarted() {
        String authNo = grantedBinding();
        String externalId = subscription(authNo);
        long chargeId = charge(externalId, "DUE", null);
        // One slow call keeps the run busy while the test asks for a second run and a stop.
        SANDBOX.faults().latency(Duration.ofMillis(1500));

        Answer started = call("POST", "/api/jobs/daily-billing/runs", "{\"reason\": \"morning run\"}");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        long id = started.json().get("execution_id").asLong();
        await("the call to be in flight", () -> "IN_FLIGHT".equals(chargeStatus(chargeId)));

        assertError(call("POST", "/api/jobs/daily-billing/runs", null), 409, "already_running");
        Answer stop = call("POST", "/api/executions/" + id + "/stop", "{\"reason\": \"deploy\"}");
        assertThat(stop.status()).as(stop.body()).isEqualTo(202);
        // Spring Batch marks the execution STOPPED at once; the run ends when its call in flight has
        // recorded its outcome, and then writes why it stopped.
        await(
                "the run to stop",
                () -> call("GET", "/api/executions/" + id, null)
                        .json()
                        .get("exit_description")
                        .asString()
                        .startsWith("stopped on request"));
        assertThat(status(id)).isEqualTo("STOPPED");
        assertThat(chargeStatus(chargeId)).isEqualTo("SUCCEEDED");
        assertThat(SANDBOX.ledger().chargesFor(authNo)).hasSize(1);
        assertError(call("POST", "/api/executions/" + id + "/stop", null), 409, "not_running");
        // The charge step's partitions: the one holding the auth_no was stopped after its call; the others
        // had nothing to do (done before the stop, or stopped waiting for a worker); each that ran names its node.
        String busy = "p"
                + IntStream.range(0, 4)
                        .filter(i -> new ChargePartition(i, 4).contains(authNo))
                        .findFirst()
                        .orElseThrow();
        JsonNode partitions = call("GET", "/api/executions/" + id, null).json().get("partitions");
        assertThat(partitions.valueStream().map(p -> p.get("partition").asString()))
                .containsExactlyInAnyOrder("p0", "p1", "p2", "p3");
        List<String> unfinished = new ArrayList<>();
        for (JsonNode p : partitions) {
            String status = p.get("status").asString();
            boolean charged = p.get("partition").asString().equals(busy);
            assertThat(status).isEqualTo(charged ? "STOPPED" : status).isIn("COMPLETED", "STOPPED");
            if (status.equals("STOPPED")) {
                unfinished.add(p.get("partition").asString() + " COMPLETED");
            }
            if (charged || status.equals("COMPLETED")) {
                assertThat(p.get("node").asString()).matches(".+/\\d+");
            } else {
                // stopped while its request waited in the queue (a loaded machine): no node ran it yet
                assertThat(p.get("node").asString()).matches("(.+/\\d+)?");
            }
            assertThat(p.get("duration_seconds").isNumber()).isTrue();
            if (charged) {
                assertThat(p.get("attempts").asLong()).isEqualTo(1);
                assertThat(p.get("paid").asLong()).isEqualTo(1);
            } else {
                // The database is shared with the other classes of this context: a charge another class
                // left due may fall to another partition. Its figures are still its own.
                assertThat(p.get("paid").asLong())
                        .isBetween(0L, p.get("attempts").asLong());
            }
        }

        SANDBOX.faults().reset();
        Answer restarted = call("POST", "/api/executions/" + id + "/restart", "{\"reason\": \"after deploy\"}");
        assertThat(restarted.status()).as(restarted.body()).isEqualTo(202);
        long again = restarted.json().get("execution_id").asLong();
        assertThat(again).isNotEqualTo(id);
        assertThat(restarted.json().get("restarted_execution_id").asLong()).isEqualTo(id);
        await("the restart to complete", () -> status(again).equals("COMPLETED"));
        // Only the partitions that did not complete ran again.
        assertThat(call("GET", "/api/executions/" + again, null)
                        .json()
                        .get("partitions")
                        .valueStream()
                        .map(p -> p.get("partition").asString() + " "
                                + p.get("status").asString()))
                .containsExactlyInAnyOrderElementsOf(unfinished);
        assertError(call("POST", "/api/executions/" + id + "/restart", null), 409, "not_restartable");

        assertThat(SANDBOX.ledger().chargesFor(authNo)).hasSize(1);
        assertThat(audit("job_execution", Long.toString(id)))
                .containsExactly(
                        ACTOR + " RUN_JOB morning run",
                        ACTOR + " STOP_JOB_EXECUTION deploy",
                        ACTOR + " RESTART_JOB_EXECUTION after deploy");
    }

    @Test
    void outsideTheWindowTheDailyJobAndChargesNowAre409() {
        String externalId = subscription(grantedBinding());
        charge(externalId, "DUE", null);
        CLOCK.set(taipei("2026-12-01T21:00"));

        assertError(call("POST", "/api/jobs/daily-billing/runs", null), 409, "outside_window");
        assertError(call("POST", "/api/subscriptions/" + externalId + "/charge", null), 409, "outside_window");
        assertThat(jdbc.queryForObject(
                        "SELECT c.status FROM charge c JOIN subscription s ON s.id = c.subscription_id"
                                + " WHERE s.external_id = ?",
                        String.class,
                        externalId))
                .isEqualTo("DUE");
    }

    @Test
    void schedulesAreListedPausedAndResumedInQuartzAndAudited() {
        JsonNode list = call("GET", "/api/schedules", null).json();
        assertThat(list.valueStream()
                        .map(s ->
                                s.get("name").asString() + " " + s.get("state").asString()))
                .containsExactly("daily-test NORMAL", "nightly-test NORMAL", "off DISABLED");
        assertThat(list.get(0).get("cron").valueStream().map(JsonNode::asString))
                .containsExactly("0 5 8 1 1 ? 2099", "0 30 8 1 1 ? 2099");
        assertThat(list.get(1).get("next_fire_at").asString()).isEqualTo("2098-12-31T19:00:00Z");

        Answer paused = call("POST", "/api/schedules/daily-test/pause", "{\"reason\": \"bank holiday\"}");
        assertThat(paused.status()).as(paused.body()).isEqualTo(200);
        assertThat(paused.json().get("state").asString()).isEqualTo("PAUSED");
        assertThat(triggerStates("daily-test%")).containsOnly("PAUSED").hasSize(2);

        Answer resumed = call("POST", "/api/schedules/daily-test/resume", "{\"reason\": \"back to normal\"}");
        assertThat(resumed.json().get("state").asString()).isEqualTo("NORMAL");
        assertThat(triggerStates("daily-test%")).containsOnly("WAITING");
        assertThat(audit("schedule", "daily-test"))
                .containsExactly(ACTOR + " PAUSE_SCHEDULE bank holiday", ACTOR + " RESUME_SCHEDULE back to normal");

        assertError(call("POST", "/api/schedules/off/pause", null), 409, "disabled");
        assertError(call("POST", "/api/schedules/nope/resume", null), 404, "unknown_schedule");
        assertThat(triggerStates("off%")).isEmpty();
    }

    @Test
    void chargingOneSubscriptionNowGoesThroughTheEngineOnceAndIsAudited() {
        String authNo = grantedBinding();
        String externalId = subscription(authNo);
        long chargeId = charge(externalId, "DUE", null);

        Answer charged =
                call("POST", "/api/subscriptions/" + externalId + "/charge", "{\"reason\": \"customer asked\"}");

        assertThat(charged.status()).as(charged.body()).isEqualTo(200);
        assertThat(charged.json().get("id").asLong()).isEqualTo(chargeId);
        assertThat(charged.json().get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(charged.json().get("last_result_code").asString()).isEqualTo("000");
        assertThat(SANDBOX.ledger().chargesFor(authNo)).hasSize(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM charge_attempt WHERE charge_id = ?", Long.class, chargeId))
                .isEqualTo(1);
        assertThat(audit("charge", Long.toString(chargeId))).containsExactly(ACTOR + " CHARGE_NOW customer asked");

        assertError(call("POST", "/api/subscriptions/" + externalId + "/charge", null), 409, "nothing_due");
        assertError(call("POST", "/api/subscriptions/nobody/charge", null), 404, "unknown_subscription");
        assertThat(SANDBOX.ledger().chargesFor(authNo)).hasSize(1);
    }

    @Test
    void aChargeWaitingForItsRetryOrWhoseAuthNoIsBusyIsNotChargedNow() {
        String waiting = subscription(grantedBinding());
        charge(waiting, "RETRY_SCHEDULED", taipei("2026-12-04T10:00"));
        assertError(call("POST", "/api/subscriptions/" + waiting + "/charge", null), 409, "not_yet_due");

        String busyAuthNo = grantedBinding();
        String busy = subscription(busyAuthNo);
        charge(busy, "DUE", null);
        // Another node holds the auth_no's lease: its charge is in flight.
        jdbc.update(
                "UPDATE binding SET lock_owner = 'other-node', lock_until = NOW(6) + INTERVAL 1 HOUR WHERE auth_no = ?",
                busyAuthNo);
        assertError(call("POST", "/api/subscriptions/" + busy + "/charge", null), 409, "busy");
        assertThat(SANDBOX.ledger().chargesFor(busyAuthNo)).isEmpty();
    }

    @Test
    void aNeedsReviewChargeIsResolvedWithAReasonOnlyOnce() {
        String cancelMe = subscription(grantedBinding());
        long cancelId = charge(cancelMe, "NEEDS_REVIEW", null);
        String retryMe = subscription(grantedBinding());
        long retryId = charge(retryMe, "NEEDS_REVIEW", null);

        assertError(
                call("POST", "/api/charges/" + cancelId + "/resolve", "{\"outcome\": \"refund\", \"reason\": \"x\"}"),
                400,
                "bad_request");
        assertError(
                call("POST", "/api/charges/" + cancelId + "/resolve", "{\"outcome\": \"cancel\"}"), 400, "bad_request");
        assertError(call("POST", "/api/charges/" + cancelId + "/resolve", "cancel"), 400, "bad_request");
        assertError(
                call("POST", "/api/charges/999999/resolve", "{\"outcome\": \"cancel\", \"reason\": \"x\"}"),
                404,
                "unknown_charge");

        Answer cancelled = call(
                "POST",
                "/api/charges/" + cancelId + "/resolve",
                "{\"outcome\": \"cancel\", \"reason\": \"customer left\"}");
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asString()).isEqualTo("CANCELED");
        Answer retried = call(
                "POST",
                "/api/charges/" + retryId + "/resolve",
                "{\"outcome\": \"retry\", \"reason\": \"limit raised\"}");
        assertThat(retried.json().get("status").asString()).isEqualTo("DUE");
        assertThat(retried.json().get("next_attempt_at").isNull()).isTrue();

        assertError(
                call("POST", "/api/charges/" + cancelId + "/resolve", "{\"outcome\": \"retry\", \"reason\": \"x\"}"),
                409,
                "not_needs_review");
        assertThat(call("GET", "/api/charges/" + cancelId, null)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("CANCELED");
        assertError(call("GET", "/api/charges/999999", null), 404, "unknown_charge");
        assertThat(audit("charge", Long.toString(cancelId))).containsExactly(ACTOR + " RESOLVE_CHARGE customer left");
        assertThat(audit("charge", Long.toString(retryId))).containsExactly(ACTOR + " RESOLVE_CHARGE limit raised");
    }

    @Test
    void theBillingMetricsAreOnThePrometheusEndpoint() {
        String authNo = grantedBinding();
        String externalId = subscription(authNo);
        charge(externalId, "DUE", null);
        String deferred = subscription(grantedBinding());
        charge(deferred, "DUE", null);
        call("POST", "/api/subscriptions/" + externalId + "/charge", null);
        SANDBOX.faults()
                .resultCode(ResultCode.OUTSIDE_WINDOW, FaultTarget.everyCall().times(1));
        call("POST", "/api/subscriptions/" + deferred + "/charge", null);
        Answer nightly = call("POST", "/api/jobs/nightly-billing/runs", null);
        long id = nightly.json().get("execution_id").asLong();
        await("the nightly run", () -> status(id).equals("COMPLETED"));

        Answer metrics = call("GET", "/actuator/prometheus", null, null);

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("billing_charge_attempts_total{code=\"000\",outcome=\"SUCCEEDED\"}")
                .contains("billing_charge_attempts_total{code=\"306\",outcome=\"OUTSIDE_WINDOW\"}")
                .contains("billing_gateway_requests_seconds_bucket{endpoint=\"charge\"")
                .contains("billing_window_deferrals_total{reason=\"code_306\"}")
                .contains("billing_window_deferrals_total{reason=\"window_closed\"}")
                .contains("billing_lease_contention_total")
                .contains("billing_circuit_breaker_trips_total")
                .contains("billing_job_duration_seconds_count{job=\"nightly-billing\",status=\"COMPLETED\"}")
                .contains("billing_charges_due_backlog");
    }

    private String chargeStatus(long chargeId) {
        return jdbc.queryForObject("SELECT status FROM charge WHERE id = ?", String.class, chargeId);
    }

    private String status(long executionId) {
        return call("GET", "/api/executions/" + executionId, null)
                .json()
                .get("status")
                .asString();
    }

    private List<String> triggerStates(String namePattern) {
        return jdbc.queryForList(
                "SELECT TRIGGER_STATE FROM QRTZ_TRIGGERS WHERE TRIGGER_GROUP = 'billing-schedules' AND TRIGGER_NAME LIKE ?",
                String.class,
                namePattern);
    }

    private static void assertError(Answer answer, int status, String error) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.json().get("error").asString()).as(answer.body()).isEqualTo(error);
        assertThat(answer.json().get("message").asString()).isNotBlank();
    }

    @Test
    void theReportIsServedInEveryFormatAndBadParametersAre400() {
        Answer json = call("GET", "/api/reports?from=2026-11-29&to=2026-12-02", null, TOKEN);
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.json().get("summary").get("from").asString()).isEqualTo("2026-11-29");
        assertThat(json.json().get("by_day").size()).isEqualTo(4);

        Answer html = call("GET", "/api/reports?date=2026-12-01&format=html", null, TOKEN);
        assertThat(html.status()).isEqualTo(200);
        assertThat(html.header("Content-Type")).startsWith("text/html");

        Answer csv = call("GET", "/api/reports?date=2026-12-01&format=csv&section=summary", null, TOKEN);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");

        for (String bad : List.of(
                "/api/reports?date=2026-13-01",
                "/api/reports?from=2026-12-02&to=2026-12-01",
                "/api/reports?from=2026-12-01",
                "/api/reports?date=2026-12-01&format=pdf",
                "/api/reports?date=2026-12-01&section=nope")) {
            Answer answer = call("GET", bad, null, TOKEN);
            assertThat(answer.status()).as(bad).isEqualTo(400);
            assertThat(answer.json().get("message").asString()).as(bad).isNotBlank();
        }
    }
}
