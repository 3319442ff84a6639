/**
 * The two Spring Batch jobs ({@code nightly-billing}, {@code daily-billing}) and how they are steered:
 * the wiring of their steps, the tasklets that call the charge engine's seams ({@code ChargeRunner},
 * {@code NightlyWork}), the heartbeat through which a running step hears a stop asked by another
 * process, the recovery of executions left behind by a dead process, and the launcher the command
 * line and the scheduler start jobs with.
 */
package io.authpay.billing.batch;
