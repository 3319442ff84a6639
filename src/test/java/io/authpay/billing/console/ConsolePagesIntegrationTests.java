package io.authpay.billing.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.testing.ServeIntegrationTest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every console page, in both languages, and the actions of Schedules and Refund, over HTTP. */
class ConsolePagesIntegrationTests extends ServeIntegrationTest {

    private ConsoleSession browser;

    @BeforeEach
    void signedIn() {
        CLOCK.set(taipei("2026-12-01T10:00"));
        SANDBOX.faults().reset();
        browser = new ConsoleSession(port);
        browser.signIn(OPERATOR, OPERATOR_PASSWORD);
    }

    @Test
    void everyPageIsShownInEnglishAndInTraditionalChineseFromAcceptLanguage() {
        String externalId = subscription(grantedBinding());
        long chargeId = charge(externalId, "DUE", null);
        Map<String, String[]> pages = Map.of(
                "/",
                new String[] {"Today, 2026-12-01", "今日,2026-12-01"},
                "/runs",
                new String[] {"Run a job now", "立即執行工作"},
                "/charges",
                new String[] {"Needs review", "待審核"},
                "/charges/" + chargeId,
                new String[] {"Charge " + chargeId, "扣款 " + chargeId},
                "/subscriptions?q=" + externalId,
                new String[] {externalId, externalId},
                "/subscriptions/" + externalId,
                new String[] {"Subscription " + externalId, "訂閱 " + externalId},
                "/schedules",
                new String[] {"nightly-test", "下次觸發"},
                "/reports",
                new String[] {"Download CSV", "下載 CSV"},
                "/audit",
                new String[] {"Operator", "操作員"});
        pages.forEach((path, texts) -> {
            HttpResponse<String> english = browser.get(path, "Accept-Language", "en-US,en;q=0.9");
            HttpResponse<String> chinese = browser.get(path, "Accept-Language", "zh-TW,zh;q=0.9");
            assertThat(english.statusCode()).as(path).isEqualTo(200);
            assertThat(chinese.statusCode()).as(path).isEqualTo(200);
            assertThat(english.body()).as(path).contains(texts[0]);
            assertThat(chinese.body()).as(path).contains(texts[1]);
        });
        assertThat(browser.get("/subscriptions/" + externalId).body()).contains("499 TWD", "Gold plan");
    }

    @Test
    void aScheduleIsPausedAndResumedWithAReasonAndTheAuditLogNamesTheOperator() {
        String token = ConsoleSession.csrf(browser.get("/schedules"));
        HttpResponse<String> noReason =
                browser.post("/schedules/nightly-test/pause", Map.of("reason", " ", "_csrf", token));
        assertThat(noReason.statusCode()).isEqualTo(302);
        assertThat(browser.get("/schedules").body()).contains("Give a reason");
        assertThat(audit("schedule", "nightly-test")).isEmpty();

        browser.post("/schedules/nightly-test/pause", Map.of("reason", "bank holiday", "_csrf", token));
        assertThat(browser.get("/schedules").body()).contains("Schedule nightly-test is paused on every node.");
        assertThat(browser.get("/").body()).contains("Schedule nightly-test is paused");
        browser.post("/schedules/nightly-test/resume", Map.of("reason", "back to normal", "_csrf", token));

        assertThat(audit("schedule", "nightly-test"))
                .containsExactly(
                        OPERATOR + " PAUSE_SCHEDULE bank holiday", OPERATOR + " RESUME_SCHEDULE back to normal");
        assertThat(browser.get("/audit?actor=" + OPERATOR).body()).contains("bank holiday", "back to normal");
    }

    @Test
    void aSubscriptionIsPausedAndResumedWithAReasonThroughTheServiceTheApiUsesAndARefusalSaysWhy() {
        String externalId = subscription(grantedBinding());
        String page = "/subscriptions/" + externalId;
        HttpResponse<String> shown = browser.get(page);
        assertThat(shown.body()).contains("action=\"" + page + "/pause\"", "Pause (no charge until resumed)");
        String token = ConsoleSession.csrf(shown);

        HttpResponse<String> noReason = browser.post(page + "/pause", Map.of("reason", " ", "_csrf", token));
        assertThat(noReason.statusCode()).isEqualTo(302);
        assertThat(noReason.headers().firstValue("Location").orElseThrow()).endsWith(page);
        assertThat(browser.get(page).body()).contains("Give a reason");
        assertThat(subscriptionStatus(externalId)).isEqualTo("ACTIVE");

        browser.post(page + "/pause", Map.of("reason", "customer on holiday", "_csrf", token));
        assertThat(subscriptionStatus(externalId)).isEqualTo("PAUSED");
        String paused = browser.get(page).body();
        assertThat(paused)
                .contains("Subscription " + externalId + " is paused: nothing is charged until it is resumed.")
                .contains("action=\"" + page + "/resume\"")
                .doesNotContain("action=\"" + page + "/pause\"");
        assertThat(browser.get(page, "Accept-Language", "zh-TW").body()).contains(">恢復</button>");

        // A second pause (another operator's stale page) is refused by the service, saying why; nothing changes.
        browser.post(page + "/pause", Map.of("reason", "again", "_csrf", token));
        assertThat(browser.get(page).body())
                .contains("Refused: only an active or past-due subscription can be paused.", "is PAUSED");
        browser.post(page + "/pause", Map.of("reason", "again", "_csrf", token), "Accept-Language", "zh-TW");
        assertThat(browser.get(page, "Accept-Language", "zh-TW").body()).contains("已拒絕: 只有有效或逾期的訂閱可以暫停。");

        browser.post(page + "/resume", Map.of("reason", "back from holiday", "_csrf", token));
        assertThat(subscriptionStatus(externalId)).isEqualTo("ACTIVE");
        assertThat(browser.get(page).body()).contains("Subscription " + externalId + " is resumed.");

        // The rows the API's and the command line's pause and resume write, with the operator's name and reason.
        assertThat(audit("SUBSCRIPTION", externalId))
                .containsExactly(
                        OPERATOR + " PAUSE_SUBSCRIPTION customer on holiday",
                        OPERATOR + " RESUME_SUBSCRIPTION back from holiday");
        assertThat(jdbc.queryForList(
                        "SELECT details FROM audit_event WHERE target_type = 'SUBSCRIPTION' AND target_id = ? ORDER BY id",
                        String.class,
                        externalId))
                .containsExactly("ACTIVE -> PAUSED", "PAUSED -> ACTIVE");
        assertThat(call("POST", "/api/subscriptions/" + externalId + "/pause", null)
                        .status())
                .isEqualTo(200);
        assertThat(audit("SUBSCRIPTION", externalId)).last().isEqualTo(ACTOR + " PAUSE_SUBSCRIPTION -");
    }

