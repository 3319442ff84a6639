package io.authpay.billing.cli;

import io.authpay.billing.testing.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/** Runs the command line in this JVM against one test database and captures what it printed. */
final class CliRun {
    final TestDatabase.Database database = TestDatabase.newDatabase();

    record Result(int exitCode, String out, String err) {}

    Result run(String... args) {
        return runAs(database.user(), database.password(), args);
    }

    /** Runs the command line with another database account. */
    Result runAs(String user, String password, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--spring.datasource.url=" + database.url());
        all.add("--spring.datasource.username=" + user);
        all.add("--spring.datasource.password=" + password);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BillingCli.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }

    org.springframework.jdbc.core.JdbcTemplate jdbc() {
        com.zaxxer.hikari.HikariDataSource ds = new com.zaxxer.hikari.HikariDataSource();
        ds.setJdbcUrl(database.url());
        ds.setUsername(database.user());
        ds.setPassword(database.password());
        ds.setMaximumPoolSize(2);
        return new org.springframework.jdbc.core.JdbcTemplate(ds);
    }
}
