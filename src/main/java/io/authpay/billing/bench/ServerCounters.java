package io.authpay.billing.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the database server and the two processes did over a measurement: the server's statement and
 * commit counters ({@code SHOW GLOBAL STATUS}) and the CPU time of this JVM and of the embedded server
 * (a child process of it; absent when the database is elsewhere).
 *
 * @param statements Com_select + Com_insert + Com_update + Com_delete (+ their multi-table and
 *     insert-select forms): statements the server executed; a JDBC batch rewritten into one multi-row
 *     statement counts once
 * @param commits Handler_commit: the storage engine's commits (every autocommit statement, reads included)
 * @param transactions Com_commit: transactions the program committed explicitly
 * @param logFsyncs Innodb_os_log_fsyncs: what a durable commit really costs
 * @param rowsWritten Handler_write + Handler_update
 */
record ServerCounters(
        long statements,
        long commits,
        long transactions,
        long logFsyncs,
        long rowsWritten,
        Duration jvmCpu,
        Optional<Duration> dbCpu) {

    private static final String[] STATEMENTS = {
        "Com_select",
        "Com_insert",
        "Com_update",
        "Com_delete",
        "Com_insert_select",
        "Com_update_multi",
        "Com_delete_multi",
        "Com_replace"
    };

    static ServerCounters read(JdbcTemplate jdbc) {
        Map<String, Long> status = jdbc.query("SHOW GLOBAL STATUS", rs -> {
            Map<String, Long> values = new HashMap<>();
            while (rs.next()) {
                try {
                    values.put(rs.getString(1), Long.parseLong(rs.getString(2)));
                } catch (NumberFormatException e) {
                    // a text-valued status variable: not a counter
                }
            }
            return values;
        });
        long statements = 0;
        for (String name : STATEMENTS) {
            statements += status.getOrDefault(name, 0L);
        }
        return new ServerCounters(
                statements,
                status.getOrDefault("Handler_commit", 0L),
                status.getOrDefault("Com_commit", 0L),
                status.getOrDefault("Innodb_os_log_fsyncs", 0L),
                status.getOrDefault("Handler_write", 0L) + status.getOrDefault("Handler_update", 0L),
                ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO),
                embeddedServer().flatMap(p -> p.info().totalCpuDuration()));
    }

    /** This measurement's counters less {@code before}'s. */
    ServerCounters since(ServerCounters before) {
        return new ServerCounters(
                statements - before.statements,
                commits - before.commits,
                transactions - before.transactions,
                logFsyncs - before.logFsyncs,
                rowsWritten - before.rowsWritten,
                jvmCpu.minus(before.jvmCpu),
                dbCpu.flatMap(now -> before.dbCpu.map(now::minus)));
    }

    private static Optional<ProcessHandle> embeddedServer() {
        return ProcessHandle.current()
                .descendants()
                .filter(p -> p.info()
                        .command()
                        .map(c -> c.endsWith("mariadbd") || c.endsWith("mysqld"))
                        .orElse(false))
                .findFirst();
    }
}
