package io.authpay.billing.cli;

import io.authpay.billing.authpay.GatewayResult;
import java.io.PrintWriter;

/** How the gateway commands report a result that is not 000. */
final class GatewayCommands {
    private GatewayCommands() {}

    /** Prints the failure on stderr and returns exit code 1. */
    static int failed(PrintWriter err, String what, GatewayResult<?> result) {
        err.println("error: " + what + " failed: " + result.describe());
        return ExitCodes.FAILED;
    }
}
