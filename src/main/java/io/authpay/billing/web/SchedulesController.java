package io.authpay.billing.web;

import io.authpay.billing.schedule.Schedules;
import java.util.List;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The schedules of {@code jobs/*.yml}: list, pause and resume (on every node: Quartz's tables are shared). */
@RestController
@RequestMapping("/api/schedules")
@Profile(ServeApplication.PROFILE)
class SchedulesController {

    private final Schedules schedules;

    SchedulesController(Schedules schedules) {
        this.schedules = schedules;
    }

    /** Body of a pause or resume: optional. */
    record ReasonRequest(String reason) {}

    @GetMapping
    List<Schedules.View> list() {
        return schedules.list();
    }

    @GetMapping("/{name}")
    Schedules.View get(@PathVariable String name) {
        return schedules.get(name);
    }

    @PostMapping("/{name}/pause")
    Schedules.View pause(
            @PathVariable String name,
            @RequestBody(required = false) ReasonRequest body,
            @RequestAttribute(OperatorTokenFilter.ACTOR) String actor) {
        return schedules.pause(name, actor, body == null ? null : BadRequestException.reason(body.reason()));
    }

    @PostMapping("/{name}/resume")
    Schedules.View resume(
            @PathVariable String name,
            @RequestBody(required = false) ReasonRequest body,
            @RequestAttribute(OperatorTokenFilter.ACTOR) String actor) {
        return schedules.resume(name, actor, body == null ? null : BadRequestException.reason(body.reason()));
    }
}
