package io.authpay.billing.authpay;

/** Hears every call the client makes, once its result is known (for metrics). Must not throw. */
@FunctionalInterface
public interface GatewayCallListener {

    /** A listener that does nothing. */
    GatewayCallListener NONE = (endpoint, result) -> {};

    /** {@code endpoint} was called and produced {@code result}. */
    void called(AuthPayEndpoint endpoint, GatewayResult<?> result);
}
