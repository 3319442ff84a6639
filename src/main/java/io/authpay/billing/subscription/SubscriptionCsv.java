package io.authpay.billing.subscription;

import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads and validates a subscription CSV file (design: Subscription CSV). The header is required and
 * exact: {@code external_id,auth_no,amount,currency,period,anchor_date,trade_name}, optionally followed
 * by {@code next_billing_date} (empty or absent: the anchor date). Values follow RFC 4180 quoting, so a
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
    private static final CSVFormat FORMAT =
            CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get();

    private SubscriptionCsv() {}

    /**
     * Reads a UTF-8 file. A file that is not UTF-8 (saved as Big5, say) is refused with the line of the
     * first bad byte rather than imported with garbled trade names.
     *
     * @throws IOException when the file cannot be read at all (missing, no permission)
     */
    public static SubscriptionCsvResult parse(Path file) throws IOException {
        // Decoded up front: a decoding Reader fails a whole buffer ahead of the parser, at no useful line.
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer text = CharBuffer.allocate(bytes.length);
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
        CoderResult decoded = utf8.decode(in, text, true);
        if (!decoded.isError()) {
            decoded = utf8.flush(text);
        }
        if (decoded.isError()) {
            return SubscriptionCsvResult.invalid(List.of(notUtf8(lineOfByte(bytes, in.position()))));
        }
        return parse(new StringReader(text.flip().toString()));
    }

    /**
     * Reads CSV text to the end and closes the reader.
     *
     * @throws IOException when the reader fails for a reason other than the content
     */
    public static SubscriptionCsvResult parse(Reader reader) throws IOException {
        List<RowError> errors = new ArrayList<>();
        List<SubscriptionRow> rows = new ArrayList<>();
        Map<String, Integer> firstLineOfId = new HashMap<>();
        List<Integer> blankLines = new ArrayList<>();
        int columns = -1;
        int line = 1;
        try (CSVParser csv = CSVParser.parse(withoutByteOrderMark(reader), FORMAT)) {
            Iterator<CSVRecord> records = csv.iterator();
            // Commons CSV counts the line breaks it has consumed, so a record starts one line after the
            // previous one ended, however many lines its quoted values span.
            try {
                for (; records.hasNext(); line = (int) csv.getCurrentLineNumber() + 1) {
                    List<String> values = records.next().toList();
                    if (columns < 0) {
                        RowError headerError = checkHeader(values);
                        if (headerError != null) {
                            return SubscriptionCsvResult.invalid(List.of(headerError));
                        }
                        columns = values.size();
                    } else if (isBlank(values)) {
                        blankLines.add(line);
                    } else {
                        for (int blank : blankLines) {
                            errors.add(new RowError(blank, "columns", "the line is empty; remove it"));
                        }
                        blankLines.clear();
                        checkRow(line, values, columns, rows, errors, firstLineOfId);
                    }
                }
            } catch (UncheckedIOException e) {
                errors.add(unreadable(line, e.getCause()));
            }
        } catch (CharacterCodingException e) {
            // Only a caller's own decoding Reader gets here, and it reads ahead: the line is approximate.
            errors.add(notUtf8(line));
        }
        if (columns < 0 && errors.isEmpty()) {
            errors.add(new RowError(1, "header", "the file is empty; its first line must be the header " + HEADER));
        }
        return errors.isEmpty() ? SubscriptionCsvResult.valid(rows) : SubscriptionCsvResult.invalid(errors);
    }

    private static void checkRow(
            int line,
            List<String> rawValues,
            int columns,
            List<SubscriptionRow> rows,
            List<RowError> errors,
            Map<String, Integer> firstLineOfId) {
        if (rawValues.size() != columns) {
            errors.add(new RowError(line, "columns", wrongColumnCount(rawValues.size(), columns)));
            return;
        }
        List<String> values = rawValues.stream().map(String::strip).toList();
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
        SubscriptionRow row = RowValidator.validate(line, values, errors);
        if (row != null) {
            rows.add(row);
        }
    }

    /** The header error, or {@code null} when the header is one of the two accepted forms. */
    private static RowError checkHeader(List<String> names) {
        List<String> withOptional = new ArrayList<>(COLUMNS);
        withOptional.add(OPTIONAL_COLUMN);
        if (names.equals(COLUMNS) || names.equals(withOptional)) {
            return null;
        }
        String expected = "expected " + HEADER + " (optionally followed by ," + OPTIONAL_COLUMN + ")";
        for (int i = 0; i < Math.min(names.size(), withOptional.size()); i++) {
            if (!names.get(i).equals(withOptional.get(i))) {
                return new RowError(
                        1,
                        "header",
                        expected + "; column " + (i + 1) + " is " + RowValidator.quote(names.get(i)) + " instead of "
                                + withOptional.get(i));
            }
        }
        return new RowError(
                1, "header", expected + "; found " + names.size() + (names.size() == 1 ? " column" : " columns"));
    }

    private static String wrongColumnCount(int found, int expected) {
        String counts = found + (found == 1 ? " value" : " values") + " but the header has " + expected + " columns";
        return found < expected
                ? counts + "; is a value or a comma missing?"
                : counts + "; a value that contains a comma must be in double quotes";
    }

    private static boolean isBlank(List<String> values) {
        return values.size() == 1 && values.get(0).isBlank();
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

    /** The line of a byte offset, counting line breaks as Commons CSV does (LF, CRLF or a lone CR). */
    private static int lineOfByte(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n'))) {
                line++;
            }
        }
        return line;
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
}
