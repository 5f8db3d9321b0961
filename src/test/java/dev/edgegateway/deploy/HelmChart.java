package dev.edgegateway.deploy;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Renders the chart in {@code helm/edge-gateway} with the real Helm engine (helm-java bundles
 * Helm's Go library) and turns the output into fabric8 Kubernetes model objects.
 */
final class HelmChart {

	/** The chart directory; Surefire runs with the project root as working directory. */
	static final Path CHART = Path.of("helm", "edge-gateway").toAbsolutePath();

	/** The values file that switches every feature on. */
	static final Path ALL_FEATURES = CHART.resolve("ci/all-features-values.yaml");

	static final String RELEASE = "edge";

	static final String NAMESPACE = "web";

	private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

	private HelmChart() {
	}

	/** {@code helm template edge helm/edge-gateway -n web} plus whatever the customizer adds. */
	static Rendered template(UnaryOperator<TemplateCommand> customizer) {
		TemplateCommand command = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE);
		return new Rendered(parse(customizer.apply(command).call()));
	}

	static Rendered templateDefaults() {
		return template(UnaryOperator.identity());
	}

	static Rendered templateAllFeatures() {
		return template(command -> command.withValuesFile(ALL_FEATURES));
	}

	/** Splits the multi-document output of helm template and deserializes every document. */
	static List<HasMetadata> parse(String rendered) {
		List<HasMetadata> objects = new ArrayList<>();
		for (String document : rendered.split("(?m)^---\\s*$")) {
			if (document.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
				continue;
			}
			Object object = SERIALIZATION.unmarshal(document);
			if (!(object instanceof HasMetadata resource)) {
				throw new AssertionError("Not a Kubernetes object:\n" + document);
			}
			objects.add(resource);
		}
		return objects;
	}

	/**
	 * Every property fabric8 could not map onto its model lands in an {@code additionalProperties}
	 * map: a misspelt or misplaced field. Returns their paths (empty when the object is clean).
	 * Custom resources ({@link GenericKubernetesResource}) are not checked here.
	 */
	static List<String> unknownFields(HasMetadata resource) {
		List<String> unknown = new ArrayList<>();
		if (!(resource instanceof GenericKubernetesResource)) {
			collectUnknown(resource, resource.getKind(), unknown);
		}
		return unknown;
	}

	private static void collectUnknown(Object value, String path, List<String> unknown) {
		if (value instanceof Collection<?> collection) {
			int i = 0;
			for (Object item : collection) {
				collectUnknown(item, path + "[" + i++ + "]", unknown);
			}
			return;
		}
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, item) -> collectUnknown(item, path + "." + key, unknown));
			return;
		}
		if (value == null || !value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
			return;
		}
		for (Method getter : value.getClass().getMethods()) {
			if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
					|| !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
				continue;
			}
			Object child = invoke(getter, value);
			if (getter.getName().equals("getAdditionalProperties")) {
				((Map<?, ?>) child).keySet().forEach(key -> unknown.add(path + "." + key));
			}
			else {
				collectUnknown(child, path + "." + getter.getName().substring(3), unknown);
			}
		}
	}

	private static Object invoke(Method getter, Object target) {
		try {
			return getter.invoke(target);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The objects of one rendering. */
	record Rendered(List<HasMetadata> objects) {

		<T extends HasMetadata> List<T> all(Class<T> type) {
			return this.objects.stream().filter(type::isInstance).map(type::cast).toList();
		}

		<T extends HasMetadata> T one(Class<T> type) {
			List<T> found = all(type);
			if (found.size() != 1) {
				throw new AssertionError("Expected one " + type.getSimpleName() + " but found " + found.size());
			}
			return found.get(0);
		}

		<T extends HasMetadata> T named(Class<T> type, String name) {
			return all(type).stream()
				.filter(object -> object.getMetadata().getName().equals(name))
				.findFirst()
				.orElseThrow(() -> new AssertionError("No " + type.getSimpleName() + " named " + name));
		}

		List<GenericKubernetesResource> custom(String kind) {
			return all(GenericKubernetesResource.class).stream().filter(r -> r.getKind().equals(kind)).toList();
		}

		List<String> kinds() {
			return this.objects.stream().map(HasMetadata::getKind).sorted().toList();
		}

	}

}
