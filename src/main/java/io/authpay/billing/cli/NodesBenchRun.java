package io.authpay.billing.cli;

import io.authpay.billing.bench.NodesBench;
import io.authpay.billing.demo.LocalSetup;
import io.authpay.billing.sandbox.AuthPaySandbox;
import io.authpay.billing.system.SimulatedClock;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.List;

/**
 * {@code bench --nodes N}: a fresh embedded database (which the nodes reach over TCP) and the sandbox in this
 * process for {@link NodesBench}, whose worker nodes are {@code serve} processes of their own.
 */
final class NodesBenchRun {

    private NodesBenchRun() {}

    static int run(
            PrintWriter out, SimulatedClock clock, LocalDate day, NodesBench.Settings settings, List<String> springArgs)
            throws Exception {
        // The sandbox answers every node's calls: threads for all of them at once, and then some.
        try (AuthPaySandbox sandbox = LocalSetup.sandbox(clock)
                .threads(Math.max(512, 4 * settings.nodes() * settings.concurrency()))
                .build()
                .start()) {
            return run(out, sandbox, clock, day, settings, springArgs);
        }
    }

    /** The same on a given sandbox (made by {@link LocalSetup#sandbox}), which outlives the bench. */
    static int run(
            PrintWriter out,
            AuthPaySandbox sandbox,
            SimulatedClock clock,
            LocalDate day,
            NodesBench.Settings settings,
            List<String> springArgs)
            throws Exception {
        try (LocalSetup local = LocalSetup.start(sandbox, clock, springArgs)) {
            boolean fine = new NodesBench(local.context(), sandbox, clock, day, settings, out, springArgs).run();
            return fine ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }
}
