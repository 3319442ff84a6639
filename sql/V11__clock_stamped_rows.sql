-- created_at and updated_at of binding, subscription and charge come from the program's clock (the injected
-- Clock: simulated in the demo and the tests, days or years from the server's), written by every INSERT and
-- UPDATE. The server's CURRENT_TIMESTAMP default and ON UPDATE are dropped, so that a statement that forgets
-- the stamp fails ("Field 'created_at' doesn't have a default value") instead of quietly writing the
-- server's time beside simulated dates; an UPDATE without it keeps the old stamp. Existing rows keep theirs.
ALTER TABLE binding
    MODIFY created_at DATETIME(6) NOT NULL,
    MODIFY updated_at DATETIME(6) NOT NULL;

ALTER TABLE subscription
    MODIFY created_at DATETIME(6) NOT NULL,
    MODIFY updated_at DATETIME(6) NOT NULL;

ALTER TABLE charge
    MODIFY created_at DATETIME(6) NOT NULL,
    MODIFY updated_at DATETIME(6) NOT NULL;
