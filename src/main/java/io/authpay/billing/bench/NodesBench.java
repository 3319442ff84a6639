package io.authpay.billing.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.authpay.billing.batch.BillingJobLauncher;
import io.authpay.billing.batch.BillingJobs;
import io.authpay.billing.batch.PartitionFigures;
import io.authpay.billing.sandbox.AuthPaySandbox;
import io.authpay.billing.sandbox.SandboxLedger;
import io.authpay.billing.system.BillingProperties;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code bench --nodes N}: what adding worker nodes adds. Daily-billing runs first on one {@code serve} node and
 * then on N, each node a JVM of its own on the same database, with the same partitions and the same per-node
 * concurrency, against the sandbox in this process. Each measurement bills a fresh set of the same size (seeded
 * from here), so both runs bill the same kind of work; its rate is the charges paid over the run's own start to
 * end as the job repository records them. This process only seeds, starts the runs (through the first node's
 * operator API, as an operator would) and reads the results; the nodes do the billing.
 */
public final class NodesBench {

    /**
     * What to measure.
     *
     * @param subscriptions per measurement
     * @param concurrency each node's {@code billing.charge.concurrency}
     * @param nodes of the second measurement
     * @param warmup charges per node billed before each measurement and not measured, so that the nodes bill warm
     */
    public record Settings(int subscriptions, int latencyMs, int concurrency, int nodes, int warmup) {}

    /** What one measurement found. */
    record Measurement(
            int nodes,
            String ending,
            boolean completed,
            long paid,
            Duration elapsed,
            Map<String, List<String>> partitionsByNode,
            Map<Integer, Duration> nodeCpu,
            Map<Integer, GcLogHeap.Figures> nodeHeap,
            ServerCounters server,
            int chargedOnce,
            int subscriptions,
            double loadBefore,
            double loadAfter) {

        double perSecond() {
            return paid / (elapsed.toNanos() / 1e9);
        }

        /**
         * The CPU of every process of the bench (nodes, database, this one) per charge paid: a figure that holds
         * on a busy machine, where the rate does not.
         */
        double cpuMillisPerCharge() {
            Duration all = server.jvmCpu().plus(server.dbCpu().orElse(Duration.ZERO));
            for (Duration node : nodeCpu.values()) {
                all = all.plus(node);
            }
            return all.toNanos() / 1e6 / Math.max(1, paid);
        }

        double cpuPercent(Duration cpu) {
            return 100.0 * cpu.toNanos() / Math.max(1, elapsed.toNanos());
        }
    }

    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ConfigurableApplicationContext context;
    private final AuthPaySandbox sandbox;
    private final Clock clock;
    private final LocalDate day;
    private final Settings settings;
    private final PrintWriter out;
    private final List<String> nodeArguments;
    private final JdbcTemplate jdbc;
    private final int partitions;
    private final int partitionsPerNode;
    private final String token = newToken();
    private final Path scheduleDir;
    /** Read by the shutdown hook while nodes are added: a copy on write. */
    private final List<ServeNode> nodes = new CopyOnWriteArrayList<>();

    /**
     * @param context this process's application (on the database the nodes share), which seeds and reads
     * @param nodeArguments Spring arguments every node gets after the bench's own (the user's)
     */
    public NodesBench(
            ConfigurableApplicationContext context,
            AuthPaySandbox sandbox,
            Clock clock,
            LocalDate day,
            Settings settings,
            PrintWriter out,
            List<String> nodeArguments)
            throws IOException {
        this.context = context;
        this.sandbox = sandbox;
        this.clock = clock;
        this.day = day;
        this.settings = settings;
        this.out = out;
        this.nodeArguments = List.copyOf(nodeArguments);
        this.jdbc = context.getBean(JdbcTemplate.class);
        BillingProperties.Charge charge =
                context.getBean(BillingProperties.class).charge();
        this.partitionsPerNode = charge.partitionsPerNode();
        // Unless told otherwise, as many as the nodes of the second measurement run at once: each gets work.
        this.partitions = context.getEnvironment().containsProperty("billing.charge.partitions")
                ? charge.partitions()
                : settings.nodes() * partitionsPerNode;
        // No schedules on the nodes: only the bench's runs bill.
        this.scheduleDir = Files.createTempDirectory("bench-nodes-schedules-");
    }

