-- The billing schema. Runs on MySQL 8.0+ and MariaDB 10.6+ alike.
--
-- Conventions:
-- * utf8mb4 everywhere: trade names and customer names are usually Chinese. Gateway ids
--   (auth_no, platform_order_id, ...) compare byte for byte (utf8mb4_bin).
-- * Money is integer TWD in BIGINT. Never DECIMAL with a fraction, never FLOAT.
-- * Instants are DATETIME(6) in UTC (every connection sets time_zone = '+00:00', so NOW(6) is
--   UTC too). Billing dates are DATE values in Asia/Taipei.
-- * Every index is named after the query it serves.

-- An AuthPay authorization (a customer's binding), plus the lease that keeps one charge in
-- flight per auth_no across threads and nodes.
CREATE TABLE binding (
    auth_no             VARCHAR(30)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    platform_authpay_id VARCHAR(60)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    authpay_name        VARCHAR(60)  NULL,
    -- UNKNOWN until a detail refresh; then UNGRANTED, GRANTED or CANCELLED as JKoPay says.
    status              VARCHAR(16)  NOT NULL DEFAULT 'UNKNOWN',
    billing_amount      BIGINT       NULL,
    billing_currency    CHAR(3)      NULL,
    billing_period      VARCHAR(8)   NULL,
    billing_times       INT          NULL,
    jkos_account        VARCHAR(64)  NULL,
    authpay_url         VARCHAR(1000) NULL,
    qr_img              VARCHAR(1000) NULL,
    refreshed_at        DATETIME(6)  NULL,
    lock_owner          VARCHAR(100) NULL,
    lock_until          DATETIME(6)  NULL,
    created_at          DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at          DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (auth_no),
    CONSTRAINT uk_binding_platform_authpay_id UNIQUE (platform_authpay_id),
    -- nightly-billing frees expired leases
    INDEX ix_binding_lock_until (lock_until)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- A merchant's subscription: what to charge, how often, on which binding.
CREATE TABLE subscription (
    id                BIGINT       NOT NULL AUTO_INCREMENT,
    external_id       VARCHAR(64)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    auth_no           VARCHAR(30)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    amount            BIGINT       NOT NULL,
    currency          CHAR(3)      NOT NULL DEFAULT 'TWD',
    period            VARCHAR(8)   NOT NULL,
    anchor_date       DATE         NOT NULL,
    next_billing_date DATE         NOT NULL,
    trade_name        VARCHAR(30)  NOT NULL,
    -- ACTIVE, PAST_DUE, PAUSED, CANCELED, AUTH_REVOKED
    status            VARCHAR(16)  NOT NULL DEFAULT 'ACTIVE',
    created_at        DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at        DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    CONSTRAINT uk_subscription_external_id UNIQUE (external_id),
    CONSTRAINT fk_subscription_binding FOREIGN KEY (auth_no) REFERENCES binding (auth_no),
    CONSTRAINT ck_subscription_amount CHECK (amount > 0),
    -- nightly-billing: subscriptions falling due by a date
    INDEX ix_subscription_status_next_billing_date (status, next_billing_date, id),
    INDEX ix_subscription_auth_no (auth_no)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- What one subscription owes for one period. (subscription_id, period_key) is unique, so a
-- period can be owed, and so charged, at most once.
CREATE TABLE charge (
    id                BIGINT       NOT NULL AUTO_INCREMENT,
    subscription_id   BIGINT       NOT NULL,
    period_key        VARCHAR(16)  NOT NULL,
    billing_date      DATE         NOT NULL,
    auth_no           VARCHAR(30)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    amount            BIGINT       NOT NULL,
    trade_name        VARCHAR(30)  NOT NULL,
    -- DUE, IN_FLIGHT, SUCCEEDED, RETRY_SCHEDULED, UNKNOWN, NEEDS_REVIEW, FAILED, CANCELED
    status            VARCHAR(16)  NOT NULL,
    next_attempt_at   DATETIME(6)  NULL,
    attempts          INT          NOT NULL DEFAULT 0,
    dunning_attempts  INT          NOT NULL DEFAULT 0,
    inquiries         INT          NOT NULL DEFAULT 0,
    last_result_code  VARCHAR(8)   NULL,
    last_outcome      VARCHAR(24)  NULL,
    review_reason     VARCHAR(1000) NULL,
    trade_no          VARCHAR(64)  NULL,
    paid_at           DATETIME(6)  NULL,
    created_at        DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at        DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    CONSTRAINT uk_charge_subscription_period UNIQUE (subscription_id, period_key),
    CONSTRAINT fk_charge_subscription FOREIGN KEY (subscription_id) REFERENCES subscription (id),
    CONSTRAINT ck_charge_amount CHECK (amount > 0),
    -- daily-billing: due charges by time, keyset-paged by id
    INDEX ix_charge_status_next_attempt_at (status, next_attempt_at, id),
    INDEX ix_charge_auth_no (auth_no),
    -- reports: charges by billing date
    INDEX ix_charge_billing_date (billing_date)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- One call of the transaction endpoint. Written (with its platform_order_id) before the call,
-- completed after it: an attempt whose outcome is NULL after its lease expired is UNKNOWN and is
-- settled by inquiry, never by charging again blindly.
CREATE TABLE charge_attempt (
    id                BIGINT       NOT NULL AUTO_INCREMENT,
    charge_id         BIGINT       NOT NULL,
    attempt_no        INT          NOT NULL,
    platform_order_id VARCHAR(60)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    auth_no           VARCHAR(30)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    amount            BIGINT       NOT NULL,
    -- NULL while in flight; then the outcome class (SUCCEEDED, SOFT_DECLINE, ..., UNKNOWN)
    outcome           VARCHAR(24)  NULL,
    result_code       VARCHAR(8)   NULL,
    result_message    VARCHAR(500) NULL,
    -- why the outcome is unknown (TIMEOUT, NOT_JSON, ...), when it is
    unknown_reason    VARCHAR(32)  NULL,
    trade_no          VARCHAR(64)  NULL,
    final_price       BIGINT       NULL,
    debit_amount      BIGINT       NULL,
    redeem_amount     BIGINT       NULL,
    trans_time        DATETIME(6)  NULL,
    -- RESPONSE when the transaction answer settled it, INQUIRY when inquiry did
    settled_by        VARCHAR(16)  NULL,
    requested_at      DATETIME(6)  NOT NULL,
    completed_at      DATETIME(6)  NULL,
    latency_ms        INT          NULL,
    PRIMARY KEY (id),
    CONSTRAINT uk_charge_attempt_platform_order_id UNIQUE (platform_order_id),
    CONSTRAINT uk_charge_attempt_charge_attempt_no UNIQUE (charge_id, attempt_no),
    CONSTRAINT fk_charge_attempt_charge FOREIGN KEY (charge_id) REFERENCES charge (id),
    -- nightly-billing: attempts without a settled outcome, oldest first
    INDEX ix_charge_attempt_outcome_requested_at (outcome, requested_at),
    -- reports: attempts by time
    INDEX ix_charge_attempt_requested_at (requested_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- A refund of a paid order. The refund_order_id is used once: a refund whose answer was lost
-- is settled by inquiry (refund_history), never by sending a new id.
CREATE TABLE refund (
    id                BIGINT       NOT NULL AUTO_INCREMENT,
    platform_order_id VARCHAR(60)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    refund_order_id   VARCHAR(60)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    amount            BIGINT       NOT NULL,
    -- REQUESTED (in flight or answer lost), SUCCEEDED, REJECTED, UNKNOWN
    status            VARCHAR(16)  NOT NULL,
    result_code       VARCHAR(8)   NULL,
    result_message    VARCHAR(500) NULL,
    refund_trade_no   VARCHAR(64)  NULL,
    debit_amount      BIGINT       NULL,
    redeem_amount     BIGINT       NULL,
    refund_time       DATETIME(6)  NULL,
    requested_by      VARCHAR(100) NULL,
    requested_at      DATETIME(6)  NOT NULL,
    completed_at      DATETIME(6)  NULL,
    PRIMARY KEY (id),
    CONSTRAINT uk_refund_refund_order_id UNIQUE (refund_order_id),
    CONSTRAINT ck_refund_amount CHECK (amount > 0),
    INDEX ix_refund_platform_order_id (platform_order_id),
    INDEX ix_refund_requested_at (requested_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Who did what operator action, when and why.
CREATE TABLE audit_event (
    id           BIGINT        NOT NULL AUTO_INCREMENT,
    occurred_at  DATETIME(6)   NOT NULL,
    actor        VARCHAR(100)  NOT NULL,
    action       VARCHAR(64)   NOT NULL,
    target_type  VARCHAR(32)   NOT NULL,
    target_id    VARCHAR(100)  NOT NULL,
    reason       VARCHAR(1000) NULL,
    details      TEXT          NULL,
    PRIMARY KEY (id),
    INDEX ix_audit_event_occurred_at (occurred_at),
    INDEX ix_audit_event_target (target_type, target_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
