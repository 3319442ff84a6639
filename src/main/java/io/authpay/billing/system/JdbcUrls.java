package io.authpay.billing.system;

/** Connection options every JDBC URL the program builds itself carries. */
final class JdbcUrls {
    /**
     * Batched inserts as multi-row statements (the nightly job writes thousands of rows), UTF-8 for
     * Chinese names, and no SSL on loopback.
     */
    static final String OPTIONS =
            "rewriteBatchedStatements=true&characterEncoding=UTF-8&useSSL=false" + "&allowPublicKeyRetrieval=true";

    private JdbcUrls() {}
}