    /**
     * Runs both measurements and prints them; true when both completed and every subscription was charged once
     * in each. The nodes are stopped when it returns or throws, and killed if this JVM is stopped meanwhile.
     */
    public boolean run() throws Exception {
        sandbox.faults().latency(Duration.ofMillis(settings.latencyMs()));
        Thread killNodes = new Thread(() -> nodes.forEach(ServeNode::kill), "bench-nodes-kill");
        Runtime.getRuntime().addShutdownHook(killNodes);
        try {
            out.printf(
                    "%,d subscriptions per measurement (1 per auth_no), gateway latency %d ms, concurrency %d per node,"
                            + " %d partitions (at most %d at once per node), %d cores, %s%n",
                    settings.subscriptions(),
                    settings.latencyMs(),
                    settings.concurrency(),
                    partitions,
                    partitionsPerNode,
                    Runtime.getRuntime().availableProcessors(),
                    settings.warmup() > 0
                            ? "a warm-up run of %,d charges a node before each".formatted(settings.warmup())
                            : "no warm-up");
            out.flush();
            startNodes(1);
            Measurement one = measure(1);
            print(one);
            if (settings.nodes() == 1) {
                // one node alone: its rate and its heap, the sandbox in this process
                out.flush();
                return one.completed() && one.chargedOnce() == one.subscriptions();
            }
            startNodes(settings.nodes());
            Measurement many = measure(settings.nodes());
            print(many);
            if (one.completed() && many.completed()) {
                out.printf("%d nodes / 1 node: %.2f x%n", settings.nodes(), many.perSecond() / one.perSecond());
            } else {
                out.println("no ratio: a measurement did not complete");
            }
            out.flush();
            return one.completed()
                    && many.completed()
                    && one.chargedOnce() == one.subscriptions()
                    && many.chargedOnce() == many.subscriptions();
        } finally {
            nodes.forEach(node -> node.stop(STOP_GRACE));
            deleteQuietly(scheduleDir);
            try {
                Runtime.getRuntime().removeShutdownHook(killNodes);
            } catch (IllegalStateException e) {
                // this JVM is stopping: the hook runs
            }
        }
    }

    /** Starts nodes until there are {@code count}, all at once, and waits until each is ready. */
    private void startNodes(int count) throws InterruptedException {
        long started = System.nanoTime();
        List<ServeNode> fresh = new ArrayList<>();
        while (nodes.size() < count) {
            ServeNode node = ServeNode.start(nodes.size() + 1, nodeArguments(), nodeEnvironment());
            nodes.add(node);
            fresh.add(node);
        }
        if (fresh.isEmpty()) {
            return; // --nodes 1: the second measurement is on the same node
        }
        for (ServeNode node : fresh) {
            node.awaitReady(START_TIMEOUT);
        }
        out.printf(
                "%s ready in %.1f s%n",
                fresh.stream()
                        .map(n -> "node " + n.number() + " (pid " + n.pid() + ")")
                        .collect(Collectors.joining(", ")),
                (System.nanoTime() - started) / 1e9);
        out.flush();
    }

    private List<String> nodeArguments() {
        Environment env = context.getEnvironment();
        List<String> arguments = new ArrayList<>();
        for (String own : List.of(
                "--billing.charge.concurrency=" + settings.concurrency(),
                "--billing.charge.partitions=" + partitions,
                "--billing.charge.partitions-per-node=" + partitionsPerNode,
                // The manager polls the job repository for the partitions' ends at this interval (default 2 s):
                // the run's end, and so its rate, is known to within it.
                "--billing.batch.heartbeat-interval=500ms",
                "--spring.datasource.hikari.maximum-pool-size=" + (settings.concurrency() + 8),
                "--billing.schedule.dir=" + scheduleDir,
                // The same time of day as here: inside the billing window.
                "--billing.clock.start=" + clock.instant(),
                "--billing.authpay.base-url=" + env.getProperty("billing.authpay.base-url"),
                "--billing.authpay.api-key=" + env.getProperty("billing.authpay.api-key"),
                "--billing.authpay.store-id=" + env.getProperty("billing.authpay.store-id"))) {
            String key = own.substring(0, own.indexOf('=') + 1);
            // One value a key: a key given twice would be joined into a list.
            if (nodeArguments.stream().noneMatch(u -> u.startsWith(key))) {
                arguments.add(own);
            }
        }
        arguments.addAll(nodeArguments);
        return arguments;
    }

    /** What a node must not see on its command line: the database's password, the gateway's secret, the token. */
    private Map<String, String> nodeEnvironment() {
        Map<String, String> environment = new HashMap<>();
        HikariDataSource dataSource;
        try {
            dataSource = context.getBean(DataSource.class).unwrap(HikariDataSource.class);
        } catch (SQLException e) {
            throw new IllegalStateException("the bench's data source is not a connection pool it can share", e);
        }
        environment.put("SPRING_DATASOURCE_URL", dataSource.getJdbcUrl());
        environment.put("SPRING_DATASOURCE_USERNAME", dataSource.getUsername());
        environment.put("SPRING_DATASOURCE_PASSWORD", dataSource.getPassword());
        environment.put(
                "BILLING_AUTHPAY_SECRET_KEY", context.getEnvironment().getProperty("billing.authpay.secret-key"));
        environment.put("BILLING_OPERATOR_TOKEN", token);
        return environment;
    }

