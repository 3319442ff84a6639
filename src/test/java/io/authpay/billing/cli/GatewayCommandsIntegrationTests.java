package io.authpay.billing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.authpay.AuthPayClient;
import io.authpay.billing.authpay.AuthPayClientConfig;
import io.authpay.billing.authpay.AuthPayEndpoint;
import io.authpay.billing.authpay.ChargeRequest;
import io.authpay.billing.sandbox.AuthPaySandbox;
import io.authpay.billing.sandbox.BrokenAnswer;
import io.authpay.billing.sandbox.FaultTarget;
import io.authpay.billing.sandbox.SandboxCyclePeriod;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;

/** The gateway commands end to end: command line → client → sandbox over HTTP → database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayCommandsIntegrationTests {

    static final String SECRET = "cli-test-secret-0123456789";

    // 10:00 in Taipei: inside the charging window whatever the real time is
    final Clock clock = Clock.fixed(Instant.parse("2026-12-01T02:00:00Z"), ZoneId.of("Asia/Taipei"));
    final AuthPaySandbox sandbox = AuthPaySandbox.builder()
            .secretKey(SECRET)
            .clock(clock)
            .autoGrant(true)
            .build();
    final CliRun cli = new CliRun();
    JdbcTemplate jdbc;
    AuthPayClient client;

    @BeforeAll
    void start() {
        sandbox.start();
        client = new AuthPayClient(
                AuthPayClientConfig.of(sandbox.baseUrl().toString(), sandbox.apiKey(), SECRET, sandbox.storeId()));
        assertThat(cli.run("subscriptions", "list").exitCode()).isZero(); // migrates the schema
        jdbc = cli.jdbc();
    }

    @AfterAll
    void stop() {
        client.close();
        sandbox.close();
    }

    CliRun.Result gateway(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--billing.authpay.base-url=" + sandbox.baseUrl());
        all.add("--billing.authpay.api-key=" + sandbox.apiKey());
        all.add("--billing.authpay.secret-key=" + SECRET);
        all.add("--billing.authpay.store-id=" + sandbox.storeId());
        CliRun.Result result = cli.run(all.toArray(String[]::new));
        assertThat(result.out() + result.err()).doesNotContain(SECRET);
        return result;
    }

    @Test
    void createThenDetailStoresTheBindingAsJkoPayReportsIt() {
        CliRun.Result created = gateway(
                "bindings",
                "create",
                "--name",
                "黃金方案",
                "--amount",
                "499",
                "--period",
                "month",
                "--times",
                "2",
                "--result-url",
                "http://127.0.0.1:9/callback");

        assertThat(created.exitCode()).as(created.err()).isZero();
        Matcher m = Pattern.compile("auth_no:\\s+(\\d+)").matcher(created.out());
        assertThat(m.find()).isTrue();
        String authNo = m.group(1);
        assertThat(jdbc.queryForMap(
                        "SELECT status, billing_amount, billing_times FROM binding WHERE auth_no = ?", authNo))
                .containsEntry("status", "UNGRANTED")
                .containsEntry("billing_amount", 499L)
                .containsEntry("billing_times", 2);

        CliRun.Result detail = gateway("bindings", "detail", authNo);

        assertThat(detail.exitCode()).as(detail.err()).isZero();
        assertThat(detail.out()).contains("granted");
        assertThat(jdbc.queryForObject("SELECT status FROM binding WHERE auth_no = ?", String.class, authNo))
                .isEqualTo("GRANTED");
    }

    @Test
    void badOptionsExitTwoBeforeAnythingIsSent() {
        int requestsBefore = sandbox.ledger().requests().size();

        CliRun.Result result = gateway(
                "bindings",
                "create",
                "--name",
                "x",
                "--amount",
                "499",
                "--period",
                "fortnight",
                "--result-url",
                "http://127.0.0.1:9/cb");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--period");
        assertThat(sandbox.ledger().requests()).hasSize(requestsBefore);
    }

    @Test
    void aWrongSecretIsReportedAndChangesNothing() {
        String authNo = sandbox.bindings().createGranted(300, SandboxCyclePeriod.MONTH, 1);
        List<String> args = new ArrayList<>(List.of("bindings", "detail", authNo));
        args.add("--billing.authpay.base-url=" + sandbox.baseUrl());
        args.add("--billing.authpay.api-key=" + sandbox.apiKey());
        args.add("--billing.authpay.secret-key=not-the-secret");
        args.add("--billing.authpay.store-id=" + sandbox.storeId());

        CliRun.Result result = cli.run(args.toArray(String[]::new));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("201").contains("Validation error");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM binding WHERE auth_no = ?", Integer.class, authNo))
                .isZero();
    }

    @Test
    void aMissingSettingIsNamed() {
        CliRun.Result result = cli.run("bindings", "detail", "123");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("billing.authpay.base-url is not set");
    }

    @Test
    void cancelStoresTheCancellationAuditsItAndASecondCancelIsHarmless() {
        String authNo = sandbox.bindings().createGranted(300, SandboxCyclePeriod.MONTH, 1);

        CliRun.Result first = gateway("bindings", "cancel", authNo, "--reason", "customer asked");
        CliRun.Result second = gateway("bindings", "cancel", authNo);

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains("already cancelled");
        assertThat(sandbox.bindings().find(authNo).orElseThrow().status().name())
                .isEqualTo("CANCELLED");
        assertThat(jdbc.queryForObject("SELECT status FROM binding WHERE auth_no = ?", String.class, authNo))
                .isEqualTo("CANCELLED");
        assertThat(jdbc.queryForObject(
                        "SELECT reason FROM audit_event WHERE action = 'CANCEL_BINDING' AND target_id = ?"
                                + " ORDER BY id LIMIT 1",
                        String.class,
                        authNo))
                .isEqualTo("customer asked");
    }

    @Test
    void inquiryShowsPaidAndUnknownOrders() {
        String authNo = sandbox.bindings().createGranted(250, SandboxCyclePeriod.MONTH, 1);
        assertThat(client.charge(new ChargeRequest(authNo, "cli-inq-1", "Inquiry plan", 250))
                        .succeeded())
                .isTrue();

        CliRun.Result result = gateway("inquiry", "cli-inq-1", "cli-inq-nope", "--format", "json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("\"platform_order_id\" : \"cli-inq-1\"")
                .contains("\"meaning\" : \"SUCCESS\"")
                .contains("\"meaning\" : \"NO_SUCH_ORDER\"");
    }

    @Test
    void refundRefundsOnceRefusesTooMuchAndAsksAgainWithTheSameIdAfterALostAnswer() {
        String authNo = sandbox.bindings().createGranted(600, SandboxCyclePeriod.MONTH, 1);
        String order = "cli-refund-1";
        assertThat(client.charge(new ChargeRequest(authNo, order, "Refund plan", 600))
                        .succeeded())
                .isTrue();
        recordPaidCharge(authNo, order, 600);

        CliRun.Result tooMuch = gateway("refund", order, "--amount", "601");
        assertThat(tooMuch.exitCode()).isEqualTo(2);
        assertThat(tooMuch.err()).contains("only 600 TWD");

        CliRun.Result unknownOrder = gateway("refund", "cli-no-such-order", "--amount", "1");
        assertThat(unknownOrder.exitCode()).isEqualTo(2);
        assertThat(unknownOrder.err()).contains("no paid charge");

        // An operator chose the id the program used to generate next: a generated id never collides with it.
        CliRun.Result chosen = gateway("refund", order, "--amount", "50", "--refund-order-id", order + "-r2");
        assertThat(chosen.exitCode()).as(chosen.err()).isZero();
        CliRun.Result first = gateway("refund", order, "--amount", "100");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("refunded 100 TWD").containsPattern(order + "-r[0-9a-z]{8}");

        // The same id with another amount: a clear refusal (exit 2), nothing sent, nothing changed.
        int refundCalls = sandbox.ledger().requests(AuthPayEndpoint.REFUND).size();
        CliRun.Result reused = gateway("refund", order, "--amount", "70", "--refund-order-id", order + "-r2");
        assertThat(reused.exitCode()).isEqualTo(2);
        assertThat(reused.err())
                .contains("refund_order_id " + order + "-r2 is already the refund of 50 TWD")
                .doesNotContain("Duplicate")
                .doesNotContain("Exception");
        assertThat(sandbox.ledger().requests(AuthPayEndpoint.REFUND)).hasSize(refundCalls);

        // JKoPay refunds, but its answer is lost: UNKNOWN, then settled by inquiry of the order's refund
        // history, without sending the refund again.
        sandbox.faults().brokenAnswer(AuthPayEndpoint.REFUND, BrokenAnswer.HTML_502, FaultTarget.everyCall());
        CliRun.Result lost = gateway("refund", order, "--amount", "200");
        sandbox.faults().reset();
        assertThat(lost.exitCode()).isEqualTo(1);
        java.util.regex.Matcher lostId =
                java.util.regex.Pattern.compile("--refund-order-id (\\S+)").matcher(lost.err());
        assertThat(lostId.find()).as(lost.err()).isTrue();
        String lostRefund = lostId.group(1);
        assertThat(jdbc.queryForObject("SELECT status FROM refund WHERE refund_order_id = ?", String.class, lostRefund))
                .isEqualTo("UNKNOWN");
        int callsBefore = sandbox.ledger().requests(AuthPayEndpoint.REFUND).size();

        CliRun.Result again = gateway("refund", order, "--amount", "200", "--refund-order-id", lostRefund);
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(sandbox.ledger().requests(AuthPayEndpoint.REFUND))
                .as("settled by inquiry, not sent again")
                .hasSize(callsBefore);

        long refunded = sandbox.ledger().refundsFor(order).stream()
                .mapToLong(r -> r.amount())
                .sum();
        assertThat(refunded).isEqualTo(350);
        assertThat(jdbc.queryForList(
                        "SELECT status FROM refund WHERE platform_order_id = ? ORDER BY id", String.class, order))
                .containsExactly("SUCCEEDED", "SUCCEEDED", "SUCCEEDED");
        assertThat(jdbc.queryForObject(
                        "SELECT refund_trade_no FROM refund WHERE refund_order_id = ?", String.class, lostRefund))
                .isNotBlank();
    }

    /** What the billing engine writes for a paid charge. */
    private void recordPaidCharge(String authNo, String platformOrderId, long amount) {
        jdbc.update("INSERT IGNORE INTO binding (auth_no, created_at, updated_at) VALUES (?, NOW(6), NOW(6))", authNo);
        jdbc.update(
                "INSERT INTO subscription (external_id, auth_no, amount, period, anchor_date, next_billing_date,"
                        + " trade_name, created_at, updated_at) VALUES (?, ?, ?, 'MONTH', '2026-12-01', '2027-01-01',"
                        + " 'Refund plan', NOW(6), NOW(6))",
                "sub-" + platformOrderId,
                authNo,
                amount);
        Long subscription = jdbc.queryForObject(
                "SELECT id FROM subscription WHERE external_id = ?", Long.class, "sub-" + platformOrderId);
        jdbc.update(
                "INSERT INTO charge (subscription_id, period_key, billing_date, auth_no, amount, trade_name, status,"
                        + " attempts, created_at, updated_at) VALUES (?, '2026-12', '2026-12-01', ?, ?, 'Refund plan',"
                        + " 'SUCCEEDED', 1, NOW(6), NOW(6))",
                subscription,
                authNo,
                amount);
        Long charge = jdbc.queryForObject("SELECT id FROM charge WHERE subscription_id = ?", Long.class, subscription);
        jdbc.update(
                "INSERT INTO charge_attempt (charge_id, attempt_no, platform_order_id, auth_no, amount, outcome,"
                        + " result_code, final_price, requested_at) VALUES (?, 1, ?, ?, ?, 'SUCCEEDED', '000', ?,"
                        + " '2026-12-01 02:00:00')",
                charge,
                platformOrderId,
                authNo,
                amount,
                amount);
    }
}
