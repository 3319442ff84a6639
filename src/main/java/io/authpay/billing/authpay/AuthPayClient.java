package io.authpay.billing.authpay;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JKoPay AuthPay's six endpoints over a pooled, keep-alive HTTP client. Every call returns a {@link
 * GatewayResult}: an answer with a documented code, or an unknown outcome (timeout, broken connection,
 * HTTP error, unreadable body). Bad requests are refused with {@link IllegalArgumentException} before
 * anything is sent. Thread-safe; close it to release the pool.
 *
 * <p>No call is ever retried here: a POST retried after a lost answer could charge twice. Retrying is
 * the billing policy's decision, after an inquiry.
 */
public final class AuthPayClient implements AutoCloseable {

    /** JKoPay accepts at most this many ids per inquiry. */
    public static final int MAX_IDS_PER_INQUIRY = 20;

    /** The connections of the pool that {@link #detailForCallback} calls take. */
    static final int CALLBACK_DETAIL_CONNECTIONS = 4;

    private static final Logger log = LoggerFactory.getLogger(AuthPayClient.class);
    private static final ContentType JSON = ContentType.create("application/json");

    private final AuthPayClientConfig config;
    private final Digest digest;
    private final CloseableHttpClient http;
    /**
     * {@code detail} on behalf of a binding callback, on a small pool of its own: the callback asks it for
     * whoever posts to a public URL, and those calls must never hold the connections that charges (and the
     * nightly refresh) wait for.
     */
    private final CloseableHttpClient callbackHttp;

    private final GatewayCallListener listener;

    /** A client with its own connection pool, sized and timed by the configuration. */
    public AuthPayClient(AuthPayClientConfig config) {
        this(config, GatewayCallListener.NONE);
    }

    /** As {@link #AuthPayClient(AuthPayClientConfig)}, telling {@code listener} of every call. */
    public AuthPayClient(AuthPayClientConfig config, GatewayCallListener listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.digest = new Digest(config.secretKey());
        this.http = httpClient(config, config.maxConnections());
        this.callbackHttp = httpClient(config, CALLBACK_DETAIL_CONNECTIONS);
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** {@code POST /platform/authpay/limited}: a link the user opens to authorize recurring charges. */
    public GatewayResult<BindingLink> createBinding(CreateBindingRequest request) {
        return post(
                AuthPayEndpoint.CREATE_BINDING,
                "platform_authpay_id=" + request.platformAuthpayId(),
                RequestBodies.createBinding(request, config.storeId()),
                BindingLink::read);
    }

    /** {@code POST /platform/authpay/transaction}: charges a granted binding once. */
    public GatewayResult<Transaction> charge(ChargeRequest request) {
        return post(
                AuthPayEndpoint.CHARGE,
                "platform_order_id=" + request.platformOrderId() + " auth_no=" + request.authNo(),
                RequestBodies.charge(request),
                Transaction::read);
    }

    /** {@code POST /platform/authpay/refund}: refunds (part of) a paid order. */
    public GatewayResult<RefundReceipt> refund(RefundRequest request) {
        return post(
                AuthPayEndpoint.REFUND,
                "platform_order_id=" + request.platformOrderId() + " refund_order_id=" + request.refundOrderId(),
                RequestBodies.refund(request),
                RefundReceipt::read);
    }

    /**
     * {@code GET /platform/authpay/inquiry}: what JKoPay knows of these orders. Sent in batches of at
     * most {@value #MAX_IDS_PER_INQUIRY} ids (duplicates dropped), in order; the items of all batches
     * are merged into one {@code 000} result. The first batch that does not succeed stops the inquiry
     * and is returned as it is: the caller asks again later.
     */
    public GatewayResult<List<InquiryItem>> inquiry(Collection<String> platformOrderIds) {
        List<String> ids = List.copyOf(new LinkedHashSet<>(Objects.requireNonNull(platformOrderIds, "ids")));
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("platform_order_ids is empty");
        }
        ids.forEach(id -> RequestChecks.id(id, "platform_order_id", 60));
        List<InquiryItem> items = new ArrayList<>(ids.size());
        Duration latency = Duration.ZERO;
        String message = null;
        for (int from = 0; from < ids.size(); from += MAX_IDS_PER_INQUIRY) {
            List<String> batch = ids.subList(from, Math.min(from + MAX_IDS_PER_INQUIRY, ids.size()));
            GatewayResult<List<InquiryItem>> result = get(
                    http,
                    AuthPayEndpoint.INQUIRY,
                    "platform_order_ids=" + batch.size() + " ids from " + batch.get(0),
                    RequestBodies.inquiryQuery(batch),
                    InquiryItem::readAll);
            if (!(result instanceof GatewayResult.Answered<List<InquiryItem>> answered) || !answered.succeeded()) {
                return result;
            }
            items.addAll(answered.resultObject());
            latency = latency.plus(answered.latency());
            message = answered.message();
        }
        return new GatewayResult.Answered<>(
                ResultCode.SUCCESS.code(), ResultCode.SUCCESS, message, List.copyOf(items), latency);
    }

