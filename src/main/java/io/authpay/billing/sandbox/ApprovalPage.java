package io.authpay.billing.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * What {@code authpay_url} and {@code qr_img} point at: a page where a person plays the JKoPay user and
 * approves the binding, so the sandbox can be driven by hand without {@code autoGrant}. Not part of the
 * protocol: unsigned, like the real approval page in the user's browser.
 */
final class ApprovalPage implements HttpHandler {

    static final String PREFIX = "/web/authpay/";

    private final Store store;
    private final SandboxBindings bindings;
    private final Clock clock;

    ApprovalPage(Store store, SandboxBindings bindings, Clock clock) {
        this.store = store;
        this.bindings = bindings;
        this.clock = clock;
    }

    static String url(URI baseUrl, String authNo) {
        return baseUrl + PREFIX + "url?j=" + authNo;
    }

    /** In production a QR image; the sandbox serves the same approval page. */
    static String qrUrl(URI baseUrl, String authNo) {
        return baseUrl + PREFIX + "qr?j=" + authNo;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getPath();
        String authNo = Call.parseQuery(exchange.getRequestURI().getQuery()).get("j");
        SandboxBinding binding = authNo == null ? null : store.binding(authNo);
        if (binding == null || !(path.equals(PREFIX + "url") || path.equals(PREFIX + "qr"))) {
            page(exchange, 404, "No such binding", "This link does not belong to a binding of this sandbox.");
            return;
        }
        boolean expired = clock.instant().isAfter(binding.qrTimeout());
        if (exchange.getRequestMethod().equals("POST")) {
            if (binding.status() == SandboxBindingStatus.UNGRANTED && !expired) {
                bindings.grant(authNo);
            }
            binding = store.binding(authNo);
        }
        switch (binding.status()) {
            case GRANTED -> page(exchange, 200, "Approved", "Binding " + authNo + " is granted.");
            case CANCELLED -> page(exchange, 409, "Cancelled", "Binding " + authNo + " is cancelled.");
            case UNGRANTED -> {
                if (expired) {
                    page(exchange, 410, "Expired", "This approval link has expired.");
                } else {
                    page(exchange, 200, "Approve " + binding.authpayName(), approvalForm(binding));
                }
            }
        }
    }

    private static String approvalForm(SandboxBinding binding) {
        SandboxBillingCycle cycle = binding.billingCycle();
        String every = cycle == null
                ? ""
                : ", up to " + cycle.times() + " times a " + cycle.period().wireName();
        return "<p>Pay " + binding.billingAmount() + " " + binding.billingCurrency() + every + ".</p>"
                + "<form method=\"post\"><button type=\"submit\">Approve</button></form>";
    }

    private static void page(HttpExchange exchange, int status, String title, String html) throws IOException {
        String page = "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title></head><body><h1>JKoPay AuthPay sandbox: " + escape(title) + "</h1>" + html
                + "</body></html>";
        SandboxHandler.send(exchange, status, "text/html;charset=UTF-8", page.getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
