package io.authpay.billing.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where {@code serve} sends the events ({@code billing.webhooks.*}).
 *
 * @param endpoints the merchant's receivers; none: events are only recorded
 * @param pollInterval how often each endpoint looks for deliveries that are due
 * @param backoffBase the delay after a first failed delivery; doubled after each further one
 * @param backoffMax the longest delay between two attempts
 * @param retryFor how long after the event (or a redeliver request) failed deliveries are retried
 * @param timeout how long one POST may take (connect and answer)
 */
@ConfigurationProperties("billing.webhooks")
public record WebhookSettings(
        @DefaultValue List<Endpoint> endpoints,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("30s") Duration backoffBase,
        @DefaultValue("6h") Duration backoffMax,
        @DefaultValue("3d") Duration retryFor,
        @DefaultValue("10s") Duration timeout) {

    /**
     * One receiver.
     *
     * @param url where events are POSTed
     * @param secret the key of the {@code Billing-Signature} HMAC; never logged
     * @param events the event types it takes ({@code charge.succeeded}, ...); all when empty
     */
    public record Endpoint(
            String url, String secret, @DefaultValue List<String> events) {

        /** Refuses an endpoint without a usable URL or secret, or with an unknown event type. */
        void check(int index) {
            String key = "billing.webhooks.endpoints[" + index + "]";
            if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
                throw new IllegalStateException(key + ".url must be an http or https URL, not " + url);
            }
            URI.create(url);
            if (secret == null || secret.strip().length() < 16) {
                throw new IllegalStateException(key + ".secret must be set to at least 16 random characters");
            }
            for (String event : events) {
                if (EventType.byWireName(event).isEmpty()) {
                    throw new IllegalStateException(key + ".events: unknown event type '" + event + "'");
                }
            }
        }

        boolean takes(String type) {
            return events.isEmpty() || events.contains(type);
        }

        @Override
        public String toString() {
            return "Endpoint[url=" + url + ", secret=" + (secret == null ? "unset" : "set") + ", events=" + events
                    + "]";
        }
    }
}
