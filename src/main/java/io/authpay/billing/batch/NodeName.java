package io.authpay.billing.batch;

import java.lang.management.ManagementFactory;

/**
 * The name of this process as a step execution records it: {@code host/pid}, from the JVM's own name
 * ({@code pid@host}, what the auth_no leases record as their owner), so an operator can tell the nodes of
 * a run apart and find the process.
 */
final class NodeName {

    private static final String NAME = of(ManagementFactory.getRuntimeMXBean().getName());

    private NodeName() {}

    static String current() {
        return NAME;
    }

    static String of(String jvmName) {
        int at = jvmName.indexOf('@');
        return at < 0 ? jvmName : jvmName.substring(at + 1) + "/" + jvmName.substring(0, at);
    }
}
