-- The queue of the daily charge step's partition requests (Spring Integration's JdbcChannelMessageStore,
-- its MySQL schema): the manager step inserts one row per partition, a worker on any serve node takes it.
CREATE TABLE INT_CHANNEL_MESSAGE (
    MESSAGE_ID CHAR(36) NOT NULL,
    GROUP_KEY CHAR(36) NOT NULL,
    CREATED_DATE BIGINT NOT NULL,
    MESSAGE_PRIORITY BIGINT,
    MESSAGE_SEQUENCE BIGINT NOT NULL AUTO_INCREMENT UNIQUE,
    MESSAGE_CONTENT BLOB,
    REGION VARCHAR(100) NOT NULL,
    -- unnamed: MySQL ignores a primary key's name, and says so in a warning at every first migration
    PRIMARY KEY (REGION, GROUP_KEY, CREATED_DATE, MESSAGE_SEQUENCE)
) ENGINE=InnoDB;

CREATE INDEX INT_CHANNEL_MSG_DELETE_IDX ON INT_CHANNEL_MESSAGE (REGION, GROUP_KEY, MESSAGE_ID);
