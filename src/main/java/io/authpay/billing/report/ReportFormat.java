package io.authpay.billing.report;

/** How a report is written. Lower case, as typed on the command line ({@code --format html}). */
public enum ReportFormat {
    /** Aligned text tables for a terminal. */
    table,
    /** RFC 4180 CSV, one table per section. */
    csv,
    /** JSON with stable snake_case keys (see {@link JsonReport}). */
    json,
    /** One self-contained HTML file: inline CSS and SVG, no scripts, no external assets. */
    html
}
