package io.authpay.billing;

/** Entry point of the executable jar; the command line comes in a later commit. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {}
}
