-- Settlement: how JKoPay said the redeemed part (redeem_amount) of a paid attempt or of a refund was covered,
-- its redeem_detail: JKO coins, JKoPay's coupons, the store's coupons. NULL where no answer said it (not
-- paid, not refunded, or an answer without redeem_detail). Appended columns: an instant change on MySQL 8
-- and MariaDB, whatever the size of the table.
ALTER TABLE charge_attempt
    ADD COLUMN jko_coin_amount BIGINT NULL,
    ADD COLUMN official_coupon_amount BIGINT NULL,
    ADD COLUMN store_coupon_amount BIGINT NULL;

ALTER TABLE refund
    ADD COLUMN jko_coin_amount BIGINT NULL,
    ADD COLUMN official_coupon_amount BIGINT NULL,
    ADD COLUMN store_coupon_amount BIGINT NULL;