    /** A warm-up run, then the measured one, on the nodes running now. */
    private Measurement measure(int nodeCount) throws Exception {
        String name = nodeCount == 1 ? "1 node" : nodeCount + " nodes";
        if (settings.warmup() > 0) {
            // About --warmup charges for each node: a node that has just started compiles as it bills, and a
            // cold node finishing its partitions late would hold up the whole run.
            int warmup = settings.warmup() * nodeCount;
            BenchSeeds.seed(context, sandbox, day, "warmup-" + nodeCount, warmup, 1);
            JobExecution warm = runToEnd("bench warm-up, " + name);
            out.printf("warm-up on %s: %s, %,d charges%n", name, ending(warm), warmup);
            out.flush();
        }
        BenchSeeds.Seeded seeded =
                BenchSeeds.seed(context, sandbox, day, "nodes-" + nodeCount, settings.subscriptions(), 1);
        double loadBefore = loadAverage();
        Map<Integer, Duration> cpuBefore = nodeCpu();
        Map<Integer, Integer> gcMarks = new LinkedHashMap<>();
        nodes.forEach(n -> gcMarks.put(n.number(), n.heap().mark()));
        ServerCounters before = ServerCounters.read(jdbc);
        JobExecution execution = runToEnd("bench, " + name);
        ServerCounters server = ServerCounters.read(jdbc).since(before);
        Map<Integer, Duration> cpu = new LinkedHashMap<>(nodeCpu());
        cpu.replaceAll((node, now) -> now.minus(cpuBefore.getOrDefault(node, Duration.ZERO)));
        Map<Integer, GcLogHeap.Figures> heap = new LinkedHashMap<>();
        nodes.forEach(n -> heap.put(n.number(), n.heap().since(gcMarks.getOrDefault(n.number(), 0))));
        long paid = jdbc.queryForObject(
                "SELECT COUNT(*) FROM charge WHERE id > ? AND status = 'SUCCEEDED'",
                Long.class,
                seeded.afterChargeId());
        // counted in one pass over the ledger: asking it once per auth_no took hours at 200,000
        Map<String, Long> chargesPerAuthNo = sandbox.ledger().charges().stream()
                .collect(Collectors.groupingBy(SandboxLedger.Charge::authNo, Collectors.counting()));
        int chargedOnce = (int) seeded.authNos().stream()
                .filter(authNo -> chargesPerAuthNo.getOrDefault(authNo, 0L) == 1)
                .count();
        boolean completed = execution.getStatus() == BatchStatus.COMPLETED;
        Duration elapsed = execution.getStartTime() != null && execution.getEndTime() != null
                ? Duration.between(execution.getStartTime(), execution.getEndTime())
                : Duration.ZERO;
        return new Measurement(
                nodeCount,
                ending(execution),
                completed,
                paid,
                elapsed,
                partitionsByNode(execution),
                cpu,
                heap,
                server,
                chargedOnce,
                seeded.authNos().size(),
                loadBefore,
                loadAverage());
    }

