/**
 * The built-in JKoPay AuthPay simulator: {@link io.authpay.billing.sandbox.AuthPaySandbox} serves the six
 * platform endpoints over real HTTP on 127.0.0.1, with scripted faults
 * ({@link io.authpay.billing.sandbox.SandboxFaults}) and a ledger of what it charged
 * ({@link io.authpay.billing.sandbox.SandboxLedger}). Plain Java, no Spring.
 */
package io.authpay.billing.sandbox;
