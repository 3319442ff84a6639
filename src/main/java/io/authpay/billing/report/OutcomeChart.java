package io.authpay.billing.report;

import io.authpay.billing.report.BillingReport.DayOutcomes;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;

/**
 * A stacked bar chart of attempts per day by outcome class, as inline SVG with no namespace declaration
 * (HTML puts {@code <svg>} in the SVG namespace itself) and a {@code <title>} on every bar segment, so a
 * pointer shows the figures without scripts.
 */
final class OutcomeChart {

    private static final int LEFT = 48;
    private static final int RIGHT = 16;
    private static final int TOP = 12;
    private static final int PLOT = 200;
    private static final int BOTTOM = 28;

    /** One color per outcome class; the good ones green, declines warm, errors red, unknown grey. */
    private static final Map<String, String> COLORS = Map.ofEntries(
            Map.entry("SUCCEEDED", "#2e9d5b"),
            Map.entry("ALREADY_PAID", "#86c99f"),
            Map.entry("SOFT_DECLINE", "#f0a33a"),
            Map.entry("QUOTA_DECLINE", "#d67a1f"),
            Map.entry("AMOUNT_MISMATCH", "#c2556a"),
            Map.entry("CYCLE_QUOTA", "#9b6bc6"),
            Map.entry("OUTSIDE_WINDOW", "#8fa3bf"),
            Map.entry("BUSY_AUTH", "#5fa8d3"),
            Map.entry("AUTH_REVOKED", "#b83232"),
            Map.entry("REQUEST_ERROR", "#6e2c2c"),
            Map.entry("UNKNOWN", "#6b7280"),
            Map.entry("IN_FLIGHT", "#c9ced6"));

    private static final String OTHER_COLOR = "#333333";

    private OutcomeChart() {}

    static String svg(List<DayOutcomes> days) {
        int n = Math.max(1, days.size());
        // Wide bars for a few days, thin ones for a year; the chart never gets wider than ~1000px.
        double step = Math.max(2.5, Math.min(56, 960.0 / n));
        double bar = Math.max(1.5, step * 0.7);
        // a one-day chart still gets room for its axis labels
        // (at least 640: the page scales the chart to its width, up to twice this, so a short range is not a
        // small picture in a large page)
        int width = Math.max(640, (int) Math.ceil(LEFT + n * step + RIGHT));
        int height = TOP + PLOT + BOTTOM;
        long max = days.stream().mapToLong(DayOutcomes::attempts).max().orElse(0);
        long top = niceCeiling(max);

        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart\" style=\"max-width:")
                .append(2 * width)
                .append("px\" width=\"")
                .append(width)
                .append("\" height=\"")
                .append(height)
                .append("\" viewBox=\"0 0 ")
                .append(width)
                .append(' ')
                .append(height)
                .append("\" role=\"img\" aria-label=\"Attempts per day by outcome\">\n");
        // gridlines and their labels at 0, half and the top of the scale
        for (long value : LongStream.of(0, top / 2, top).distinct().toArray()) {
            double y = TOP + PLOT - (double) value * PLOT / top;
            svg.append("<line x1=\"")
                    .append(LEFT)
                    .append("\" y1=\"")
                    .append(HtmlReport.number(y))
                    .append("\" x2=\"")
                    .append(width - RIGHT)
                    .append("\" y2=\"")
                    .append(HtmlReport.number(y))
                    .append("\" stroke=\"#e3e7ee\"/>\n<text x=\"")
                    .append(LEFT - 6)
                    .append("\" y=\"")
                    .append(HtmlReport.number(y + 4))
                    .append("\" text-anchor=\"end\">")
                    .append(value)
                    .append("</text>\n");
        }
        if (max == 0) {
            svg.append("<text x=\"")
                    .append(HtmlReport.number(LEFT + (width - LEFT - RIGHT) / 2.0))
                    .append("\" y=\"")
                    .append(TOP + PLOT / 2)
                    .append("\" text-anchor=\"middle\">No attempts in this range</text>\n");
        }
        int labelEvery = (int) Math.ceil(40 / step);
        for (int i = 0; i < days.size(); i++) {
            DayOutcomes day = days.get(i);
            double x = LEFT + i * step + (step - bar) / 2;
            double base = TOP + PLOT;
            for (Map.Entry<String, Long> e : day.byOutcome().entrySet()) {
                if (e.getValue() == 0) {
                    continue;
                }
                double h = (double) e.getValue() * PLOT / top;
                base -= h;
                svg.append("<rect x=\"")
                        .append(HtmlReport.number(x))
                        .append("\" y=\"")
                        .append(HtmlReport.number(base))
                        .append("\" width=\"")
                        .append(HtmlReport.number(bar))
                        .append("\" height=\"")
                        .append(HtmlReport.number(h))
                        .append("\" fill=\"")
                        .append(color(e.getKey()))
                        .append("\"><title>")
                        .append(HtmlReport.escape(day.date() + " " + e.getKey() + ": " + e.getValue()))
                        .append("</title></rect>\n");
            }
            if (i % labelEvery == 0) {
                String label = days.size() == 1
                        ? day.date().toString()
                        : day.date().toString().substring(5);
                svg.append("<text x=\"")
                        .append(HtmlReport.number(LEFT + i * step + step / 2))
                        .append("\" y=\"")
                        .append(TOP + PLOT + 16)
                        .append("\" text-anchor=\"middle\">")
                        .append(label)
                        .append("</text>\n");
            }
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** The outcome classes that occur in the range, with their colors. */
    static String legend(List<DayOutcomes> days) {
        Set<String> present = new LinkedHashSet<>();
        days.forEach(d -> d.byOutcome().forEach((outcome, count) -> {
            if (count > 0) {
                present.add(outcome);
            }
        }));
        if (present.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("<ul class=\"legend\">\n");
        for (String outcome : present) {
            out.append("<li><span style=\"background:")
                    .append(color(outcome))
                    .append("\"></span>")
                    .append(HtmlReport.escape(outcome))
                    .append("</li>\n");
        }
        return out.append("</ul>\n").toString();
    }

    private static String color(String outcome) {
        return COLORS.getOrDefault(outcome, OTHER_COLOR);
    }

    /** The smallest 1, 2 or 5 × 10^k at or above {@code max} (at least 1), so the scale reads easily. */
    static long niceCeiling(long max) {
        long magnitude = 1;
        while (true) {
            for (long m : new long[] {1, 2, 5}) {
                if (m * magnitude >= max) {
                    return m * magnitude;
                }
            }
            magnitude *= 10;
        }
    }
}
