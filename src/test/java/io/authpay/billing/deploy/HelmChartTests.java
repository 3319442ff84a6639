package io.authpay.billing.deploy;

import static io.authpay.billing.deploy.RenderedChart.at;
import static io.authpay.billing.deploy.RenderedChart.list;
import static io.authpay.billing.deploy.RenderedChart.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Helm chart, linted and rendered with every {@code ci/values-*.yaml} (no cluster): what a merchant
 * installs must keep secrets out of ConfigMaps, probe the Actuator, shut down slower than a gateway call and
 * run locked down.
 */
class HelmChartTests {

    // The distinctive credentials of the ci/ values files: found nowhere but in the Secret.
    private static final List<String> SECRETS =
            List.of("CI-API-KEY-7f3a9e", "CI-SECRET-KEY-c41d2b", "CI-OPERATOR-TOKEN-93b0aa", "CI-DB-PASSWORD-5e6f10");

    private static final Path MINIMAL = HelmChart.ciValues("values-minimal.yaml");
    private static final Path EXISTING_SECRET = HelmChart.ciValues("values-existing-secret.yaml");
    private static final Path METRICS = HelmChart.ciValues("values-metrics.yaml");
    private static final Path SINGLE_REPLICA = HelmChart.ciValues("values-single-replica.yaml");

    @TempDir
    Path tempDir;

    static Stream<Path> ciValuesFiles() {
        return HelmChart.ciValuesFiles().stream();
    }

    @Test
    void everyCiValuesFileIsTested() {
        assertThat(HelmChart.ciValuesFiles())
                .containsExactlyInAnyOrder(MINIMAL, EXISTING_SECRET, METRICS, SINGLE_REPLICA);
    }

    @Test
    void everyValueIsDocumentedWithAParamLine() {
        assertThat(HelmChart.valueKeys()).contains("replicaCount", "authpay.secretKey", "billing.retry");
        assertThat(HelmChart.documentedParams()).containsExactlyInAnyOrderElementsOf(HelmChart.valueKeys());
    }

    @Test
    void chartLintsStrictlyWithItsDefaults() {
        LintResult result =
                new com.marcnuri.helm.Helm(HelmChart.CHART).lint().strict().call();

        assertThat(result.isFailed()).as(HelmChart.messages(result)).isFalse();
    }

    @ParameterizedTest
    @MethodSource("ciValuesFiles")
    void chartLintsStrictlyWithEachCiValuesFile(Path values) {
        LintResult result = HelmChart.lint(tempDir, values);

        assertThat(result.isFailed()).as(HelmChart.messages(result)).isFalse();
    }

    @ParameterizedTest
    @MethodSource("ciValuesFiles")
    void eachCiValuesFileRendersTheApplication(Path values) {
        RenderedChart chart = HelmChart.render(values);

        assertThat(chart.ofKind("Deployment")).hasSize(1);
        assertThat(chart.ofKind("Service")).hasSize(1);
        assertThat(chart.ofKind("ServiceAccount")).hasSize(1);
        assertThat(chart.applicationYaml()).containsKeys("spring", "billing", "server");
    }

    @ParameterizedTest
    @MethodSource("ciValuesFiles")
    void credentialsAppearInNoDocumentButTheSecret(Path values) {
        RenderedChart chart = HelmChart.render(values);

        for (String document : chart.nonSecretDocumentsAsText()) {
            for (String secret : SECRETS) {
                assertThat(document).as("a document other than the Secret").doesNotContain(secret);
                assertThat(document).doesNotContain(base64(secret));
            }
        }
    }

