package io.authpay.billing.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the sandbox knows that JKoPay would still know after a restart: its bindings, paid and failed orders
 * and refunds. Kept in a JSON file when the sandbox is given one ({@code sandbox --state FILE}), written
 * after every change (to a temporary file first, then moved over the old one, so that a crash leaves the
 * previous state, never half of one).
 */
record SandboxState(
        List<SandboxBinding> bindings,
        List<SandboxLedger.Charge> charges,
        List<SandboxLedger.Refund> refunds,
        List<String> failedOrders) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static SandboxState read(Path file) {
        try {
            return JSON.readValue(file.toFile(), SandboxState.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the sandbox state " + file + " is not one: " + e.getOriginalMessage());
        }
    }

    void write(Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path next = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            JSON.writeValue(next.toFile(), this);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the sandbox state " + file, e);
        }
    }
}
