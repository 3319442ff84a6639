package io.authpay.billing.cli;

/** How listing commands print: an aligned table for people, JSON for programs. */
enum OutputFormat {
    table,
    json
}
