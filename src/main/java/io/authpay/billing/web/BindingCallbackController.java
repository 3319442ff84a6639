package io.authpay.billing.web;

import io.authpay.billing.authpay.BindingDetail;
import io.authpay.billing.authpay.BindingStatus;
import io.authpay.billing.authpay.GatewayResult;
import io.authpay.billing.binding.BindingService;
import io.authpay.billing.subscription.AuthNos;
import io.authpay.billing.subscription.SubscriptionService;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JKoPay's binding-result callback ({@code result_url}): {@code {"authpay": {auth_no, status, ...}}}.
 * Callbacks carry no signature, so the body is only a hint: the binding is asked for with {@code detail} and
 * stored only when JKoPay's answer agrees with the callback (same auth_no, status and, when the callback
 * names one, platform_authpay_id). No operator token: JKoPay calls it.
 *
 * <ul>
 *   <li>200 {@code stored}: confirmed and stored
 *   <li>200 {@code ignored}: unknown to JKoPay (301...) or not what {@code detail} says: nothing changed,
 *       logged (answering 200 stops JKoPay's retries of a callback that can never be confirmed)
 *   <li>400: not JSON, no {@code authpay.auth_no} and {@code authpay.status}, an auth_no the importer would
 *       refuse, or a status JKoPay does not document: checked before anything else, nothing asked
 *   <li>503 {@code throttled}, with {@code Retry-After}: a {@code detail} for that auth_no was asked less than
 *       {@code billing.callback.detail-interval} ago, or callbacks come faster than {@code
 *       billing.callback.details-per-second}: nothing asked, and JKoPay retries the callback
 *   <li>503: JKoPay could not be asked (no answer, 5xx): nothing changed, and JKoPay retries the callback
 * </ul>
 */
@RestController
@Profile(ServeApplication.PROFILE)
class BindingCallbackController {

    private static final Logger log = LoggerFactory.getLogger(BindingCallbackController.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final BindingService bindings;
    private final DetailThrottle throttle;
    private final SubscriptionService subscriptions;

    BindingCallbackController(
            BindingService bindings, CallbackSettings settings, Clock clock, SubscriptionService subscriptions) {
        this.bindings = bindings;
        this.throttle = new DetailThrottle(clock, settings.detailInterval(), settings.detailsPerSecond());
        this.subscriptions = subscriptions;
    }

    /** What became of a callback. */
    record Answer(String result, String authNo, String status) {}

    @PostMapping("/callbacks/authpay/binding")
    ResponseEntity<?> binding(@RequestBody(required = false) byte[] body) {
        JsonNode root;
        try {
            root = body == null || body.length == 0 ? null : JSON.readTree(body);
        } catch (JacksonException e) {
            return bad("the body is not JSON");
        }
        JsonNode authpay = root == null ? null : root.get("authpay");
        String authNo = text(authpay, "auth_no");
        String status = text(authpay, "status");
        if (authNo == null || status == null) {
            return bad("the body must be {\"authpay\": {\"auth_no\": ..., \"status\": ..., ...}}");
        }
        // Checked before anything else, so that no malformed value reaches the gateway client or the log.
        if (!AuthNos.isValid(authNo)) {
            return bad("auth_no must be 1 to " + AuthNos.MAX_LENGTH + " letters and digits");
        }
        BindingStatus claimed = BindingStatus.fromWire(status);
        if (claimed == BindingStatus.UNRECOGNISED) {
            return bad("status must be ungranted, granted or cancel");
        }
        Optional<Duration> wait = throttle.admit(authNo);
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            log.info("Binding callback for {} not asked about now: too many callbacks; asked to retry", authNo);
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                    .body(new ApiError("throttled", "too many binding callbacks; retry in " + seconds + " s"));
        }
        String platformAuthpayId = text(authpay, "platform_authpay_id");
        GatewayResult<BindingDetail> detail =
                bindings.refreshForCallback(authNo, d -> agrees(d, authNo, claimed, platformAuthpayId));
        if (detail instanceof GatewayResult.Unknown<BindingDetail> unknown) {
            log.warn(
                    "Binding callback for {} not confirmed, JKoPay could not be asked: {}",
                    authNo,
                    Untrusted.forLog(unknown.describe()));
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .body(new ApiError(
                            "gateway_unavailable", "could not confirm the binding with JKoPay; retry later"));
        }
        BindingDetail confirmed = detail.successValue().orElse(null);
        if (confirmed == null) {
            log.warn(
                    "Binding callback for {} ({}) ignored: JKoPay's detail answered {}",
                    authNo,
                    status,
                    Untrusted.forLog(detail.describe()));
            return ResponseEntity.ok(new Answer("ignored", authNo, status));
        }
        if (!agrees(confirmed, authNo, claimed, platformAuthpayId)) {
            log.warn(
                    "Binding callback for {} ignored: it says {}, JKoPay's detail says {} (platform_authpay_id {} / {})",
                    authNo,
                    status,
                    Untrusted.forLog(confirmed.rawStatus()),
                    Untrusted.forLog(platformAuthpayId),
                    Untrusted.forLog(confirmed.platformAuthpayId()));
            return ResponseEntity.ok(new Answer("ignored", authNo, status));
        }
        log.info("Binding callback for {} confirmed by detail and stored: {}", authNo, confirmed.status());
        if (confirmed.status() == BindingStatus.GRANTED) {
            int activated = subscriptions.activatePending(authNo); // a pending subscription from bindings create
            if (activated > 0) {
                log.info("Binding {} granted: {} pending subscriptions are ACTIVE", authNo, activated);
            }
        }
        return ResponseEntity.ok(new Answer("stored", authNo, confirmed.rawStatus()));
    }

    private static boolean agrees(
            BindingDetail detail, String authNo, BindingStatus claimed, String platformAuthpayId) {
        return authNo.equals(detail.authNo())
                && claimed != BindingStatus.UNRECOGNISED
                && claimed == detail.status()
                && (platformAuthpayId == null || Objects.equals(platformAuthpayId, detail.platformAuthpayId()));
    }

    private static String text(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode value = node.get(field);
        return value != null && value.isString() && !value.asString().isBlank() ? value.asString() : null;
    }

    private static ResponseEntity<ApiError> bad(String message) {
        return ResponseEntity.badRequest().body(new ApiError("bad_request", message));
    }
}
