package io.authpay.billing.demo;

import io.authpay.billing.sandbox.AuthPaySandbox;
import io.authpay.billing.system.BillingApplication;
import io.authpay.billing.system.SimulatedClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the demo and the benchmark run on: a throwaway embedded database in a temporary folder, the
 * sandbox, and the application on a simulated clock both share. Closing it stops the application and
 * deletes the folder.
 */
public final class LocalSetup implements AutoCloseable {

    /** The local sandbox's secret: a throwaway credential. */
    public static final String SECRET = "local-sandbox-secret-not-a-real-key";

    private final Path folder;
    private final ConfigurableApplicationContext context;

    private LocalSetup(Path folder, ConfigurableApplicationContext context) {
        this.folder = folder;
        this.context = context;
    }

    /** A sandbox for local runs on a free port, on the given clock. */
    public static AuthPaySandbox.Builder sandbox(SimulatedClock clock) {
        return AuthPaySandbox.builder().port(0).secretKey(SECRET).clock(clock);
    }

    /**
     * Starts the application on a fresh embedded database, pointed at the sandbox.
     *
     * @param settings more Spring properties ({@code --key=value}); later ones win
     */
    public static LocalSetup start(AuthPaySandbox sandbox, SimulatedClock clock, List<String> settings)
            throws IOException {
        Path folder = Files.createTempDirectory("authpay-billing-local-");
        List<String> args = new ArrayList<>(List.of(
                "--billing.database.embedded-dir=" + folder,
                "--billing.authpay.base-url=" + sandbox.baseUrl(),
                "--billing.authpay.api-key=" + sandbox.apiKey(),
                "--billing.authpay.secret-key=" + SECRET,
                "--billing.authpay.store-id=" + sandbox.storeId()));
        args.addAll(settings);
        try {
            ConfigurableApplicationContext context = new SpringApplicationBuilder(BillingApplication.class)
                    .web(WebApplicationType.NONE)
                    .logStartupInfo(false)
                    .initializers(c -> c.getBeanFactory().registerSingleton("clock", clock))
                    .run(args.toArray(String[]::new));
            return new LocalSetup(folder, context);
        } catch (RuntimeException e) {
            delete(folder);
            throw e;
        }
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public Path folder() {
        return folder;
    }

    @Override
    public void close() {
        try {
            context.close();
        } finally {
            delete(folder);
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover folder under the temp directory is harmless
        }
    }
}
