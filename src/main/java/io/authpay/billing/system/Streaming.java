package io.authpay.billing.system;

import org.springframework.jdbc.core.JdbcTemplate;

/** Reading a large result row by row instead of all at once (exports, reports over millions of rows). */
public final class Streaming {

    private Streaming() {}

    /**
     * A template on the same data source whose queries stream: MySQL Connector/J reads a forward-only,
     * read-only result row by row when the fetch size is {@link Integer#MIN_VALUE}, instead of loading it
     * whole. The connection serves no other statement until the result is read to its end.
     */
    public static JdbcTemplate jdbc(JdbcTemplate base) {
        JdbcTemplate streaming = new JdbcTemplate(base.getDataSource());
        streaming.setFetchSize(Integer.MIN_VALUE);
        return streaming;
    }
}