    /** Starts daily-billing through node 1's operator API and waits until the run has ended. */
    private JobExecution runToEnd(String reason) throws Exception {
        HttpResponse<String> started = nodes.get(0)
                .post(
                        "/api/jobs/" + BillingJobs.DAILY + "/runs",
                        token,
                        "{\"date\":\"%s\",\"reason\":\"%s\"}".formatted(day, reason));
        if (started.statusCode() != 202) {
            throw new IllegalStateException(
                    "node 1 did not start the run: HTTP " + started.statusCode() + " " + started.body());
        }
        long id = JsonMapper.builder()
                .build()
                .readTree(started.body())
                .get("execution_id")
                .asLong();
        BillingJobLauncher launcher = context.getBean(BillingJobLauncher.class);
        // Generous: ten times the run at the limit of every node, and never under ten minutes.
        long limitPerSecond = (long) nodes.size() * settings.concurrency() * 1000 / settings.latencyMs();
        Duration timeout =
                Duration.ofSeconds(Math.max(600, 10L * settings.subscriptions() / Math.max(1, limitPerSecond)));
        long deadline = System.nanoTime() + timeout.toNanos();
        JobExecution execution = launcher.execution(id);
        while (execution.isRunning() || execution.getStatus() == BatchStatus.STOPPING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("execution " + id + " did not end within " + timeout + "; node 1:\n"
                        + nodes.get(0).logTail());
            }
            for (ServeNode node : nodes) {
                if (!node.isAlive()) {
                    throw new IllegalStateException(
                            "worker node " + node.number() + " died during the run:\n" + node.logTail());
                }
            }
            Thread.sleep(100);
            execution = launcher.execution(id);
        }
        return execution;
    }

    /** The partitions of a run by the node that ran them ({@code node 2 (host/pid)}), in node order. */
    private Map<String, List<String>> partitionsByNode(JobExecution execution) {
        Map<String, List<String>> byNode = new TreeMap<>();
        for (PartitionFigures partition : PartitionFigures.of(execution)) {
            // How long each took shows a node that held up the run (partitions are not shared out again).
            byNode.computeIfAbsent(nodeName(partition.node()), n -> new ArrayList<>())
                    .add("%s (%s%,d paid in %s s)"
                            .formatted(
                                    partition.partition(),
                                    partition.status().equals("COMPLETED") ? "" : partition.status() + ", ",
                                    partition.paid(),
                                    partition.durationSeconds() == null ? "?" : partition.durationSeconds()));
        }
        return byNode;
    }

    /** {@code host/pid} as a node of this bench, {@code node 2 (host/pid)}, where the pid is one of ours. */
    private String nodeName(String recorded) {
        if (recorded == null) {
            return "no node";
        }
        String pid = recorded.substring(recorded.lastIndexOf('/') + 1);
        return nodes.stream()
                .filter(n -> Long.toString(n.pid()).equals(pid))
                .findFirst()
                .map(n -> "node " + n.number() + " (" + recorded + ")")
                .orElse(recorded);
    }

    private Map<Integer, Duration> nodeCpu() {
        Map<Integer, Duration> cpu = new LinkedHashMap<>();
        nodes.forEach(n -> cpu.put(n.number(), n.cpu()));
        return cpu;
    }

    private void print(Measurement m) {
        String name = m.nodes() == 1 ? "1 node: " : m.nodes() + " nodes:";
        double limit = m.nodes() * settings.concurrency() * 1000.0 / settings.latencyMs();
        if (m.completed()) {
            out.printf(
                    "%-9s COMPLETED, %,8.1f charges/s in %.1f s  (limit %sC/L %,.0f/s -> %.0f%%; load average %.1f -> %.1f)%n",
                    name,
                    m.perSecond(),
                    m.elapsed().toNanos() / 1e9,
                    m.nodes() == 1 ? "" : m.nodes() + " x ",
                    limit,
                    100 * m.perSecond() / limit,
                    m.loadBefore(),
                    m.loadAfter());
        } else {
            out.printf(
                    "%-9s did NOT complete: %s; %,d of %,d charges paid, no rate for a run that did not complete%n",
                    name, m.ending(), m.paid(), m.subscriptions());
        }
        m.partitionsByNode()
                .forEach((node, names) -> out.printf("          %s on %s%n", String.join(" ", names), node));
        out.printf(
                "          ledger: %,d of %,d subscriptions charged exactly once%s%n",
                m.chargedOnce(),
                m.subscriptions(),
                m.chargedOnce() == m.subscriptions() ? "" : " (the others never or more than once)");
        out.printf(
                "          CPU, of a core: %s; database %s; this process (the sandbox) %.0f%%; %.1f ms per charge in all%n",
                m.nodeCpu().entrySet().stream()
                        .map(e -> "node %d %.0f%%".formatted(e.getKey(), m.cpuPercent(e.getValue())))
                        .collect(Collectors.joining(", ")),
                m.server().dbCpu().map(c -> "%.0f%%".formatted(m.cpuPercent(c))).orElse("not measured"),
                m.cpuPercent(m.server().jvmCpu()),
                m.cpuMillisPerCharge());
        out.printf(
                "          heap (at most %d MiB a node): %s%n",
                ServeNode.HEAP_MIB,
                m.nodeHeap().entrySet().stream()
                        .map(e -> e.getValue().collections() == 0
                                ? "node %d no collection during the run".formatted(e.getKey())
                                : "node %d %,d MiB in use at most, %,d MiB left after a collection (%d collection%s)"
                                        .formatted(
                                                e.getKey(),
                                                e.getValue().inUsePeakMib(),
                                                e.getValue().afterCollectionPeakMib(),
                                                e.getValue().collections(),
                                                e.getValue().collections() == 1 ? "" : "s"))
                        .collect(Collectors.joining("; ")));
        out.flush();
    }

    private static String ending(JobExecution execution) {
        return execution.getStatus() == BatchStatus.COMPLETED
                ? "COMPLETED"
                : execution.getStatus() + ": " + execution.getExitStatus().getExitDescription();
    }

    /** The system's load average over the last minute, as {@code uptime} prints it (-1 where unknown). */
    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String newToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void deleteQuietly(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // an empty folder left under the temp directory is harmless
        }
    }
}
