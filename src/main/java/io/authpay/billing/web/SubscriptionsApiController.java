package io.authpay.billing.web;

import io.authpay.billing.subscription.SubscriptionService;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The merchant's systems manage subscriptions: create (fields named as the CSV's columns, the same checks
 * and messages; {@code Idempotency-Key} makes a retry safe), list, show with charges, change, pause, resume,
 * cancel.
 */
@RestController
@Profile(ServeApplication.PROFILE)
class SubscriptionsApiController {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> CREATE_FIELDS = Set.of(
            "external_id", "auth_no", "amount", "currency", "period", "anchor_date", "trade_name", "next_billing_date");
    private static final Set<String> PATCH_FIELDS = Set.of("amount", "trade_name", "next_billing_date");
    private static final int MAX_LIMIT = 500;

    private final SubscriptionService subscriptions;

    SubscriptionsApiController(SubscriptionService subscriptions) {
        this.subscriptions = subscriptions;
    }

    @PostMapping("/api/subscriptions")
    ResponseEntity<SubscriptionService.View> create(
            @RequestBody(required = false) String body,
            @RequestHeader(name = "Idempotency-Key", required = false) String key,
            @RequestAttribute(OperatorTokenFilter.ACTOR) String actor) {
        JsonNode json = object(body, CREATE_FIELDS);
        SubscriptionService.Created created = subscriptions.create(
                new SubscriptionService.Create(
                        field(json, "external_id"),
                        field(json, "auth_no"),
                        field(json, "amount"),
                        field(json, "currency"),
                        field(json, "period"),
                        field(json, "anchor_date"),
                        field(json, "trade_name"),
                        field(json, "next_billing_date")),
                key,
                json.toString(),
                actor);
        return ResponseEntity.status(HttpStatus.CREATED)
                .header("Idempotent-Replayed", Boolean.toString(created.replayed()))
                .body(created.subscription());
    }

    @GetMapping("/api/subscriptions")
    SubscriptionService.Page list(
            @RequestParam(required = false) String status,
            @RequestParam(name = "auth_no", required = false) String authNo,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadRequestException("limit must be from 1 to " + MAX_LIMIT + ", not " + limit);
        }
        if (cursor != null && !cursor.matches("[0-9]{1,18}")) {
            throw new BadRequestException("cursor '" + cursor + "' is not one this API gave (next_cursor)");
        }
        return subscriptions.list(status == null ? null : status.toUpperCase(Locale.ROOT), authNo, cursor, limit);
    }

    @GetMapping("/api/subscriptions/{externalId}")
    SubscriptionService.View show(@PathVariable String externalId) {
        return subscriptions.find(externalId).orElseThrow(() -> SubscriptionService.Refused.notFound(externalId));
    }

    @PatchMapping("/api/subscriptions/{externalId}")
    SubscriptionService.View change(
            @PathVariable String externalId,
            @RequestBody(required = false) String body,
            @RequestAttribute(OperatorTokenFilter.ACTOR) String actor) {
        JsonNode json = object(body, PATCH_FIELDS);
        return subscriptions.change(
                externalId, field(json, "amount"), field(json, "trade_name"), field(json, "next_billing_date"), actor);
    }

    @PostMapping("/api/subscriptions/{externalId}/pause")
    SubscriptionService.View pause(
            @PathVariable String externalId, @RequestAttribute(OperatorTokenFilter.ACTOR) String actor) {
        return subscriptions.pause(externalId, actor);
    }

    @PostMapping("/api/subscriptions/{externalId}/resume")
    SubscriptionService.View resume(
            @PathVariable String externalId, @RequestAttribute(OperatorTokenFilter.ACTOR) String actor) {
        return subscriptions.resume(externalId, actor);
    }

    @PostMapping("/api/subscriptions/{externalId}/cancel")
    SubscriptionService.View cancel(
            @PathVariable String externalId,
            @RequestBody(required = false) String body,
            @RequestAttribute(OperatorTokenFilter.ACTOR) String actor) {
        JsonNode json = object(body == null || body.isBlank() ? "{}" : body, Set.of("at", "reason"));
        String at = field(json, "at");
        boolean now;
        if (at == null || at.equals("period_end")) {
            now = false;
        } else if (at.equals("now")) {
            now = true;
        } else {
            throw new BadRequestException("at must be \"period_end\" (the default) or \"now\", not \"" + at + "\"");
        }
        return subscriptions.cancel(externalId, now, BadRequestException.reason(field(json, "reason")), actor);
    }

    @ExceptionHandler(SubscriptionService.Refused.class)
    ResponseEntity<ApiError> refused(SubscriptionService.Refused e) {
        HttpStatus status = switch (e.kind()) {
            case BAD_REQUEST -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
        };
        return ResponseEntity.status(status).body(new ApiError(e.code(), e.getMessage()));
    }

    /** The body as a JSON object with only these fields. */
    private static JsonNode object(String body, Set<String> allowed) {
        if (body == null || body.isBlank()) {
            throw new BadRequestException("the body must be a JSON object with " + String.join(", ", allowed));
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new BadRequestException("the body is not JSON: " + e.getOriginalMessage());
        }
        if (json == null || !json.isObject()) {
            throw new BadRequestException("the body must be a JSON object");
        }
        for (Iterator<String> names = json.propertyNames().iterator(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new BadRequestException("unknown field \"" + name + "\"; the fields are " + allowed);
            }
        }
        return json;
    }

    private static String field(JsonNode json, String name) {
        JsonNode value = json.get(name);
        return value == null || value.isNull() ? null : value.isString() ? value.asString() : value.toString();
    }
}
