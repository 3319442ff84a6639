package io.authpay.billing.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The chart under {@code helm/authpay-billing}, driven through helm-java (the Helm library inside a Maven
 * artifact: no helm binary, no cluster).
 */
final class HelmChart {

    static final Path CHART = Path.of("helm", "authpay-billing");
    static final String RELEASE = "billing";
    static final String NAMESPACE = "payments";

    private HelmChart() {}

    static Path ciValues(String name) {
        return CHART.resolve("ci").resolve(name);
    }

    /** Every {@code ci/values-*.yaml}, the variants a merchant is most likely to install. */
    static List<Path> ciValuesFiles() {
        try (Stream<Path> files = Files.list(CHART.resolve("ci"))) {
            return files.filter(f -> f.getFileName().toString().matches("values-.*\\.yaml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code helm template} with these values files, later ones winning, parsed into documents. */
    static RenderedChart render(Path... valuesFiles) {
        TemplateCommand template = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE);
        for (Path values : valuesFiles) {
            template = template.withValuesFile(values);
        }
        return RenderedChart.parse(template.call());
    }

    /** {@code helm lint --strict} of the chart as it is, with its own values.yaml. */
    static LintResult lintAsShipped() {
        return new Helm(CHART).lint().strict().call();
    }

    /**
     * Every key of values.yaml down to its leaves (a list or an empty map is a leaf, as for Bitnami's
     * readme-generator), dotted: {@code image.registry}, {@code billing.retry}.
     */
    static List<String> valueKeys() {
        List<String> keys = new ArrayList<>();
        collectKeys("", load(CHART.resolve("values.yaml")), keys);
        return keys;
    }

    /** The keys named by the {@code ## @param key description} lines of values.yaml. */
    static List<String> documentedParams() {
        try (Stream<String> lines = Files.lines(CHART.resolve("values.yaml"))) {
            return lines.map(String::strip)
                    .filter(line -> line.startsWith("## @param "))
                    .map(line -> line.substring("## @param ".length()).split(" ")[0])
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void collectKeys(String prefix, Map<String, Object> map, List<String> keys) {
        map.forEach((key, value) -> {
            String path = prefix + key;
            if (value instanceof Map<?, ?> child && !child.isEmpty()) {
                collectKeys(path + ".", (Map<String, Object>) child, keys);
            } else {
                keys.add(path);
            }
        });
    }

    /**
     * {@code helm lint --strict} as a merchant runs it with {@code -f values}: helm-java's lint takes no values
     * file, so the chart is copied and these values are merged into the copy's values.yaml.
     */
    static LintResult lint(Path tempDir, Path... valuesFiles) {
        Path copy = copyChart(tempDir);
        Map<String, Object> values = load(CHART.resolve("values.yaml"));
        for (Path file : valuesFiles) {
            values = merge(values, load(file));
        }
        write(copy.resolve("values.yaml"), values);
        return new Helm(copy).lint().strict().call();
    }

    /** A values file with this content, for values only one test needs. */
    static Path valuesFile(Path tempDir, String yaml) {
        try {
            Path file = Files.createTempFile(tempDir, "values-", ".yaml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path copyChart(Path tempDir) {
        try (Stream<Path> paths = Files.walk(CHART)) {
            // Helm wants the folder named after the chart; a fresh parent lets a test lint twice.
            Path target = Files.createTempDirectory(tempDir, "lint-").resolve("authpay-billing");
            for (Path source : paths.toList()) {
                Path dest = target.resolve(CHART.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(source, dest);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> load(Path file) {
        try {
            Map<String, Object> map = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
            return map == null ? new LinkedHashMap<>() : map;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, Map<String, Object> values) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        try {
            Files.writeString(file, new Yaml(options).dump(values));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Helm's merge: maps merge key by key, anything else (lists too) is replaced. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> override) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        override.forEach((key, value) -> {
            if (value instanceof Map<?, ?> map && merged.get(key) instanceof Map<?, ?> existing) {
                merged.put(key, merge((Map<String, Object>) existing, (Map<String, Object>) map));
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    /** The messages of a lint that failed, for an assertion's description. */
    static String messages(LintResult result) {
        return String.join("\n", new ArrayList<>(result.getMessages()));
    }
}
