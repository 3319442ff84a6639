package io.authpay.billing.subscription;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * Reads and validates a subscription CSV file (design: Subscription CSV). The header row names the
 * columns, in any order: {@code external_id,auth_no,amount,currency,period,anchor_date,trade_name} are
 * required and {@code next_billing_date} is optional (empty or absent: the anchor date); an unknown or
 * repeated column is refused by name, as is a missing required one. A file is read as a stream, row by
 * row, so a million rows take no more memory than the ids seen (to find repeated ones). Values follow RFC 4180 quoting, so a
 * trade name may hold commas, quotes and line breaks; the text is UTF-8, with or without a byte order
 * mark. Spaces around a value are ignored. Blank lines at the end are ignored; a blank line between rows
 * is an error, as is every other problem, and every row is checked so that one run lists them all.
 * Errors name the physical line of the file, counting the header as line 1 and every line break inside
 * quotes.
 */
public final class SubscriptionCsv {

    /** The columns every file has, in this order. */
    public static final List<String> COLUMNS =
            List.of("external_id", "auth_no", "amount", "currency", "period", "anchor_date", "trade_name");

    /** The one optional column, after the others. */
    public static final String OPTIONAL_COLUMN = "next_billing_date";

    private static final String HEADER = String.join(",", COLUMNS);

