package io.authpay.billing.system;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The Spring application behind every command that needs the database or the gateway. */
@SpringBootApplication(scanBasePackages = "io.authpay.billing")
@ConfigurationPropertiesScan("io.authpay.billing")
public class BillingApplication {}
