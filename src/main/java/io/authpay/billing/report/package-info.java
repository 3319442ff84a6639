/**
 * Billing reports for operators: {@link io.authpay.billing.report.BillingReports} reads the billing
 * tables for a range of Asia/Taipei days into an immutable {@link io.authpay.billing.report.BillingReport}
 * and renders it as an aligned text table, CSV, JSON or one self-contained HTML file. Reports only read;
 * the charge engine and the jobs own the rows.
 */
package io.authpay.billing.report;
