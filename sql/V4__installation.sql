-- A random id of this database, part of every platform_order_id. Charge ids start at 1 in every
-- database: a staging copy, a rebuilt database or a second merchant system charging through the same
-- JKoPay store must never send an order id JKoPay has seen (it would answer 101, or worse, refund the
-- wrong order).
CREATE TABLE installation (
    id CHAR(8) NOT NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

INSERT INTO installation (id) VALUES (LOWER(SUBSTRING(MD5(CONCAT(RAND(), NOW(6), UUID())), 1, 8)));
