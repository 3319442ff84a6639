package io.authpay.billing.cli;

import io.authpay.billing.system.EmbeddedDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.ResolvableType;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Finds, in a chain of causes (Spring wraps start-up failures deeply), the message an operator needs. A
 * setting Spring Boot could not bind or that broke its record's limits is bad input: one line per key
 * naming the key, the value and what is allowed, and exit code 2.
 */
final class Failures {
    private Failures() {}

    static String explain(Throwable failure) {
        Throwable chosen = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CliException) {
                return t.getMessage();
            }
            if (t instanceof BindException bind) {
                return explain(bind);
            }
            if (t instanceof InvalidConfigurationPropertyValueException invalid) {
                return invalid.getName() + "=" + invalid.getValue() + ": " + invalid.getReason();
            }
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                chosen = t; // the deepest cause with a message says what really went wrong
            }
            if (t.getCause() == t) {
                break;
            }
        }
        String message = chosen.getMessage();
        return message == null || message.isBlank() ? chosen.getClass().getSimpleName() : message;
    }

    static int exitCode(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CliException cli) {
                return cli.exitCode();
            }
            if (t instanceof BindException || t instanceof InvalidConfigurationPropertyValueException) {
                return ExitCodes.BAD_INPUT;
            }
            if (t instanceof EmbeddedDatabase.EmbeddedDatabaseException && t.getCause() == null) {
                // Thrown without a cause only when another process holds the folder: a setting to change
                // (billing.database.embedded-dir or spring.datasource.url), not a failure of this one.
                return ExitCodes.BAD_INPUT;
            }
        }
        return ExitCodes.FAILED;
    }

    /** The innermost binding failure: a value that is not of the key's type, or one outside its limits. */
    private static String explain(BindException bind) {
        for (Throwable t = bind.getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BindException inner) {
                bind = inner;
            } else if (t instanceof BindValidationException invalid) {
                ValidationErrors errors = invalid.getValidationErrors();
                return errors.getAllErrors().stream()
                        .map(error -> explain(errors, error))
                        .collect(Collectors.joining(System.lineSeparator()));
            }
        }
        ConfigurationProperty property = bind.getProperty();
        String key = property != null
                ? property.getName().toString()
                : bind.getName().toString();
        String value = property != null ? String.valueOf(property.getValue()) : "(unset)";
        return key + "=" + value + ": not " + expected(bind.getTarget().getType());
    }

    private static String explain(ValidationErrors errors, ObjectError error) {
        String prefix = errors.getName().toString();
        if (!(error instanceof FieldError field)) {
            return prefix + ": " + error.getDefaultMessage();
        }
        String path = kebab(field.getField());
        if (isRule(field)) {
            // A rule over several keys (an @AssertTrue method): its message names them; the values given follow.
            String owner = path.contains(".") ? prefix + "." + path.substring(0, path.lastIndexOf('.')) : prefix;
            String given = errors.getBoundProperties().stream()
                    .filter(p -> p.getName().toString().startsWith(owner + "."))
                    .map(p -> p.getName() + "=" + p.getValue())
                    .sorted()
                    .collect(Collectors.joining(", "));
            return owner + ": " + field.getDefaultMessage() + (given.isEmpty() ? "" : " (given: " + given + ")");
        }
        String indexed = prefix + "." + path;
        // One element of a list written as one value (dunning-delays=1d,-3d): the key and the value as written.
        String whole = indexed.replaceFirst("\\[\\d+]$", "");
        // The value as written (30s), not as converted (PT30S), when Spring Boot bound it from a property.
        return errors.getBoundProperties().stream()
                        .filter(p -> p.getName().toString().equals(indexed))
                        .findFirst()
                        .or(() -> errors.getBoundProperties().stream()
                                .filter(p -> p.getName().toString().equals(whole))
                                .findFirst())
                        .map(p -> p.getName() + "=" + p.getValue())
                        .orElse(indexed + "=" + field.getRejectedValue())
                + ": " + field.getDefaultMessage();
    }

    private static boolean isRule(FieldError error) {
        return error.getCodes() != null && Arrays.asList(error.getCodes()).contains("AssertTrue");
    }

    /** What a value of this type looks like, in the words and examples of the README's settings table. */
    static String expected(ResolvableType type) {
        Class<?> raw = type.resolve(Object.class);
        if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            return "a whole number";
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return "true or false";
        }
        if (raw == Duration.class) {
            return "a duration such as 500ms, 30s, 5m, 2h or 1d";
        }
        if (raw == LocalTime.class) {
            return "a time of day such as 08:00";
        }
        if (raw == LocalDate.class) {
            return "a date such as 2026-12-31";
        }
        if (raw == Instant.class) {
            return "an ISO-8601 instant such as 2026-12-01T02:00:00Z";
        }
        if (raw == ZoneId.class) {
            return "a time zone such as Asia/Taipei";
        }
        if (raw.isEnum()) {
            return "one of "
                    + Arrays.stream(raw.getEnumConstants())
                            .map(Object::toString)
                            .map(name -> name.toLowerCase(Locale.ROOT).replace('_', '-'))
                            .collect(Collectors.joining(", "));
        }
        if (Collection.class.isAssignableFrom(raw) || raw.isArray()) {
            ResolvableType element = raw.isArray()
                    ? type.getComponentType()
                    : type.asCollection().getGeneric(0);
            return "a comma-separated list, each " + expected(element);
        }
        return "a valid " + raw.getSimpleName();
    }

    /** {@code windowGuard} → {@code window-guard}, the spelling of the README and the command line. */
    private static String kebab(String field) {
        return List.of(field.split("\\.")).stream()
                .map(part -> part.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT))
                .collect(Collectors.joining("."));
    }
}
