package io.authpay.billing.cli;

/** Finds, in a chain of causes (Spring wraps start-up failures deeply), the message an operator needs. */
final class Failures {
    private Failures() {}

    static String explain(Throwable failure) {
        Throwable chosen = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CliException) {
                return t.getMessage();
            }
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                chosen = t; // the deepest cause with a message says what really went wrong
            }
            if (t.getCause() == t) {
                break;
            }
        }
        String message = chosen.getMessage();
        return message == null || message.isBlank() ? chosen.getClass().getSimpleName() : message;
    }

    static int exitCode(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CliException cli) {
                return cli.exitCode();
            }
        }
        return ExitCodes.FAILED;
    }
}
