package io.authpay.billing.schedule;

import io.authpay.billing.batch.BillingJobs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.quartz.CronExpression;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the schedules from {@code jobs/*.yml}: one file per schedule, named after it. Every file is checked
 * in full; all the problems of all the files are reported together, each naming its file and field, so
 * one start-up shows everything to fix.
 *
 * <pre>
 * job: daily-billing                 # nightly-billing or daily-billing
 * description: One line for the operator
 * cron: "0 5 8 * * ?"                # Quartz cron (seconds first), or a list of them
 * zone: Asia/Taipei
 * misfire: fire-once                 # fire-once or skip
 * enabled: true
 * parameters:                        # optional: extra job parameters of every run
 *   note: anything
 * </pre>
 */
public final class ScheduleFiles {

    /** Where the schedules packaged in the jar are. */
    public static final String CLASSPATH_LOCATION = "classpath*:jobs/";

    private static final Set<String> REQUIRED = Set.of("job", "cron", "zone", "misfire", "enabled", "description");
    private static final List<String> FIELDS =
            List.of("job", "description", "cron", "zone", "misfire", "enabled", "parameters");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern PARAMETER = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");
    // Quartz keeps descriptions in a VARCHAR(250).
    private static final int DESCRIPTION_LENGTH = 250;

    private ScheduleFiles() {}

    /** The schedules of every {@code *.yml} and {@code *.yaml} file in {@code dir}, by name. */
    public static List<ScheduleDefinition> fromFolder(Path dir) {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(Files::isRegularFile)
                    .filter(p -> isYaml(p.getFileName().toString()))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the schedules in " + dir, e);
        }
        List<Source> sources = new ArrayList<>();
        for (Path file : files) {
            try {
                sources.add(new Source(file.getFileName().toString(), file.toString(), Files.readString(file)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return parseAll(sources);
    }

    /** The schedules packaged in the jar under {@code jobs/}. */
    public static List<ScheduleDefinition> fromClasspath() {
        ResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        List<Source> sources = new ArrayList<>();
        try {
            List<Resource> resources = new ArrayList<>();
            resources.addAll(List.of(resolver.getResources(CLASSPATH_LOCATION + "*.yml")));
            resources.addAll(List.of(resolver.getResources(CLASSPATH_LOCATION + "*.yaml")));
            resources.sort(Comparator.comparing(Resource::getFilename));
            for (Resource resource : resources) {
                try (InputStream in = resource.getInputStream()) {
                    sources.add(new Source(
                            resource.getFilename(),
                            "classpath:jobs/" + resource.getFilename(),
                            new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the schedules packaged under classpath:jobs/", e);
        }
        return parseAll(sources);
    }

    /** One file's text. */
    record Source(String fileName, String location, String text) {}

    static List<ScheduleDefinition> parseAll(List<Source> sources) {
        List<String> problems = new ArrayList<>();
        List<ScheduleDefinition> definitions = new ArrayList<>();
        Map<String, String> seen = new LinkedHashMap<>();
        for (Source source : sources) {
            List<String> fileProblems = new ArrayList<>();
            ScheduleDefinition definition = parse(source, fileProblems);
            if (definition != null) {
                String earlier = seen.putIfAbsent(definition.name(), source.location());
                if (earlier != null) {
                    fileProblems.add("the schedule '" + definition.name() + "' is also declared by " + earlier);
                }
            }
            fileProblems.forEach(p -> problems.add(source.location() + ": " + p));
            if (fileProblems.isEmpty()) {
                definitions.add(definition);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidScheduleException(
                    "invalid schedule" + (problems.size() == 1 ? "" : "s") + ": " + String.join("; ", problems));
        }
        definitions.sort(Comparator.comparing(ScheduleDefinition::name));
        return List.copyOf(definitions);
    }

    /** Parses one file; null (with problems added) when it cannot be used. */
    static ScheduleDefinition parse(Source source, List<String> problems) {
        String name = baseName(source.fileName());
        if (!NAME.matcher(name).matches()) {
            problems.add("the file name must be 1 to 100 letters, digits, '.', '_' or '-' before .yml");
            return null;
        }
        Object root;
        try {
            root = yaml().load(source.text());
        } catch (YAMLException e) {
            problems.add("not valid YAML: " + oneLine(e.getMessage()));
            return null;
        }
        if (root == null) {
            problems.add("the file is empty; it needs the fields " + String.join(", ", FIELDS.subList(0, 6)));
            return null;
        }
        if (!(root instanceof Map<?, ?> fields)) {
            problems.add("the file must be a YAML mapping of the fields " + String.join(", ", FIELDS));
            return null;
        }
        for (Object key : fields.keySet()) {
            if (!FIELDS.contains(String.valueOf(key))) {
                problems.add("field '" + key + "' is not known; the fields are " + String.join(", ", FIELDS));
            }
        }
        for (String field : FIELDS) {
            if (REQUIRED.contains(field) && fields.get(field) == null) {
                problems.add("field '" + field + "' is missing");
            }
        }
        String job = text(fields, "job", problems);
        if (job != null && !BillingJobs.isKnown(job)) {
            problems.add(
                    "field 'job': unknown job '" + job + "'; the jobs are " + String.join(", ", BillingJobs.NAMES));
        }
        ZoneId zone = zone(fields, problems);
        List<String> crons = crons(fields, zone, problems);
        MisfirePolicy misfire = null;
        String misfireText = text(fields, "misfire", problems);
        if (misfireText != null) {
            misfire = MisfirePolicy.fromYaml(misfireText).orElse(null);
            if (misfire == null) {
                problems.add("field 'misfire': '" + misfireText + "' is not one of " + MisfirePolicy.spellings());
            }
        }
        Object enabled = fields.get("enabled");
        if (enabled != null && !(enabled instanceof Boolean)) {
            problems.add("field 'enabled': must be true or false, not '" + enabled + "'");
        }
        String description = text(fields, "description", problems);
        if (description != null && (description.isBlank() || description.length() > DESCRIPTION_LENGTH)) {
            problems.add("field 'description': must be 1 to " + DESCRIPTION_LENGTH + " characters");
        }
        Map<String, String> parameters = parameters(fields.get("parameters"), problems);
        if (!problems.isEmpty()) {
            return null;
        }
        return new ScheduleDefinition(
                name, source.location(), job, crons, zone, misfire, parameters, (Boolean) enabled, description.strip());
    }

    private static ZoneId zone(Map<?, ?> fields, List<String> problems) {
        String zone = text(fields, "zone", problems);
        if (zone == null) {
            return null;
        }
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            problems.add("field 'zone': unknown zone '" + zone + "' (use a region such as Asia/Taipei)");
            return null;
        }
    }

    private static List<String> crons(Map<?, ?> fields, ZoneId zone, List<String> problems) {
        Object value = fields.get("cron");
        List<String> crons = new ArrayList<>();
        if (value == null) {
            return crons;
        }
        if (value instanceof String single) {
            crons.add(single);
        } else if (value instanceof List<?> list
                && !list.isEmpty()
                && list.stream().allMatch(c -> c instanceof String)) {
            list.forEach(c -> crons.add((String) c));
        } else {
            problems.add("field 'cron': must be a Quartz cron expression in quotes, or a list of them");
            return crons;
        }
        for (String cron : crons) {
            try {
                CronExpression.validateExpression(cron);
                CronExpression expression = new CronExpression(cron);
                if (zone != null) {
                    expression.setTimeZone(TimeZone.getTimeZone(zone));
                }
                if (expression.getNextValidTimeAfter(Date.from(Instant.now())) == null) {
                    problems.add("field 'cron': '" + cron + "' never fires again");
                }
            } catch (ParseException | RuntimeException e) {
                problems.add("field 'cron': '" + cron + "' is not a Quartz cron expression"
                        + " (seconds minutes hours day-of-month month day-of-week [year]): " + oneLine(e.getMessage()));
            }
        }
        return crons;
    }

    private static Map<String, String> parameters(Object value, List<String> problems) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (value == null) {
            return parameters;
        }
        if (!(value instanceof Map<?, ?> map)) {
            problems.add("field 'parameters': must be a mapping of names to values");
            return parameters;
        }
        map.forEach((k, v) -> {
            String key = String.valueOf(k);
            if (!PARAMETER.matcher(key).matches()) {
                problems.add("field 'parameters': '" + key
                        + "' must start with a letter and hold only letters, digits, '_' and '-'");
            } else if (key.equals(BillingJobs.DATE) || key.equals(BillingJobs.SLOT)) {
                problems.add("field 'parameters': '" + key + "' is set by the scheduler, not by the file");
            } else if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                parameters.put(key, String.valueOf(v));
            } else {
                problems.add("field 'parameters': the value of '" + key + "' must be a single value");
            }
        });
        return parameters;
    }

    private static String text(Map<?, ?> fields, String field, List<String> problems) {
        Object value = fields.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            problems.add("field '" + field + "': must be text, not '" + value + "'");
            return null;
        }
        return text;
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        return new Yaml(new SafeConstructor(options));
    }

    private static boolean isYaml(String fileName) {
        return fileName.endsWith(".yml") || fileName.endsWith(".yaml");
    }

    private static String baseName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? fileName : fileName.substring(0, dot);
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*\\n\\s*", " ").strip();
    }
}
