-- daily-billing reads the due charges keyset-paged by id, one status at a time: (status, id) hands each page
-- over in order, where (status, next_attempt_at, id) made the server sort every due charge for every page.
CREATE INDEX ix_charge_status_id ON charge (status, id);
