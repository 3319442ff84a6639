-- created_at and updated_at of binding, subscription and charge come from the program's clock (the injected
-- Clock: simulated in the demo and the tests, days or years from the server's), written by every INSERT and
-- UPDATE. The server's ON UPDATE stamp is dropped: it overwrote the program's stamp with the server's time.
-- The insert default stays, so that pods of the previous version, which name no stamp, still insert while a
-- rolling upgrade replaces them (and after a rollback); the program itself always names both columns.
ALTER TABLE binding
    MODIFY created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    MODIFY updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6);

ALTER TABLE subscription
    MODIFY created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    MODIFY updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6);

ALTER TABLE charge
    MODIFY created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    MODIFY updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6);
