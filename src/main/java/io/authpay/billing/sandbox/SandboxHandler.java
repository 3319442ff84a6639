package io.authpay.billing.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.authpay.billing.authpay.AuthPayEndpoint;
import io.authpay.billing.authpay.Digest;
import io.authpay.billing.authpay.ResultCode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The HTTP side of the six endpoints: authentication, parsing, scripted broken answers and latency,
 * the request log, writing the answer. What each endpoint does lives in its own class.
 */
final class SandboxHandler implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(SandboxHandler.class);

    private static final String JSON = "application/json;charset=UTF-8";
    private static final byte[] BAD_GATEWAY_PAGE = ("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n"
                    + "<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
                    + "</body>\r\n</html>\r\n")
            .getBytes(StandardCharsets.UTF_8);

    private final byte[] apiKey;
    private final Digest digest;
    private final Clock clock;
    private final Store store;
    private final SandboxFaults faults;
    private final SandboxLedger ledger;
    private final BindingEndpoints bindings;
    private final TransactionEndpoint transactions;
    private final RefundEndpoint refunds;
    private final InquiryEndpoint inquiries;
    private final ScheduledExecutorService withholder;

    SandboxHandler(
            String apiKey,
            Digest digest,
            Clock clock,
            Store store,
            SandboxFaults faults,
            SandboxLedger ledger,
            BindingEndpoints bindings,
            TransactionEndpoint transactions,
            RefundEndpoint refunds,
            InquiryEndpoint inquiries,
            ScheduledExecutorService withholder) {
        this.apiKey = apiKey.getBytes(StandardCharsets.UTF_8);
        this.digest = digest;
        this.clock = clock;
        this.store = store;
        this.faults = faults;
        this.ledger = ledger;
        this.bindings = bindings;
        this.transactions = transactions;
        this.refunds = refunds;
        this.inquiries = inquiries;
        this.withholder = withholder;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Instant arrival = clock.instant();
        Optional<AuthPayEndpoint> known =
                AuthPayEndpoint.forPath(exchange.getRequestURI().getPath());
        if (known.isEmpty()) {
            send(exchange, 404, "text/plain;charset=UTF-8", "Not Found".getBytes(StandardCharsets.UTF_8));
            return;
        }
        AuthPayEndpoint endpoint = known.get();
        if (!endpoint.method().equalsIgnoreCase(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", endpoint.method());
            send(exchange, 405, "text/plain;charset=UTF-8", "Method Not Allowed".getBytes(StandardCharsets.UTF_8));
            return;
        }
        try {
            answer(exchange, endpoint, arrival);
        } catch (IOException clientGone) {
            log.debug("AuthPay sandbox could not answer {} {}", endpoint.method(), endpoint.path(), clientGone);
            exchange.close();
        } catch (RuntimeException e) {
            log.warn("AuthPay sandbox failed on {} {}", endpoint.method(), endpoint.path(), e);
            exchange.close(); // nothing sensible can be sent once the answer may have started
        }
    }

    private void answer(HttpExchange exchange, AuthPayEndpoint endpoint, Instant arrival) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String query = exchange.getRequestURI().getQuery();
        boolean post = endpoint.method().equals("POST");
        JsonNode json = post ? parse(body) : Wire.JSON.createObjectNode();
        Map<String, String> parameters = post ? Map.of() : Call.parseQuery(query);
        Subject subject = subject(endpoint, json, parameters);

        byte[] signed = post ? body : (query == null ? "" : query).getBytes(StandardCharsets.UTF_8);
        String refusal = authenticate(exchange, signed);
        if (refusal != null) {
            reply(
                    exchange,
                    endpoint,
                    arrival,
                    subject,
                    Reply.of(Rejection.validation(refusal).envelope()));
            return;
        }
        if (json == null) {
            reply(
                    exchange,
                    endpoint,
                    arrival,
                    subject,
                    Reply.of(Rejection.badRequest().envelope()));
            return;
        }
        Optional<BrokenAnswer> proxyAnswer = faults.takeBrokenBeforeProcessing(endpoint, subject);
        if (proxyAnswer.isPresent()) {
            record(endpoint, arrival, subject, null, proxyAnswer.get().fault());
            sendBroken(exchange, proxyAnswer.get(), Envelope.of(ResultCode.INTERNAL_ERROR));
            return;
        }
        if (endpoint != AuthPayEndpoint.CHARGE) { // a charge sleeps while its auth_no is in flight
            TransactionEndpoint.sleep(faults.latencyFor(endpoint));
        }
        Call call = new Call(json, parameters, arrival, subject);
        Reply reply;
        try {
            reply = switch (endpoint) {
                case CREATE_BINDING -> bindings.limited(call);
                case CHARGE -> transactions.handle(call);
                case REFUND -> refunds.handle(call);
                case INQUIRY -> inquiries.handle(call);
                case DETAIL -> bindings.detail(call);
                case CANCEL -> bindings.cancel(call);
            };
        } catch (Rejection rejection) {
            reply = Reply.of(rejection.envelope());
        }
        reply(exchange, endpoint, arrival, subject, reply);
    }

    private void reply(HttpExchange exchange, AuthPayEndpoint endpoint, Instant arrival, Subject subject, Reply reply)
            throws IOException {
        Optional<BrokenAnswer> broken = faults.takeBrokenAfterProcessing(endpoint, subject);
        Fault fault = broken.map(BrokenAnswer::fault).orElse(reply.fault());
        record(endpoint, arrival, subject, reply.envelope().result(), fault);
        if (broken.isPresent()) {
            sendBroken(exchange, broken.get(), reply.envelope());
        } else if (reply.withheldFor() != null) {
            withhold(exchange, reply.withheldFor());
        } else {
            send(exchange, 200, JSON, reply.envelope().toJson());
        }
    }

    /**
     * Wrong credentials answer 201 and process nothing. JKoPay does not document this case; 201 makes a
     * wrong key or secret look like a configuration error, which the billing engine stops on.
     */
    private String authenticate(HttpExchange exchange, byte[] signed) {
        String key = exchange.getRequestHeaders().getFirst("api-key");
        if (key == null || !MessageDigest.isEqual(apiKey, key.getBytes(StandardCharsets.UTF_8))) {
            return "api-key is missing or unknown";
        }
        if (!digest.matches(signed, exchange.getRequestHeaders().getFirst("digest"))) {
            return "digest does not match the request";
        }
        return null;
    }

    /** The body as a JSON object, or null when it is not one. */
    private static JsonNode parse(byte[] body) {
        try {
            JsonNode node = Wire.JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (JacksonException notJson) {
            return null;
        }
    }

    private Subject subject(AuthPayEndpoint endpoint, JsonNode json, Map<String, String> parameters) {
        if (json == null) {
            return Subject.NONE;
        }
        return switch (endpoint) {
            case CHARGE -> new Subject(text(json, "auth_no"), listOf(text(json.path("order"), "platform_order_id")));
            case REFUND -> {
                String orderId = text(json, "platform_order_id");
                Order order = orderId == null ? null : store.paidOrder(orderId);
                yield new Subject(order == null ? null : order.charge.authNo(), listOf(orderId));
            }
            case INQUIRY -> {
                String ids = parameters.get("platform_order_ids");
                yield new Subject(null, ids == null ? List.of() : Arrays.asList(ids.split(",")));
            }
            case DETAIL -> new Subject(parameters.get("auth_no"), List.of());
            case CANCEL -> new Subject(text(json, "auth_no"), List.of());
            case CREATE_BINDING -> Subject.NONE;
        };
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value != null && value.isString() ? value.stringValue() : null;
    }

    private static List<String> listOf(String value) {
        return value == null ? List.of() : List.of(value);
    }

    private void record(AuthPayEndpoint endpoint, Instant arrival, Subject subject, String result, Fault fault) {
        ledger.recordRequest(new SandboxLedger.Request(
                endpoint, arrival, subject.authNo(), subject.platformOrderIds(), result, fault));
    }

    private void sendBroken(HttpExchange exchange, BrokenAnswer broken, Envelope wouldHaveBeen) throws IOException {
        switch (broken) {
            case HTML_502 -> send(exchange, 502, "text/html", BAD_GATEWAY_PAGE);
            case MALFORMED_JSON -> {
                byte[] whole = wouldHaveBeen.toJson();
                send(exchange, 200, JSON, Arrays.copyOf(whole, whole.length / 2));
            }
            case EMPTY_BODY -> send(exchange, 200, JSON, new byte[0]);
        }
    }

    /** Keeps the client waiting, then drops the connection without an answer. */
    private void withhold(HttpExchange exchange, Duration delay) {
        try {
            withholder.schedule(exchange::close, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            exchange.close();
        }
    }

    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
        exchange.close();
    }
}
