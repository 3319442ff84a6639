-- The subscription API. A create with an Idempotency-Key keeps its answer here for at least 24 hours:
-- the same key again gets the same answer, the same key with another body is refused.
CREATE TABLE idempotency_key (
    idem_key      VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    -- SHA-256 of the request body, hex
    request_hash  CHAR(64)     NOT NULL,
    response_body MEDIUMTEXT   NOT NULL,
    created_at    DATETIME(6)  NOT NULL,
    PRIMARY KEY (idem_key),
    -- keys older than 24 hours are removed
    INDEX ix_idempotency_key_created_at (created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- A cancel at the end of the period: no charge is created for a period starting on or after this date,
-- and nightly-billing cancels the subscription on it.
ALTER TABLE subscription ADD COLUMN cancel_at DATE NULL AFTER status;
