-- Outbound events (webhooks). An event row is written in the transaction of the state change that
-- causes it (the outbox), with one delivery row per endpoint that takes its type; `serve` delivers
-- them afterwards, at least once, and logs every attempt.
CREATE TABLE webhook_event (
    id               BIGINT       NOT NULL AUTO_INCREMENT,
    -- the stable id receivers deduplicate on (evt_ + 24 hex digits)
    event_id         VARCHAR(40)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    type             VARCHAR(40)  NOT NULL,
    -- deliveries of one subscription's events go out in order; NULL for none
    subscription_id  BIGINT       NULL,
    -- the exact JSON body every endpoint gets
    payload          TEXT         NOT NULL,
    created_at       DATETIME(6)  NOT NULL,
    -- set once `serve` has made its deliveries to the endpoints configured then
    fanned_out       BOOLEAN      NOT NULL DEFAULT FALSE,
    PRIMARY KEY (id),
    CONSTRAINT uk_webhook_event_event_id UNIQUE (event_id),
    -- the dispatcher: events not yet fanned out
    INDEX ix_webhook_event_fanned_out (fanned_out, id),
    -- GET /api/events by type
    INDEX ix_webhook_event_type_id (type, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- One event to one endpoint (named by its URL).
CREATE TABLE webhook_delivery (
    id               BIGINT       NOT NULL AUTO_INCREMENT,
    event_id         BIGINT       NOT NULL,
    endpoint         VARCHAR(500) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    subscription_id  BIGINT       NULL,
    -- PENDING until a 2xx answer (DELIVERED) or until retries end (FAILED)
    status           VARCHAR(16)  NOT NULL,
    attempts         INT          NOT NULL DEFAULT 0,
    next_attempt_at  DATETIME(6)  NOT NULL,
    -- retries end then (3 days after the event, or after a redeliver request)
    retry_until      DATETIME(6)  NOT NULL,
    -- a node sending it holds it until then; a node killed mid-send lets it go when this passes
    locked_until     DATETIME(6)  NULL,
    last_http_status INT          NULL,
    last_error       VARCHAR(500) NULL,
    delivered_at     DATETIME(6)  NULL,
    PRIMARY KEY (id),
    CONSTRAINT uk_webhook_delivery_event_endpoint UNIQUE (event_id, endpoint),
    CONSTRAINT fk_webhook_delivery_event FOREIGN KEY (event_id) REFERENCES webhook_event (id),
    -- the dispatcher: an endpoint's pending deliveries that are due
    INDEX ix_webhook_delivery_endpoint_status_next (endpoint, status, next_attempt_at, id),
    -- order per subscription: an earlier pending delivery holds the later ones back
    INDEX ix_webhook_delivery_endpoint_subscription (endpoint, subscription_id, status, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The delivery log: one row per POST.
CREATE TABLE webhook_delivery_attempt (
    id               BIGINT       NOT NULL AUTO_INCREMENT,
    delivery_id      BIGINT       NOT NULL,
    attempt_no       INT          NOT NULL,
    attempted_at     DATETIME(6)  NOT NULL,
    http_status      INT          NULL,
    latency_ms       INT          NOT NULL,
    error            VARCHAR(500) NULL,
    PRIMARY KEY (id),
    CONSTRAINT fk_webhook_delivery_attempt_delivery FOREIGN KEY (delivery_id) REFERENCES webhook_delivery (id),
    INDEX ix_webhook_delivery_attempt_delivery (delivery_id, attempt_no)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
