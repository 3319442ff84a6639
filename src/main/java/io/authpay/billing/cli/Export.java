package io.authpay.billing.cli;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import tools.jackson.databind.SequenceWriter;

/**
 * Writes rows as they come, never holding them: JSON as one array of objects (the same keys as {@link
 * Json}), CSV as a header of the same snake_case names and one record per row (a list value is written
 * space-separated, a null empty). Closing it ends the array; the output itself stays open.
 */
final class Export<T extends Record> implements Consumer<T>, AutoCloseable {

    private final RecordComponent[] components;
    private final SequenceWriter json;
    private final CSVPrinter csv;
    private int count;

    private Export(Class<T> type, ExportFormat format, PrintWriter out) {
        this.components = type.getRecordComponents();
        PrintWriter output = out; // FilterWriter's own field is named out
        Writer target = new FilterWriter(output) {
            @Override
            public void close() {
                output.flush(); // the command's output outlives the export
            }

            @Override
            public void flush() {
                output.flush();
            }
        };
        try {
            if (format == ExportFormat.json) {
                this.json = Json.MAPPER.writer().writeValuesAsArray(target);
                this.csv = null;
            } else {
                this.json = null;
                this.csv = new CSVPrinter(
                        target,
                        CSVFormat.RFC4180
                                .builder()
                                .setHeader(header(components))
                                .get());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An export of {@code type} rows in {@code format} (json or csv) to {@code out}. */
    static <T extends Record> Export<T> to(PrintWriter out, ExportFormat format, Class<T> type) {
        if (format == ExportFormat.table) {
            throw new IllegalArgumentException("a table is not an export");
        }
        return new Export<>(type, format, out);
    }

    @Override
    public void accept(T row) {
        count++;
        if (json != null) {
            json.write(row);
            return;
        }
        List<Object> values = new ArrayList<>(components.length);
        for (RecordComponent component : components) {
            values.add(csvValue(value(component, row)));
        }
        try {
            csv.printRecord(values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The last line under a table: how many rows it has, or, when the limit cut it short, how many there
     * are in all and how to see them.
     *
     * @param total counts every row; asked only when the table is full
     */
    static String tableFooter(int shown, int limit, LongSupplier total, String noun) {
        if (shown < limit) {
            return String.format(Locale.ROOT, "%,d %s", shown, noun);
        }
        long all = total.getAsLong();
        if (all <= shown) {
            return String.format(Locale.ROOT, "%,d %s", shown, noun);
        }
        return String.format(
                Locale.ROOT,
                "showing %,d of %,d %s; use --limit N for more, or --format csv or json for every one",
                shown,
                all,
                noun);
    }

    /** How many rows were written. */
    int count() {
        return count;
    }

    @Override
    public void close() {
        try {
            if (json != null) {
                json.close();
            } else {
                csv.close(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String[] header(RecordComponent[] components) {
        // the names Json's snake_case strategy gives the same fields
        return Arrays.stream(components)
                .map(component -> component
                        .getName()
                        .replaceAll("([a-z0-9])([A-Z])", "$1_$2")
                        .toLowerCase(Locale.ROOT))
                .toArray(String[]::new);
    }

    private static Object value(RecordComponent component, Record row) {
        try {
            return component.getAccessor().invoke(row);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component.getName(), e);
        }
    }

    private static Object csvValue(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Collection<?> list) {
            return list.stream().map(String::valueOf).collect(Collectors.joining(" "));
        }
        return value;
    }
}