    @Test
    void theSecretHoldsTheCredentialsTheEnvironmentReadsFrom() {
        RenderedChart chart = HelmChart.render(MINIMAL);

        Map<String, Object> secret = chart.single("Secret").orElseThrow();
        Map<String, Object> data = map(secret, "data");
        assertThat(data)
                .containsEntry("authpay-api-key", base64("CI-API-KEY-7f3a9e"))
                .containsEntry("authpay-secret-key", base64("CI-SECRET-KEY-c41d2b"))
                .containsEntry("operator-token", base64("CI-OPERATOR-TOKEN-93b0aa"))
                .containsEntry("database-password", base64("CI-DB-PASSWORD-5e6f10"));
        String secretName = (String) map(secret, "metadata").get("name");
        assertThat(secretRefs(chart.appContainer()))
                .containsEntry("BILLING_AUTHPAY_API_KEY", secretName + "/authpay-api-key")
                .containsEntry("BILLING_AUTHPAY_SECRET_KEY", secretName + "/authpay-secret-key")
                .containsEntry("BILLING_OPERATOR_TOKEN", secretName + "/operator-token")
                .containsEntry("SPRING_DATASOURCE_PASSWORD", secretName + "/database-password");
    }

    @Test
    void existingSecretReplacesTheChartsSecret() {
        RenderedChart chart = HelmChart.render(EXISTING_SECRET);

        assertThat(chart.ofKind("Secret")).isEmpty();
        for (Map<String, Object> container : chart.allContainers()) {
            assertThat(secretRefs(container))
                    .as(container.get("name").toString())
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            "BILLING_AUTHPAY_API_KEY", "merchant-billing-credentials/api-key",
                            "BILLING_AUTHPAY_SECRET_KEY", "merchant-billing-credentials/secret-key",
                            "BILLING_OPERATOR_TOKEN", "merchant-billing-credentials/operator-token",
                            "SPRING_DATASOURCE_PASSWORD", "merchant-billing-credentials/mysql-password"));
        }
        assertThat(map(map(map(chart.deployment(), "spec"), "template"), "metadata"))
                .extracting(m -> map(m, "annotations"))
                .satisfies(annotations -> assertThat(annotations).doesNotContainKey("checksum/secret"));
    }

    @Test
    void theConfigMapIsTheApplicationYamlThatSpringIsPointedAt() {
        RenderedChart chart = HelmChart.render(MINIMAL);
        Map<String, Object> app = chart.appContainer();

        assertThat(env(app))
                .containsEntry("SPRING_CONFIG_ADDITIONAL_LOCATION", "file:/etc/authpay-billing/application.yaml");
        assertThat(list(app, "volumeMounts"))
                .anySatisfy(m -> assertThat(m)
                        .containsEntry("name", "config")
                        .containsEntry("mountPath", "/etc/authpay-billing"));
        assertThat(list(chart.podSpec(), "volumes"))
                .anySatisfy(v -> assertThat(at(v, "configMap.name")).isEqualTo("billing-authpay-billing"));

        Map<String, Object> config = chart.applicationYaml();
        assertThat(at(config, "spring.datasource.url"))
                .isEqualTo("jdbc:mysql://mysql.billing.svc.cluster.local:3306/billing"
                        + "?rewriteBatchedStatements=true&characterEncoding=UTF-8");
        assertThat(at(config, "spring.datasource.username")).isEqualTo("billing");
        assertThat(at(config, "billing.authpay.base-url")).isEqualTo("https://onlinepay.jkopay.com");
        assertThat(at(config, "billing.authpay.store-id")).isEqualTo("00000000-0000-0000-0000-000000000001");
        assertThat(at(config, "billing.window.zone")).isEqualTo("Asia/Taipei");
        assertThat(at(config, "billing.window.start")).isEqualTo("08:00");
        assertThat(at(config, "server.shutdown")).isEqualTo("graceful");
    }

    @Test
    void probesAskActuatorHealthOnThePortSpringListensOn() {
        RenderedChart chart = HelmChart.render(MINIMAL);
        Map<String, Object> app = chart.appContainer();

        assertThat(list(app, "ports")).hasSize(2).anySatisfy(port -> {
            assertThat(port).containsEntry("name", "http");
            assertThat(port.get("containerPort")).isEqualTo(at(chart.applicationYaml(), "server.port"));
        });
        assertThat(list(app, "ports")).anySatisfy(port -> {
            assertThat(port).containsEntry("name", "management");
            assertThat(port.get("containerPort")).isEqualTo(at(chart.applicationYaml(), "management.server.port"));
        });
        assertThat(at(app, "livenessProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
        assertThat(at(app, "livenessProbe.httpGet.port")).isEqualTo("management");
        assertThat(at(app, "readinessProbe.httpGet.path")).isEqualTo("/actuator/health/readiness");
        assertThat(at(app, "readinessProbe.httpGet.port")).isEqualTo("management");
        assertThat(at(app, "startupProbe.httpGet.port")).isEqualTo("management");
        assertThat(at(app, "startupProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
        assertThat(at(chart.applicationYaml(), "management.endpoint.health.probes.enabled"))
                .isEqualTo(true);
    }

    @Test
    void twoReplicasByDefault() {
        assertThat(at(HelmChart.render(MINIMAL).deployment(), "spec.replicas")).isEqualTo(2);
    }

    @Test
    void singleReplicaValuesRenderOneReplicaAndNoBudget() {
        RenderedChart chart = HelmChart.render(SINGLE_REPLICA);

        assertThat(at(chart.deployment(), "spec.replicas")).isEqualTo(1);
        assertThat(chart.ofKind("PodDisruptionBudget")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("ciValuesFiles")
    void gracePeriodOutlastsAGatewayCallAndSpringsShutdownWait(Path values) {
        RenderedChart chart = HelmChart.render(values);
        Map<String, Object> config = chart.applicationYaml();

        Duration call = Duration.parse("PT" + at(config, "billing.authpay.connect-timeout"))
                .plus(Duration.parse("PT" + at(config, "billing.authpay.response-timeout")));
        Duration springWaits = Duration.parse("PT" + at(config, "spring.lifecycle.timeout-per-shutdown-phase"));
        Duration grace =
                Duration.ofSeconds(((Number) at(chart.podSpec(), "terminationGracePeriodSeconds")).longValue());

        assertThat(springWaits).isGreaterThan(call);
        assertThat(grace).isGreaterThan(springWaits);
    }

    @Test
    void theMetricsFileRaisesTheGracePeriodWithTheLongerResponseTimeout() {
        RenderedChart chart = HelmChart.render(METRICS);

        assertThat(at(chart.applicationYaml(), "billing.authpay.response-timeout"))
                .isEqualTo("45s");
        assertThat(at(chart.podSpec(), "terminationGracePeriodSeconds")).isEqualTo(90);
    }

    @Test
    void aGracePeriodShorterThanAGatewayCallIsRefused() {
        Path tooShort = HelmChart.valuesFile(tempDir, "terminationGracePeriodSeconds: 30\n");

        assertThatThrownBy(() -> HelmChart.render(MINIMAL, tooShort))
                .hasMessageContaining("terminationGracePeriodSeconds (30) must exceed");
    }

    @Test
    void aResponseTimeoutLongerThanTheGracePeriodIsRefused() {
        Path slowGateway = HelmChart.valuesFile(tempDir, "authpay:\n  responseTimeout: 2m\n");

        assertThatThrownBy(() -> HelmChart.render(MINIMAL, slowGateway))
                .hasMessageContaining("terminationGracePeriodSeconds (60) must exceed");
    }

    @ParameterizedTest
    @MethodSource("ciValuesFiles")
    void everyContainerRunsLockedDown(Path values) {
        RenderedChart chart = HelmChart.render(values);

        assertThat(at(chart.podSpec(), "securityContext.seccompProfile.type")).isEqualTo("RuntimeDefault");
        assertThat(chart.allContainers()).hasSize(2).allSatisfy(container -> {
            Map<String, Object> context = map(container, "securityContext");
            assertThat(context)
                    .containsEntry("runAsNonRoot", true)
                    .containsEntry("runAsUser", 10001)
                    .containsEntry("readOnlyRootFilesystem", true)
                    .containsEntry("allowPrivilegeEscalation", false)
                    .containsEntry("privileged", false);
            assertThat(at(context, "capabilities.drop")).isEqualTo(List.of("ALL"));
            assertThat(at(context, "seccompProfile.type")).isEqualTo("RuntimeDefault");
            assertThat(list(container, "volumeMounts"))
                    .anySatisfy(m -> assertThat(m).containsEntry("name", "tmp").containsEntry("mountPath", "/tmp"));
        });
        assertThat(list(chart.podSpec(), "volumes"))
                .anySatisfy(v -> assertThat(v).containsEntry("name", "tmp").containsKey("emptyDir"));
        assertThat(chart.podSpec()).containsEntry("automountServiceAccountToken", false);
    }

    @Test
    void replicasSpreadAcrossNodes() {
        RenderedChart chart = HelmChart.render(MINIMAL);
        Map<String, Object> podLabels = map(map(map(chart.deployment(), "spec"), "template"), "metadata");

        assertThat(list(chart.podSpec(), "topologySpreadConstraints"))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c).containsEntry("topologyKey", "kubernetes.io/hostname");
                    assertThat(map(podLabels, "labels"))
                            .containsAllEntriesOf(map(map(c, "labelSelector"), "matchLabels"));
                });
    }

    @Test
    void theSchemaIsMigratedByAnInitContainerWithTheApplicationsConfiguration() {
        RenderedChart chart = HelmChart.render(MINIMAL);

        Map<String, Object> migrate = list(chart.podSpec(), "initContainers").get(0);
        assertThat(migrate)
                .containsEntry("name", "migrate")
                .containsEntry("image", chart.appContainer().get("image"));
        assertThat(migrate.get("args")).isEqualTo(List.of("executions", "--limit", "1"));
        assertThat(env(migrate)).isEqualTo(env(chart.appContainer()));
        assertThat(chart.appContainer().get("args")).isEqualTo(List.of("serve"));
    }

    @Test
    void actuatorIsOnAManagementPortThatTheIngressAndTheCallbackPortNeverServe() {
        Path withIngress = HelmChart.valuesFile(tempDir, """
                ingress:
                  enabled: true
                  hostname: billing.example.com
                """);
        RenderedChart chart = HelmChart.render(MINIMAL, withIngress);
        Map<String, Object> config = chart.applicationYaml();

        Object http = at(config, "server.port");
        Object management = at(config, "management.server.port");
        assertThat(management).isNotNull().isNotEqualTo(http);
        Map<String, Object> ingress = chart.single("Ingress").orElseThrow();
        assertThat(list(map(ingress, "spec"), "rules")).isNotEmpty();
        for (Map<String, Object> rule : list(map(ingress, "spec"), "rules")) {
            for (Map<String, Object> path : list(map(rule, "http"), "paths")) {
                assertThat(at(path, "backend.service.port.name")).isEqualTo("http");
                assertThat((String) path.get("path")).doesNotStartWith("/actuator");
            }
        }
        Map<String, Object> service = chart.single("Service").orElseThrow();
        assertThat(list(map(service, "spec"), "ports"))
                .filteredOn(p -> "http".equals(p.get("name")))
                .singleElement()
                .satisfies(p -> assertThat(p).containsEntry("targetPort", "http"));
    }

    @Test
    void aManagementPortEqualToTheHttpPortIsRefused() {
        Path samePort = HelmChart.valuesFile(tempDir, """
                containerPorts:
                  http: 8080
                  management: 8080
                """);
        assertThatThrownBy(() -> HelmChart.render(MINIMAL, samePort))
                .hasMessageContaining("containerPorts.management must differ");
    }

    @Test
    void metricsValuesAddAServiceMonitorOnTheActuatorPrometheusEndpoint() {
        assertThat(HelmChart.render(MINIMAL).ofKind("ServiceMonitor")).isEmpty();

        Map<String, Object> monitor =
                HelmChart.render(METRICS).single("ServiceMonitor").orElseThrow();
        assertThat(list(map(monitor, "spec"), "endpoints"))
                .singleElement()
                .satisfies(endpoint -> assertThat(endpoint)
                        .containsEntry("port", "management")
                        .containsEntry("path", "/actuator/prometheus"));
        assertThat(at(monitor, "metadata.labels.release")).isEqualTo("kube-prometheus-stack");
    }

    @Test
    void metricsValuesAddPrometheusRuleAlertsOnTheProgramsOwnSeriesEachSayingWhatToDo() {
        assertThat(HelmChart.render(MINIMAL).ofKind("PrometheusRule")).isEmpty();

        Map<String, Object> rule =
                HelmChart.render(METRICS).single("PrometheusRule").orElseThrow();
        assertThat(at(rule, "metadata.labels.release")).isEqualTo("kube-prometheus-stack");
        List<Map<String, Object>> alerts =
                list(list(map(rule, "spec"), "groups").get(0), "rules");
        Map<String, String> exprs = alerts.stream()
                .collect(Collectors.toMap(a -> (String) a.get("alert"), a -> String.valueOf(a.get("expr"))));
        assertThat(exprs)
                .containsOnlyKeys(
                        "BillingRunFailed",
                        "BillingCircuitBreakerTripped",
                        "BillingDueBacklogNotDraining",
                        "BillingNeedsReviewPilingUp",
                        "BillingWebhookEndpointFailing",
                        "BillingWebhookDeliveriesGaveUp",
                        "BillingBindingCallbacksFailing");
        // The series the program serves on /actuator/prometheus (BillingMetrics, DueBacklog, NeedsReviewGauge).
        assertThat(exprs.get("BillingRunFailed")).contains("billing_job_duration_seconds_count", "status=\"FAILED\"");
        assertThat(exprs.get("BillingCircuitBreakerTripped")).contains("billing_circuit_breaker_trips_total");
        // 19:00 Asia/Taipei is 11:00 UTC, the zone of PromQL's hour().
        assertThat(exprs.get("BillingDueBacklogNotDraining")).contains("billing_charges_due_backlog", "hour() == 11");
        assertThat(exprs.get("BillingNeedsReviewPilingUp")).contains("billing_charges_needs_review", "> 25");
        // WebhookDispatcher's counters: an endpoint failing with no delivery in between, and given-up deliveries.
        assertThat(exprs.get("BillingWebhookEndpointFailing"))
                .contains(
                        "billing_webhooks_attempts_total",
                        "result=\"failed\"",
                        "unless",
                        "result=\"delivered\"",
                        "by (endpoint)");
        assertThat(exprs.get("BillingWebhookDeliveriesGaveUp")).contains("billing_webhooks_gave_up_total");
        // Spring's request timer of the callback's address, its 5xx answers (503: JKoPay could not be asked).
        assertThat(exprs.get("BillingBindingCallbacksFailing"))
                .contains(
                        "http_server_requests_seconds_count", "uri=\"/callbacks/authpay/binding\"", "status=~\"5..\"");
        assertThat(exprs.values())
                .allSatisfy(expr -> assertThat(expr)
                        .contains("service=\""
                                + at(HelmChart.render(METRICS).single("Service").orElseThrow(), "metadata.name")
                                + "\""));
        assertThat(alerts).allSatisfy(alert -> {
            assertThat(at(alert, "annotations.summary")).asString().isNotBlank();
            // Each says where to act: the console, or the API where the console has no page (webhooks).
            assertThat(at(alert, "annotations.description")).asString().containsAnyOf("console", "/api/events");
            assertThat(at(alert, "labels.severity")).isIn("warning", "critical");
        });
    }

    @Test
    void schedulesFromValuesAreMountedWhereTheProgramReadsThem() {
        RenderedChart chart = HelmChart.render(METRICS);

        String dir = (String) at(chart.applicationYaml(), "billing.schedule.dir");
        assertThat(list(chart.appContainer(), "volumeMounts"))
                .anySatisfy(
                        m -> assertThat(m).containsEntry("name", "schedules").containsEntry("mountPath", dir));
        assertThat(chart.ofKind("ConfigMap"))
                .anySatisfy(c -> assertThat(map(c, "data")).containsKey("daily-billing.yml"));
        assertThat(at(HelmChart.render(MINIMAL).applicationYaml(), "billing.schedule"))
                .isNull();
    }

    @Test
    void theSchemaRejectsAReplicaCountThatIsNotANumber() {
        Path two = HelmChart.valuesFile(tempDir, "replicaCount: \"two\"\n");

        assertThatThrownBy(() -> HelmChart.render(MINIMAL, two)).hasMessageContaining("replicaCount");
        LintResult lint = HelmChart.lint(tempDir, MINIMAL, two);
        assertThat(lint.isFailed()).isTrue();
        assertThat(HelmChart.messages(lint)).contains("replicaCount");
    }

    @Test
    void theSchemaRejectsADurationSpringWouldReadAsMilliseconds() {
        Path bare = HelmChart.valuesFile(tempDir, "authpay:\n  responseTimeout: \"30\"\n");

        assertThatThrownBy(() -> HelmChart.render(MINIMAL, bare)).hasMessageContaining("responseTimeout");
    }

    @Test
    void installingWithoutTheMerchantsSettingsFailsNamingTheFirstOneMissing() {
        assertThatThrownBy(() -> HelmChart.render()).hasMessageContaining("authpay.baseUrl is required");
    }

    @Test
    void withoutExistingSecretEveryCredentialIsRequired() {
        Path noToken = HelmChart.valuesFile(tempDir, "operator:\n  token: \"\"\n");

        assertThatThrownBy(() -> HelmChart.render(MINIMAL, noToken)).hasMessageContaining("operator.token is required");
    }

    @Test
    void credentialsInExtraConfigAreRefused() {
        Path leak = HelmChart.valuesFile(
                tempDir, "extraConfig:\n  billing:\n    authpay:\n      secret-key: oops-in-a-configmap\n");

        assertThatThrownBy(() -> HelmChart.render(MINIMAL, leak))
                .hasMessageContaining("extraConfig must not hold credentials");
    }

    @Test
    void extraConfigIsMergedIntoTheApplicationYaml() {
        Path extra = HelmChart.valuesFile(
                tempDir,
                "extraConfig:\n  billing:\n    charge:\n      page-size: 200\n  logging:\n    level:\n      root: INFO\n");

        Map<String, Object> config = HelmChart.render(MINIMAL, extra).applicationYaml();

        assertThat(at(config, "billing.charge.page-size")).isEqualTo(200);
        assertThat(at(config, "billing.charge.concurrency")).isEqualTo(16);
        assertThat(at(config, "billing.charge.partitions")).isEqualTo(4);
        assertThat(at(config, "billing.charge.partitions-per-node")).isEqualTo(2);
        assertThat(at(config, "logging.level.root")).isEqualTo("INFO");
    }

    /** Environment variable → "secret/key" for every variable read from a Secret. */
    private static Map<String, String> secretRefs(Map<String, Object> container) {
        return list(container, "env").stream()
                .filter(e -> at(e, "valueFrom.secretKeyRef") != null)
                .collect(Collectors.toMap(
                        e -> (String) e.get("name"),
                        e -> at(e, "valueFrom.secretKeyRef.name") + "/" + at(e, "valueFrom.secretKeyRef.key")));
    }

    /** Environment variable → its plain value, or the Secret reference. */
    private static Map<String, Object> env(Map<String, Object> container) {
        return list(container, "env").stream()
                .collect(Collectors.toMap(
                        e -> (String) e.get("name"),
                        e -> e.containsKey("value") ? e.get("value") : e.get("valueFrom")));
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
