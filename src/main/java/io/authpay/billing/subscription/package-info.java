/**
 * Subscriptions: the billing calendar (when a subscription is charged, month-end rules, the key that
 * makes each period chargeable once) and the validation of the subscription CSV import. Plain Java: no
 * Spring, no database, no clock of its own; callers pass the dates.
 */
package io.authpay.billing.subscription;
