-- Counts the report's totals (V12) from the attempts already there, as `report --recount` does: everything
-- again, so that running this once more (a schema put back behind it) counts nothing twice.
DELETE FROM charge_attempt_total;

INSERT INTO charge_attempt_total
SELECT TIMESTAMP(DATE(requested_at), MAKETIME(HOUR(requested_at), 0, 0)), outcome, COALESCE(result_code, ''),
    COALESCE(unknown_reason, ''), COALESCE(latency_ms, -1), 0, COUNT(*), COALESCE(SUM(amount), 0),
    COALESCE(SUM(final_price), 0), COALESCE(SUM(debit_amount), 0), COALESCE(SUM(redeem_amount), 0),
    COALESCE(SUM(jko_coin_amount), 0), COALESCE(SUM(official_coupon_amount), 0),
    COALESCE(SUM(store_coupon_amount), 0)
FROM charge_attempt
WHERE outcome IS NOT NULL
GROUP BY 1, 2, 3, 4, 5;

UPDATE charge SET paid_final_price = NULL, paid_debit_amount = NULL
WHERE paid_final_price IS NOT NULL OR paid_debit_amount IS NOT NULL;

UPDATE charge c
JOIN (SELECT charge_id, SUM(final_price) AS final_price, SUM(debit_amount) AS debit_amount
      FROM charge_attempt
      WHERE outcome IN ('SUCCEEDED', 'ALREADY_PAID')
      GROUP BY charge_id) p ON p.charge_id = c.id
SET c.paid_final_price = p.final_price, c.paid_debit_amount = p.debit_amount;