    /** {@code GET /platform/authpay/detail}: the binding's current state, on the pool the runs share. */
    public GatewayResult<BindingDetail> detail(String authNo) {
        return detail(http, authNo);
    }

    /**
     * {@code GET /platform/authpay/detail} to confirm a binding callback, on a pool of {@value
     * #CALLBACK_DETAIL_CONNECTIONS} connections: a flood of forged callbacks waits there, not for the
     * connections of charges.
     */
    public GatewayResult<BindingDetail> detailForCallback(String authNo) {
        return detail(callbackHttp, authNo);
    }

    private GatewayResult<BindingDetail> detail(CloseableHttpClient pool, String authNo) {
        return get(
                pool,
                AuthPayEndpoint.DETAIL,
                "auth_no=" + authNo,
                RequestBodies.detailQuery(authNo),
                BindingDetail::read);
    }

    /** {@code POST /platform/authpay/cancel}: cancels a binding; success carries nothing. */
    public GatewayResult<Void> cancel(String authNo) {
        return post(
                AuthPayEndpoint.CANCEL,
                "auth_no=" + authNo,
                RequestBodies.cancel(authNo),
                ResultObjectReader.nothing());
    }

    @Override
    public void close() {
        http.close(CloseMode.GRACEFUL);
        callbackHttp.close(CloseMode.GRACEFUL);
    }

    @Override
    public String toString() {
        return "AuthPayClient[" + config + "]";
    }

    private <T> GatewayResult<T> post(
            AuthPayEndpoint endpoint, String subject, byte[] body, ResultObjectReader<T> reader) {
        HttpPost request = new HttpPost(uri(endpoint, null));
        // The digest covers these very bytes; the entity sends them unchanged.
        request.setHeader("digest", digest.sign(body));
        request.setEntity(new ByteArrayEntity(body, JSON));
        return exchange(http, endpoint, subject, request, reader);
    }

    private <T> GatewayResult<T> get(
            CloseableHttpClient client,
            AuthPayEndpoint endpoint,
            String subject,
            String query,
            ResultObjectReader<T> reader) {
        HttpGet request = new HttpGet(uri(endpoint, query));
        request.setHeader("digest", digest.sign(query));
        request.setHeader("Content-Type", JSON.toString());
        return exchange(client, endpoint, subject, request, reader);
    }

    private <T> GatewayResult<T> exchange(
            CloseableHttpClient client,
            AuthPayEndpoint endpoint,
            String subject,
            HttpUriRequestBase request,
            ResultObjectReader<T> reader) {
        request.setHeader("api-key", config.apiKey());
        long started = System.nanoTime();
        GatewayResult<T> result;
        try {
            result = client.execute(request, response -> {
                HttpEntity entity = response.getEntity();
                byte[] body = entity == null ? new byte[0] : EntityUtils.toByteArray(entity);
                return AuthPayResponseTranslator.translate(response.getCode(), body, reader, since(started));
            });
        } catch (IOException e) {
            if (AuthPayResponseTranslator.isInterruption(e)) {
                Thread.currentThread().interrupt();
            }
            result = AuthPayResponseTranslator.translate(e, since(started));
        }
        try {
            listener.called(endpoint, result);
        } catch (RuntimeException e) {
            log.warn("gateway call listener failed", e);
        }
        if (log.isDebugEnabled()) {
            log.debug(
                    "authpay {} {} -> {} in {} ms",
                    endpoint,
                    subject,
                    result instanceof GatewayResult.Unknown<T> unknown
                            ? "UNKNOWN " + unknown.reason() + (unknown.code() == null ? "" : " code " + unknown.code())
                            : result.code(),
                    result.latency().toMillis());
        }
        return result;
    }

    private URI uri(AuthPayEndpoint endpoint, String query) {
        return URI.create(config.baseUrl() + endpoint.path() + (query == null ? "" : "?" + query));
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private static CloseableHttpClient httpClient(AuthPayClientConfig config, int maxConnections) {
        Timeout connect = Timeout.of(config.connectTimeout());
        Timeout response = Timeout.of(config.responseTimeout());
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(maxConnections)
                .setMaxConnPerRoute(maxConnections)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(connect)
                        .setSocketTimeout(response)
                        // A pooled connection the server closed while idle would fail the next POST
                        // after it was written: check connections that sat idle before reusing them.
                        .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                        .build())
                .build();
        return HttpClients.custom()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(RequestConfig.custom()
                        // Waiting for a free pooled connection: nothing has been sent yet.
                        .setConnectionRequestTimeout(response)
                        .setResponseTimeout(response)
                        .setRedirectsEnabled(false)
                        .build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .evictExpiredConnections()
                .evictIdleConnections(TimeValue.of(30, TimeUnit.SECONDS))
                .build();
    }
}
