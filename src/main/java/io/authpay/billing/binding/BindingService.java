package io.authpay.billing.binding;

import io.authpay.billing.authpay.AuthPayClient;
import io.authpay.billing.authpay.BindingDetail;
import io.authpay.billing.authpay.BindingLink;
import io.authpay.billing.authpay.CreateBindingRequest;
import io.authpay.billing.authpay.GatewayResult;
import io.authpay.billing.system.AuditLog;
import java.time.Clock;
import java.util.function.Predicate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/** Creates, refreshes and cancels bindings at JKoPay and keeps the {@code binding} table in step. */
@Service
public class BindingService {

    private final ObjectProvider<AuthPayClient> gateway;
    private final Bindings bindings;
    private final AuditLog audit;
    private final Clock clock;

    BindingService(ObjectProvider<AuthPayClient> gateway, Bindings bindings, AuditLog audit, Clock clock) {
        this.gateway = gateway;
        this.bindings = bindings;
        this.audit = audit;
        this.clock = clock;
    }

    /** Asks JKoPay for a binding link; a 000 answer is stored as an ungranted binding. */
    public GatewayResult<BindingLink> create(CreateBindingRequest request) {
        GatewayResult<BindingLink> result = gateway.getObject().createBinding(request);
        result.successValue().ifPresent(link -> bindings.created(request, link));
        return result;
    }

    /** Asks JKoPay for the binding's state; a 000 answer is stored. */
    public GatewayResult<BindingDetail> refresh(String authNo) {
        return store(gateway.getObject().detail(authNo), detail -> true);
    }

    /**
     * Confirms a binding callback: asks JKoPay for the binding's state (on the client's small callback pool)
     * and stores a 000 answer only when {@code accept} takes it: an answer that disagrees with the callback
     * changes nothing.
     */
    public GatewayResult<BindingDetail> refreshForCallback(String authNo, Predicate<BindingDetail> accept) {
        return store(gateway.getObject().detailForCallback(authNo), accept);
    }

    private GatewayResult<BindingDetail> store(GatewayResult<BindingDetail> result, Predicate<BindingDetail> accept) {
        result.successValue().filter(accept).ifPresent(detail -> bindings.refreshed(detail, clock.instant()));
        return result;
    }

    /** Cancels the binding at JKoPay; on 000 (or 302, already cancelled) it is stored as cancelled. */
    public GatewayResult<Void> cancel(String authNo, String actor, String reason) {
        GatewayResult<Void> result = gateway.getObject().cancel(authNo);
        boolean cancelled = result.succeeded() || "302".equals(result.code());
        if (cancelled) {
            bindings.cancelled(authNo, clock.instant());
        }
        audit.record(actor, "CANCEL_BINDING", "BINDING", authNo, reason, result.describe());
        return result;
    }
}
