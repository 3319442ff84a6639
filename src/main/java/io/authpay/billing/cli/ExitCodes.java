package io.authpay.billing.cli;

/** The exit codes every command uses. */
public final class ExitCodes {
    /** Done. */
    public static final int OK = 0;
    /** Failed: the message says why. */
    public static final int FAILED = 1;
    /** The input was wrong (unknown command, bad option, bad CSV rows); nothing was changed. */
    public static final int BAD_INPUT = 2;
    /** A job stopped before the end (or was refused by the billing window) and can be run again. */
    public static final int STOPPED = 3;

    private ExitCodes() {}
}
