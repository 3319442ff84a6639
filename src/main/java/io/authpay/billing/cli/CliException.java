package io.authpay.billing.cli;

/** A failure the operator can act on: its message is printed as is, and the process exits with its code. */
public class CliException extends RuntimeException {
    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
