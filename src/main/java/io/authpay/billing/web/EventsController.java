package io.authpay.billing.web;

import io.authpay.billing.webhook.WebhookEvents;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The outbound events: list them, look at one's delivery log, send one again. */
@RestController
@Profile(ServeApplication.PROFILE)
class EventsController {

    private static final int MAX_LIMIT = 500;

    private final WebhookEvents events;

    EventsController(WebhookEvents events) {
        this.events = events;
    }

    @GetMapping("/api/events")
    WebhookEvents.Page list(
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String subscription,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadRequestException("limit must be from 1 to " + MAX_LIMIT + ", not " + limit);
        }
        if (cursor != null && !cursor.matches("[0-9]{1,18}")) {
            throw new BadRequestException("cursor '" + cursor + "' is not one this API gave (next_cursor)");
        }
        return events.list(type, subscription, cursor, limit);
    }

    @GetMapping("/api/events/{id}")
    ResponseEntity<?> event(@PathVariable String id) {
        return events.find(id).<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(() -> notFound(id));
    }

    @PostMapping("/api/events/{id}/redeliver")
    ResponseEntity<?> redeliver(@PathVariable String id) {
        return events.redeliver(id)
                .<ResponseEntity<?>>map(
                        e -> ResponseEntity.status(HttpStatus.ACCEPTED).body(e))
                .orElseGet(() -> notFound(id));
    }

    private static ResponseEntity<?> notFound(String id) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(new ApiError("not_found", "no event has id " + id));
    }
}
