package io.authpay.billing.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into Spring properties ({@code --billing.authpay.base-url=...}: a key with a
 * dot in it) and the rest, which is picocli's. No picocli option has a dot in its name.
 */
record SpringArgs(List<String> springArgs, List<String> commandArgs) {

    static SpringArgs split(String[] args) {
        List<String> spring = new ArrayList<>();
        List<String> command = new ArrayList<>();
        for (String arg : args) {
            (isSpringProperty(arg) ? spring : command).add(arg);
        }
        return new SpringArgs(List.copyOf(spring), List.copyOf(command));
    }

    private static boolean isSpringProperty(String arg) {
        if (!arg.startsWith("--") || arg.length() < 3) {
            return false;
        }
        int eq = arg.indexOf('=');
        String key = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
        return eq > 0 && key.indexOf('.') > 0;
    }
}
