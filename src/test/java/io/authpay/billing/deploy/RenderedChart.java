package io.authpay.billing.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The Kubernetes documents {@code helm template} printed, parsed, with the navigation the tests need. */
record RenderedChart(String text, List<Map<String, Object>> documents) {

    @SuppressWarnings("unchecked")
    static RenderedChart parse(String text) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text)) {
            if (document != null) {
                documents.add((Map<String, Object>) document);
            }
        }
        return new RenderedChart(text, List.copyOf(documents));
    }

    List<Map<String, Object>> ofKind(String kind) {
        return documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    Optional<Map<String, Object>> single(String kind) {
        List<Map<String, Object>> found = ofKind(kind);
        if (found.size() > 1) {
            throw new AssertionError("more than one " + kind + ": " + found.size());
        }
        return found.stream().findFirst();
    }

    Map<String, Object> deployment() {
        return single("Deployment").orElseThrow(() -> new AssertionError("no Deployment rendered"));
    }

    Map<String, Object> podSpec() {
        return map(map(map(deployment(), "spec"), "template"), "spec");
    }

    /** The application container (not the migration init container). */
    Map<String, Object> appContainer() {
        return list(podSpec(), "containers").stream()
                .filter(c -> "authpay-billing".equals(c.get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no authpay-billing container"));
    }

    /** Every container of the pod, init containers included. */
    List<Map<String, Object>> allContainers() {
        List<Map<String, Object>> all = new ArrayList<>(list(podSpec(), "containers"));
        if (podSpec().containsKey("initContainers")) {
            all.addAll(list(podSpec(), "initContainers"));
        }
        return all;
    }

    /** The application.yaml of the ConfigMap, parsed. */
    Map<String, Object> applicationYaml() {
        Map<String, Object> configMap = ofKind("ConfigMap").stream()
                .filter(c -> map(c, "data").containsKey("application.yaml"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap with application.yaml"));
        String yaml = (String) map(configMap, "data").get("application.yaml");
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    }

    /** Every document except Secrets, each printed back as YAML, with its kind and name. */
    List<String> nonSecretDocumentsAsText() {
        Yaml yaml = new Yaml();
        return documents.stream()
                .filter(d -> !"Secret".equals(d.get("kind")))
                .map(d -> d.get("kind") + " " + map(d, "metadata").get("name") + ":\n" + yaml.dump(d))
                .toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (!(value instanceof Map)) {
            throw new AssertionError("no map at '" + key + "' in " + parent.keySet());
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (!(value instanceof List)) {
            throw new AssertionError("no list at '" + key + "' in " + parent.keySet());
        }
        return (List<Map<String, Object>>) value;
    }

    /** A value by a dotted path of map keys, e.g. {@code spring.datasource.url}. */
    @SuppressWarnings("unchecked")
    static Object at(Map<String, Object> root, String dottedPath) {
        Object current = root;
        for (String key : dottedPath.split("\\.")) {
            if (!(current instanceof Map)) {
                return null;
            }
            current = ((Map<String, Object>) current).get(key);
        }
        return current;
    }
}
