package io.authpay.billing.authpay;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The client against small servers on 127.0.0.1: what goes out, and what comes back when things break. */
class AuthPayClientTests {

    private static final String API_KEY = "api-key-0123456789";
    private static final String SECRET = "test-secret-never-shown";
    private static final Digest DIGEST = new Digest(SECRET);

    @Test
    void chargeSendsExactlyTheBytesItSignedIncludingAChineseTradeName() throws IOException {
        try (RecordingGateway gateway = new RecordingGateway(
                        request -> RecordingGateway.Reply.json(AuthPayResponseTranslatorTests.CHARGE_SUCCESS_STRINGS));
                AuthPayClient client = client(gateway.baseUrl())) {

            GatewayResult<Transaction> result =
                    client.charge(new ChargeRequest("650660555924205568", "sub-42-2026-12-a1", "金卡會員 十二月", 499));

            assertThat(result.succeeded()).isTrue();
            assertThat(result.successValue().orElseThrow().tradeNo()).isEqualTo("J000384112110270000E");
            RecordingGateway.Received received = gateway.received().get(0);
            assertThat(received.method()).isEqualTo("POST");
            assertThat(received.path()).isEqualTo("/platform/authpay/transaction");
            assertThat(received.apiKey()).isEqualTo(API_KEY);
            assertThat(received.contentType()).isEqualTo("application/json");
            // The server recomputes the digest over what it actually received.
            assertThat(DIGEST.matches(received.body(), received.digest())).isTrue();
            assertThat(received.body())
                    .isEqualTo(RequestBodies.charge(
                            new ChargeRequest("650660555924205568", "sub-42-2026-12-a1", "金卡會員 十二月", 499)));
            JsonNode order =
                    JsonMapper.builder().build().readTree(received.body()).get("order");
            assertThat(order.get("trade_name").stringValue()).isEqualTo("金卡會員 十二月");
            assertThat(order.get("final_price").longValue()).isEqualTo(499L);
        }
    }

    @Test
    void inquiryOfFortyFiveIdsGoesOutInThreeSignedBatchesAndIsMerged() throws IOException {
        try (RecordingGateway gateway = new RecordingGateway(AuthPayClientTests::notPaidForEveryQueriedId);
                AuthPayClient client = client(gateway.baseUrl())) {
            List<String> ids =
                    IntStream.rangeClosed(1, 45).mapToObj(i -> "order-" + i).toList();

            GatewayResult<List<InquiryItem>> result = client.inquiry(ids);

            assertThat(gateway.received()).hasSize(3);
            List<Integer> batchSizes = new ArrayList<>();
            for (RecordingGateway.Received received : gateway.received()) {
                assertThat(received.method()).isEqualTo("GET");
                assertThat(received.path()).isEqualTo("/platform/authpay/inquiry");
                assertThat(received.rawQuery())
                        .startsWith("platform_order_ids=")
                        .doesNotContain("%2C");
                assertThat(received.digest()).isEqualTo(DIGEST.sign(received.rawQuery()));
                assertThat(received.apiKey()).isEqualTo(API_KEY);
                batchSizes.add(queriedIds(received).size());
            }
            assertThat(batchSizes).containsExactly(20, 20, 5);
            assertThat(result.succeeded()).isTrue();
            assertThat(result.successValue().orElseThrow())
                    .extracting(InquiryItem::platformOrderId)
                    .containsExactlyElementsOf(ids);
        }
    }

