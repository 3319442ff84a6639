package io.authpay.billing;

import io.authpay.billing.cli.BillingCli;

/** Entry point of the executable jar: {@code java -jar authpay-billing.jar <command>}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // Logback's own status lines (such as "No appenders present", when the embedded database's exit
        // hook logs after logging has shut down) are not the user's business: a command's console carries
        // its output and one-line errors only.
        if (System.getProperty("logback.statusListenerClass") == null) {
            System.setProperty("logback.statusListenerClass", "ch.qos.logback.core.status.NopStatusListener");
        }
        System.exit(BillingCli.run(args));
    }
}