    @Test
    void aPaidChargeIsRefundedInPartThroughTheRefundServiceAndShowsWhatIsLeft() {
        String authNo = grantedBinding();
        String externalId = subscription(authNo);
        long chargeId = charge(externalId, "DUE", null);
        String token = ConsoleSession.csrf(browser.get("/"));
        assertThat(call("POST", "/api/subscriptions/" + externalId + "/charge", null)
                        .status())
                .isEqualTo(200);
        assertThat(browser.get("/charges/" + chargeId).body()).contains("499 TWD left to refund");

        browser.post("/charges/" + chargeId + "/refund", Map.of("amount", "600", "reason", "too much", "_csrf", token));
        assertThat(browser.get("/charges/" + chargeId).body()).contains("Refused:", "only 499 TWD");
        browser.post(
                "/charges/" + chargeId + "/refund", Map.of("amount", "199", "reason", "one week free", "_csrf", token));

        String page = browser.get("/charges/" + chargeId).body();
        assertThat(page).contains("Refunded 199 TWD.", "300 TWD left to refund (499 TWD paid, 199 TWD refunded");
        assertThat(SANDBOX.ledger().chargesFor(authNo)).hasSize(1);
        assertThat(jdbc.queryForList(
                        "SELECT CONCAT(actor, ' ', action, ' ', reason) FROM audit_event WHERE action = 'REFUND'"
                                + " AND target_id = (SELECT platform_order_id FROM charge_attempt WHERE charge_id = ?)",
                        String.class,
                        chargeId))
                .containsExactly(OPERATOR + " REFUND one week free");

        HttpResponse<String> asked = browser.post("/charges/" + chargeId + "/inquiry", Map.of("_csrf", token));
        assertThat(asked.statusCode()).isEqualTo(200);
        assertThat(asked.body()).contains("id=\"inquiry\"", "0 SUCCESS");
    }

    @Test
    void prometheusSeesHowManyChargesWaitForAnOperator() {
        charge(subscription(grantedBinding()), "NEEDS_REVIEW", null);
        long queued = jdbc.queryForObject("SELECT COUNT(*) FROM charge WHERE status = 'NEEDS_REVIEW'", Long.class);

        // The gauge counts at most every 5 s.
        await(
                "the gauge to count the queue",
                () -> call("GET", "/actuator/prometheus", null, null)
                        .body()
                        .lines()
                        .anyMatch(line -> line.startsWith("billing_charges_needs_review ")
                                && Double.parseDouble(line.substring(line.indexOf(' ') + 1)) == queued));
    }

    @Test
    void theReportIsShownInAFrameAndDownloadedAsCsvAndJson() {
        HttpResponse<String> html = browser.get("/reports/file?from=2026-12-01&to=2026-12-01&format=html");
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("X-Frame-Options")).contains("SAMEORIGIN");
        assertThat(html.body()).contains("<svg");
        HttpResponse<String> csv = browser.get("/reports/file?from=2026-12-01&to=2026-12-02&format=csv");
        assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow())
                .contains("attachment", "billing-report-2026-12-01-2026-12-02.csv");
        HttpResponse<String> json = browser.get("/reports/file?from=2026-12-01&to=2026-12-01&format=json");
        assertThat(json.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(browser.get("/reports/file?from=yesterday&to=2026-12-01").statusCode())
                .isEqualTo(400);
        assertThat(List.of(browser.get("/reports?from=2026-13-01").body()))
                .allSatisfy(b -> assertThat(b).contains("Not a range of days"));
    }

    private String subscriptionStatus(String externalId) {
        return jdbc.queryForObject("SELECT status FROM subscription WHERE external_id = ?", String.class, externalId);
    }
}