    // Empty lines must stay visible: they count in line numbers and a blank line between rows is reported.
    // The header row names the columns (Commons CSV's header mapping); names are checked here, so that
    // an unknown, repeated or unnamed column is refused by name instead of by the library's exception.
    private static final CSVFormat FORMAT = CSVFormat.RFC4180
            .builder()
            .setIgnoreEmptyLines(false)
            .setHeader()
            .setSkipHeaderRecord(true)
            .setAllowMissingColumnNames(true)
            .setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_ALL)
            .get();

    private SubscriptionCsv() {}

    /**
     * Reads a UTF-8 file into memory. A file that is not UTF-8 (saved as Big5, say) is refused with the
     * line of the first bad byte rather than imported with garbled trade names.
     *
     * @throws IOException when the file cannot be read at all (missing, no permission)
     */
    public static SubscriptionCsvResult parse(Path file) throws IOException {
        List<SubscriptionRow> rows = new ArrayList<>();
        SubscriptionCsvResult result = read(file, rows::add);
        return result.isValid() ? SubscriptionCsvResult.valid(rows) : result;
    }

    /**
     * Reads a UTF-8 file as a stream, handing each valid row to {@code each} in file order, and checks all
     * of it. Rows reach {@code each} before the whole file is known to be valid: only a valid result
     * (whose {@link SubscriptionCsvResult#count()} says how many rows there were) means they may be used.
     *
     * @throws IOException when the file cannot be read at all (missing, no permission)
     */
    public static SubscriptionCsvResult read(Path file, Consumer<SubscriptionRow> each) throws IOException {
        // Checked first, byte by byte: a decoding Reader fails a whole buffer ahead of the parser, at no
        // useful line.
        int badLine = firstLineNotUtf8(file);
        if (badLine > 0) {
            return SubscriptionCsvResult.invalid(List.of(notUtf8(badLine)));
        }
        try (Reader reader = new BufferedReader(
                new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()), 1 << 16)) {
            return read(reader, each);
        }
    }

    /**
     * Reads CSV text to the end, in memory, and closes the reader.
     *
     * @throws IOException when the reader fails for a reason other than the content
     */
    public static SubscriptionCsvResult parse(Reader reader) throws IOException {
        List<SubscriptionRow> rows = new ArrayList<>();
        SubscriptionCsvResult result = read(reader, rows::add);
        return result.isValid() ? SubscriptionCsvResult.valid(rows) : result;
    }

    private static SubscriptionCsvResult read(Reader reader, Consumer<SubscriptionRow> each) throws IOException {
        Errors errors = new Errors();
        Map<String, Integer> firstLineOfId = new HashMap<>();
        List<Integer> blankLines = new ArrayList<>();
        int rows = 0;
        int line = 1;
        try (CSVParser csv = CSVParser.parse(withoutByteOrderMark(reader), FORMAT)) {
            List<String> names = csv.getHeaderNames();
            if (names.isEmpty() || (names.size() == 1 && names.get(0).isBlank())) {
                return SubscriptionCsvResult.invalid(List.of(new RowError(
                        1,
                        "header",
                        "the file is empty; its first line must be the header " + HEADER + "[," + OPTIONAL_COLUMN
                                + "] (in any order)")));
            }
            RowError headerError = checkHeader(names);
            if (headerError != null) {
                return SubscriptionCsvResult.invalid(List.of(headerError));
            }
            List<String> order = new ArrayList<>(COLUMNS);
            if (names.contains(OPTIONAL_COLUMN)) {
                order.add(OPTIONAL_COLUMN);
            }
            line = (int) csv.getCurrentLineNumber() + 1;
            Iterator<CSVRecord> records = csv.iterator();
            // Commons CSV counts the line breaks it has consumed, so a record starts one line after the
            // previous one ended, however many lines its quoted values span.
            try {
                for (; records.hasNext(); line = (int) csv.getCurrentLineNumber() + 1) {
                    CSVRecord record = records.next();
                    if (isBlank(record)) {
                        blankLines.add(line);
                        continue;
                    }
                    for (int blank : blankLines) {
                        errors.add(new RowError(blank, "columns", "the line is empty; remove it"));
                    }
                    blankLines.clear();
                    SubscriptionRow row = checkRow(line, record, names.size(), order, errors, firstLineOfId);
                    if (row != null) {
                        rows++;
                        if (errors.isEmpty()) {
                            each.accept(row);
                        }
                    }
                }
            } catch (UncheckedIOException e) {
                errors.add(unreadable(line, e.getCause()));
            }
        } catch (CharacterCodingException e) {
            // Only a caller's own decoding Reader gets here, and it reads ahead: the line is approximate.
            errors.add(notUtf8(line));
        } catch (CSVException e) {
            // the header row itself is not valid CSV
            errors.add(unreadable(line, e));
        }
        return errors.isEmpty() ? SubscriptionCsvResult.valid(rows) : errors.result();
    }

    private static SubscriptionRow checkRow(
            int line,
            CSVRecord record,
            int columns,
            List<String> order,
            Errors errors,
            Map<String, Integer> firstLineOfId) {
        if (record.size() != columns) {
            errors.add(new RowError(line, "columns", wrongColumnCount(record.size(), columns)));
            return null;
        }
        List<String> values = new ArrayList<>(order.size());
        for (String column : order) {
            values.add(record.get(column).strip());
        }
        String externalId = values.get(0);
        if (!externalId.isEmpty()) {
            Integer firstLine = firstLineOfId.putIfAbsent(externalId, line);
            if (firstLine != null) {
                errors.add(new RowError(
                        line,
                        "external_id",
                        RowValidator.quote(externalId) + " is also on line " + firstLine
                                + "; each subscription may appear once"));
            }
        }
        List<RowError> found = new ArrayList<>();
        SubscriptionRow row = RowValidator.validate(line, values, found);
        found.forEach(errors::add);
        return row;
    }

    /** The header error, or {@code null} when the header names every required column once and no other. */
    private static RowError checkHeader(List<String> names) {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (!COLUMNS.contains(name) && !OPTIONAL_COLUMN.equals(name)) {
                problems.add(
                        name.isBlank()
                                ? "column " + (i + 1) + " has no name"
                                : "unknown column " + RowValidator.quote(name));
            } else if (!seen.add(name)) {
                problems.add("column " + name + " appears twice");
            }
        }
        List<String> missing =
                COLUMNS.stream().filter(column -> !seen.contains(column)).toList();
        if (!missing.isEmpty()) {
            problems.add(
                    missing.size() == 1
                            ? "required column " + missing.get(0) + " is missing"
                            : "required columns " + String.join(", ", missing) + " are missing");
        }
        if (problems.isEmpty()) {
            return null;
        }
        return new RowError(
                1,
                "header",
                String.join("; ", problems) + " (the columns are " + String.join(", ", COLUMNS) + " and optionally "
                        + OPTIONAL_COLUMN + ", in any order)");
    }

    private static String wrongColumnCount(int found, int expected) {
        String counts = found + (found == 1 ? " value" : " values") + " but the header has " + expected + " columns";
        return found < expected
                ? counts + "; is a value or a comma missing?"
                : counts + "; a value that contains a comma must be in double quotes";
    }

    private static boolean isBlank(CSVRecord record) {
        return record.size() == 1 && record.get(0).isBlank();
    }

    private static RowError unreadable(int line, IOException cause) throws IOException {
        if (cause instanceof CharacterCodingException) {
            return notUtf8(line);
        }
        String reason = String.valueOf(cause.getMessage());
        if (reason.contains("EOF reached before encapsulated token finished")) {
            return new RowError(
                    line,
                    "file",
                    "a quoted value that starts on this line is never closed; add the missing \" (write a"
                            + " quote inside a quoted value as \"\")");
        }
        if (reason.contains("Invalid character between encapsulated token and delimiter")) {
            return new RowError(
                    line, "file", "text follows a closing quote; inside a quoted value write a quote as \"\"");
        }
        if (cause instanceof org.apache.commons.csv.CSVException) {
            return new RowError(line, "file", "is not valid CSV here: " + reason);
        }
        throw cause;
    }

    private static RowError notUtf8(int line) {
        return new RowError(line, "file", "is not UTF-8 text here; save the file as CSV UTF-8 and import it again");
    }

    /**
     * The line of the first byte that is not UTF-8, or 0 when the whole file is UTF-8; lines count as
     * Commons CSV counts them (LF, CRLF or a lone CR).
     */
    private static int firstLineNotUtf8(Path file) throws IOException {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
        ByteBuffer in = ByteBuffer.allocate(1 << 16);
        CharBuffer out = CharBuffer.allocate(1 << 16);
        int line = 1;
        byte previous = 0;
        try (ReadableByteChannel channel = Files.newByteChannel(file)) {
            boolean end = false;
            while (!end) {
                end = channel.read(in) < 0;
                in.flip();
                int from = in.position();
                CoderResult decoded;
                do {
                    out.clear();
                    decoded = utf8.decode(in, out, end);
                } while (decoded.isOverflow());
                if (!decoded.isError() && end) {
                    decoded = utf8.flush(out.clear());
                }
                for (int i = from; i < in.position(); i++) {
                    byte b = in.get(i);
                    if (b == '\n' ? previous != '\r' : b == '\r') {
                        line++;
                    }
                    previous = b;
                }
                if (decoded.isError()) {
                    return line;
                }
                in.compact();
            }
        }
        return 0;
    }

    /** Excel writes "CSV UTF-8" with a byte order mark; without this the first column would not match. */
    private static Reader withoutByteOrderMark(Reader reader) throws IOException {
        PushbackReader in = new PushbackReader(reader, 1);
        int first = in.read();
        if (first != -1 && first != '\uFEFF') {
            in.unread(first);
        }
        return in;
    }

    /** The errors found so far: the first {@value #KEPT} kept, the rest only counted. */
    private static final class Errors {
        static final int KEPT = 1000;
        private final List<RowError> kept = new ArrayList<>();
        private int more;

        void add(RowError error) {
            if (kept.size() < KEPT) {
                kept.add(error);
            } else {
                more++;
            }
        }

        boolean isEmpty() {
            return kept.isEmpty();
        }

        SubscriptionCsvResult result() {
            return SubscriptionCsvResult.invalid(kept, more);
        }
    }
}
