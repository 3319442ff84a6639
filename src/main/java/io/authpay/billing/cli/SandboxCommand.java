package io.authpay.billing.cli;

import io.authpay.billing.sandbox.AuthPaySandbox;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "sandbox",
        mixinStandardHelpOptions = true,
        description = {
            "Run the built-in JKoPay AuthPay simulator on 127.0.0.1 until Ctrl-C.",
            "Point the program at it with --spring.profiles.active=sandbox (port 8765), or with the"
                    + " billing.authpay.* settings it prints.",
            "It keeps bindings, orders and refunds in memory: a restart forgets them (and then answers 301"
                    + " for every binding the program knows) unless --state names a file to keep them in."
        },
        footerHeading = "%nExample:%n",
        footer = "  authpay-billing sandbox --auto-grant --latency-ms 20-80 --state var/sandbox-state.json")
final class SandboxCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--port",
            defaultValue = "8765",
            description = "port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(
            names = "--api-key",
            defaultValue = "sandbox-api-key",
            description = "the api-key it accepts (default: ${DEFAULT-VALUE})")
    String apiKey;

    @Option(
            names = "--secret-key",
            defaultValue = "sandbox-secret",
            description = "the secret it verifies digests with (default: ${DEFAULT-VALUE})")
    String secretKey;

    @Option(
            names = "--store-id",
            defaultValue = "sandbox-store",
            description = "the merchant store id (default: ${DEFAULT-VALUE})")
    String storeId;

    @Option(names = "--auto-grant", description = "grant new bindings at once, as if the customer approved")
    boolean autoGrant;

    @Option(
            names = "--latency-ms",
            description = "answer transactions after this many ms, or MIN-MAX for a random delay (default: none,"
                    + " answers at once)")
    String latency;

    @Option(
            names = "--state",
            paramLabel = "FILE",
            description = "keep bindings, orders and refunds in this JSON file, written after every change,"
                    + " so that a restart with the same file still knows them (default: none, in memory only)")
    Path state;

    @Option(
            names = "--redeem-every",
            paramLabel = "N",
            defaultValue = "0",
            description = "pay every N-th charge partly with JKO coins and coupons (a tenth of it), so that"
                    + " redeem_amount and the reports' coins and coupons are not 0 (default: ${DEFAULT-VALUE},"
                    + " never)")
    int redeemEvery;

    @Option(
            names = "--clock-start",
            description = "the sandbox's clock starts at this ISO-8601 instant and runs at real speed")
    Instant clockStart;

    @Override
    public Integer call() throws InterruptedException {
        if (redeemEvery < 0) {
            throw new CliException(
                    ExitCodes.BAD_INPUT, "--redeem-every takes 0 (never) or a positive N, not " + redeemEvery);
        }
        Clock clock = Clock.system(ZoneId.of("Asia/Taipei"));
        if (clockStart != null) {
            clock = Clock.offset(clock, Duration.between(clock.instant(), clockStart));
        }
        AuthPaySandbox sandbox = AuthPaySandbox.builder()
                .port(port)
                .apiKey(apiKey)
                .secretKey(secretKey)
                .storeId(storeId)
                .clock(clock)
                .autoGrant(autoGrant)
                .stateFile(state)
                .redeemEvery(redeemEvery)
                .build();
        applyLatency(sandbox);
        sandbox.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }));
        var out = spec.commandLine().getOut();
        out.println("JKoPay AuthPay sandbox listening on " + sandbox.baseUrl());
        out.println("  --billing.authpay.base-url=" + sandbox.baseUrl() + " --billing.authpay.api-key=" + apiKey
                + " --billing.authpay.secret-key=<the sandbox secret> --billing.authpay.store-id=" + storeId);
        out.println(
                state == null
                        ? "Bindings, orders and refunds are kept in memory: a restart forgets them (--state FILE keeps them)."
                        : "Bindings, orders and refunds are kept in " + state.toAbsolutePath() + " ("
                                + sandbox.bindings().all().size() + " bindings known).");
        out.println("Ctrl-C stops it.");
        out.flush();
        stopped.await();
        return ExitCodes.OK;
    }

    private void applyLatency(AuthPaySandbox sandbox) {
        if (latency == null) {
            return;
        }
        try {
            String[] parts = latency.split("-", 2);
            Duration min = Duration.ofMillis(Long.parseLong(parts[0].trim()));
            if (parts.length == 1) {
                sandbox.faults().latency(min);
            } else {
                sandbox.faults().latency(min, Duration.ofMillis(Long.parseLong(parts[1].trim())));
            }
        } catch (NumberFormatException e) {
            throw new CliException(ExitCodes.BAD_INPUT, "--latency-ms takes a number of ms or MIN-MAX, not " + latency);
        }
    }
}
