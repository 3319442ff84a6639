package io.authpay.billing.system;

import java.time.Clock;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Writes who did what operator action, when and why, into {@code audit_event}. */
@Component
public class AuditLog {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    AuditLog(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Records an action; joins the caller's transaction, so the event and the change it describes
     * commit together.
     */
    public void record(String actor, String action, String targetType, String targetId, String reason, String details) {
        jdbc.update(
                "INSERT INTO audit_event (occurred_at, actor, action, target_type, target_id, reason, details)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                DbTime.utc(clock.instant()),
                actor,
                action,
                targetType,
                targetId,
                reason,
                details);
    }

    /** The operating-system user running a command: the actor of command-line actions. */
    public static String commandLineActor() {
        return "cli:" + System.getProperty("user.name", "unknown");
    }
}
