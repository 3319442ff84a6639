package io.authpay.billing.cli;

/**
 * How the listing commands that export print: an aligned table for people (a default limit, and a line
 * saying how many there are in all), JSON or CSV for programs (every row, streamed, unless --limit).
 */
enum ExportFormat {
    table,
    json,
    csv
}
