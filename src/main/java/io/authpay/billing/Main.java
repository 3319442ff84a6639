package io.authpay.billing;

import io.authpay.billing.cli.BillingCli;

/** Entry point of the executable jar: {@code java -jar authpay-billing.jar <command>}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(BillingCli.run(args));
    }
}