    @Test
    void inquiryStopsAtTheFirstBatchThatFails() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        try (RecordingGateway gateway = new RecordingGateway(request -> calls.incrementAndGet() == 2
                        ? new RecordingGateway.Reply(503, "<html>Service Unavailable</html>")
                        : notPaidForEveryQueriedId(request));
                AuthPayClient client = client(gateway.baseUrl())) {

            GatewayResult<List<InquiryItem>> result = client.inquiry(
                    IntStream.rangeClosed(1, 45).mapToObj(i -> "o" + i).toList());

            assertThat(result).isInstanceOfSatisfying(GatewayResult.Unknown.class, unknown -> {
                assertThat(unknown.reason()).isEqualTo(UnknownReason.HTTP_ERROR);
                assertThat(unknown.httpStatus()).isEqualTo(503);
            });
            assertThat(gateway.received()).hasSize(2);
        }
    }

    @Test
    void detailSignsTheRawQueryAndCancelSignsItsBody() throws IOException {
        try (RecordingGateway gateway = new RecordingGateway(request -> RecordingGateway.Reply.json(
                        request.method().equals("GET")
                                ? "{\"result\":\"000\",\"result_object\":{\"authpay\":{\"auth_no\":\"955886860685246464\",\"status\":\"granted\"}}}"
                                : "{\"result\":\"302\",\"message\":\"Canceled auth_no\",\"result_object\":null}"));
                AuthPayClient client = client(gateway.baseUrl())) {

            GatewayResult<BindingDetail> detail = client.detail("955886860685246464");
            GatewayResult<Void> cancel = client.cancel("955886860685246464");

            assertThat(detail.successValue().orElseThrow().status()).isEqualTo(BindingStatus.GRANTED);
            assertThat(cancel.outcomeClass()).isEqualTo(OutcomeClass.AUTH_REVOKED);
            RecordingGateway.Received get = gateway.received().get(0);
            RecordingGateway.Received post = gateway.received().get(1);
            assertThat(get.rawQuery()).isEqualTo("auth_no=955886860685246464");
            assertThat(get.digest()).isEqualTo(DIGEST.sign("auth_no=955886860685246464"));
            assertThat(post.path()).isEqualTo("/platform/authpay/cancel");
            assertThat(post.bodyText()).isEqualTo("{\"auth_no\":\"955886860685246464\"}");
            assertThat(DIGEST.matches(post.body(), post.digest())).isTrue();
        }
    }

    @Test
    void createBindingAndRefundReachTheirEndpoints() throws IOException {
        try (RecordingGateway gateway = new RecordingGateway(request -> RecordingGateway.Reply.json(
                        request.path().endsWith("/limited")
                                ? "{\"result\":\"000\",\"result_object\":{\"auth_no\":\"650660555924205568\",\"authpay_url\":\"https://pay/x\"}}"
                                : "{\"result\":\"113\",\"message\":null,\"result_object\":null}"));
                AuthPayClient client = client(gateway.baseUrl())) {

            GatewayResult<BindingLink> link = client.createBinding(new CreateBindingRequest(
                    "月費方案", "sub-42", 499, BillingPeriod.MONTH, 1, "https://m.example/cb", "https://m.example/done"));
            GatewayResult<RefundReceipt> refund = client.refund(new RefundRequest("sub-42-2026-12-a1", "r-1", 600));

            assertThat(link.successValue().orElseThrow().authNo()).isEqualTo("650660555924205568");
            assertThat(refund.outcomeClass()).isEqualTo(OutcomeClass.REFUND_REJECTED);
            assertThat(gateway.received())
                    .extracting(RecordingGateway.Received::path)
                    .containsExactly("/platform/authpay/limited", "/platform/authpay/refund");
            assertThat(gateway.received().get(0).bodyText())
                    .contains("\"store_id\":\"store-1\"")
                    .contains("月費方案");
            assertThat(gateway.received())
                    .allSatisfy(r ->
                            assertThat(DIGEST.matches(r.body(), r.digest())).isTrue());
        }
    }

    @Test
    void slowGatewayGivesATimeoutUnknownNotAnException() throws IOException {
        try (RecordingGateway gateway = new RecordingGateway(request -> {
                    sleep(Duration.ofSeconds(3));
                    return RecordingGateway.Reply.json("{\"result\":\"000\"}");
                });
                AuthPayClient client = new AuthPayClient(
                        config(gateway.baseUrl()).withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300)))) {

            GatewayResult<Transaction> result = client.charge(new ChargeRequest("1", "o-1", "t", 10));

            assertThat(result).isInstanceOfSatisfying(GatewayResult.Unknown.class, unknown -> {
                assertThat(unknown.reason()).isEqualTo(UnknownReason.TIMEOUT);
                assertThat(unknown.reason().requestSent()).isTrue();
                assertThat(unknown.latency()).isLessThan(Duration.ofSeconds(2));
            });
            assertThat(result.outcomeClass()).isEqualTo(OutcomeClass.UNKNOWN);
            assertThat(gateway.received()).hasSize(1);
        }
    }

    @Test
    void closedPortGivesConnectionRefusedAndNothingSent() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        try (AuthPayClient client = client("http://127.0.0.1:" + port)) {

            GatewayResult<Transaction> result = client.charge(new ChargeRequest("1", "o-1", "t", 10));

            assertThat(result).isInstanceOfSatisfying(GatewayResult.Unknown.class, unknown -> {
                assertThat(unknown.reason()).isEqualTo(UnknownReason.CONNECTION_REFUSED);
                assertThat(unknown.reason().requestSent()).isFalse();
            });
            assertThat(result.describe()).contains("nothing was sent");
        }
    }

    @Test
    void droppedConnectionIsUnknownAndNeverRetriedEvenForAGet() throws Exception {
        try (DroppingServer server = new DroppingServer();
                AuthPayClient client = client(server.baseUrl())) {

            GatewayResult<BindingDetail> detail = client.detail("955886860685246464");
            GatewayResult<Transaction> charge = client.charge(new ChargeRequest("1", "o-1", "t", 10));

            assertThat(detail)
                    .isInstanceOfSatisfying(
                            GatewayResult.Unknown.class,
                            unknown -> assertThat(unknown.reason()).isEqualTo(UnknownReason.CONNECTION_RESET));
            assertThat(charge)
                    .isInstanceOfSatisfying(
                            GatewayResult.Unknown.class,
                            unknown -> assertThat(unknown.reason()).isEqualTo(UnknownReason.CONNECTION_RESET));
            // A retrying client would have opened a second connection per call.
            assertThat(server.connections.get()).isEqualTo(2);
        }
    }

    @Test
    void badGatewayPageFromARealServerIsAnHttpError() throws IOException {
        try (RecordingGateway gateway = new RecordingGateway(
                        request -> new RecordingGateway.Reply(502, "<html><title>502 Bad Gateway</title></html>"));
                AuthPayClient client = client(gateway.baseUrl())) {

            GatewayResult<Transaction> result = client.charge(new ChargeRequest("1", "o-1", "t", 10));

            assertThat(result).isInstanceOfSatisfying(GatewayResult.Unknown.class, unknown -> {
                assertThat(unknown.reason()).isEqualTo(UnknownReason.HTTP_ERROR);
                assertThat(unknown.httpStatus()).isEqualTo(502);
            });
        }
    }

    @Test
    void oneDebugLinePerCallWithoutSecretDigestOrApiKey() throws IOException {
        Logger logger = (Logger) LoggerFactory.getLogger(AuthPayClient.class);
        Level previous = logger.getLevel();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.DEBUG);
        try (RecordingGateway gateway = new RecordingGateway(
                        request -> RecordingGateway.Reply.json("{\"result\":\"307\",\"message\":null}"));
                AuthPayClient client = client(gateway.baseUrl())) {

            client.charge(new ChargeRequest("650660555924205568", "sub-42-a1", "t", 10));

            assertThat(appender.list).hasSize(1);
            String line = appender.list.get(0).getFormattedMessage();
            assertThat(line)
                    .contains("CHARGE")
                    .contains("sub-42-a1")
                    .contains("307")
                    .doesNotContain(SECRET)
                    .doesNotContain(API_KEY)
                    .doesNotContain(gateway.received().get(0).digest());
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(previous);
        }
    }

    private static RecordingGateway.Reply notPaidForEveryQueriedId(RecordingGateway.Received request) {
        String items = queriedIds(request).stream()
                .map(id -> "{\"platform_order_id\":\"" + id + "\",\"status\":101}")
                .collect(Collectors.joining(","));
        return RecordingGateway.Reply.json(
                "{\"result\":\"000\",\"message\":null,\"result_object\":{\"transactions\":[" + items + "]}}");
    }

    private static List<String> queriedIds(RecordingGateway.Received request) {
        return Arrays.asList(
                request.rawQuery().substring("platform_order_ids=".length()).split(","));
    }

    private static AuthPayClientConfig config(String baseUrl) {
        return AuthPayClientConfig.of(baseUrl, API_KEY, SECRET, "store-1")
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    private static AuthPayClient client(String baseUrl) {
        return new AuthPayClient(config(baseUrl));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Accepts a connection, reads the request head, and closes without answering. */
    private static final class DroppingServer implements AutoCloseable {
        final AtomicInteger connections = new AtomicInteger();
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final Thread thread = new Thread(this::serve, "dropping-server");

        DroppingServer() throws IOException {
            thread.setDaemon(true);
            thread.start();
        }

        String baseUrl() {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket connection = socket.accept()) {
                    connections.incrementAndGet();
                    readHead(connection.getInputStream());
                } catch (IOException e) {
                    // closed: the test is over
                }
            }
        }

        private static void readHead(InputStream in) throws IOException {
            int matched = 0;
            byte[] end = {'\r', '\n', '\r', '\n'};
            int b;
            while (matched < 4 && (b = in.read()) != -1) {
                matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
