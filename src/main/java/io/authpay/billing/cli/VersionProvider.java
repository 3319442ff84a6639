package io.authpay.billing.cli;

import picocli.CommandLine;

/** The version from the jar's manifest. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = BillingCli.class.getPackage().getImplementationVersion();
        return new String[] {"authpay-billing " + (version == null ? "(development build)" : version)};
    }
}
