package dev.edgegateway.deploy;

import java.util.Map;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** Bad values fail at install time; config changes roll the pods, other changes do not. */
class HelmChartValuesTests {

	@ParameterizedTest(name = "{0}={1} is rejected")
	@CsvSource(delimiter = '|', textBlock = """
			ports.management            | 0                | ports.management
			ports.http                  | abc              | ports.http
			replicas                    | 3                | replicas
			image.pullPolicy            | Sometimes        | image.pullPolicy
			service.type                | Ingress          | service.type
			edge.cache.store            | disk             | edge.cache.store
			edge.cache.semantics        | varnish          | edge.cache.semantics
			edge.cache.status-header    | Bad Header       | edge.cache.status-header
			edge.cache.memory.max-size  | lots             | edge.cache.memory.max-size
			edge.purge.token            | in-the-configmap | edge.purge
			redis.url                   | http://redis     | redis.url
			probes.liveness.path        | /healthz         | probes.liveness.path
			metrics.serviceMonitor.interval | often        | metrics.serviceMonitor.interval
			autoscaling.targetCPUUtilizationPercentage | 150 | autoscaling.targetCPUUtilizationPercentage
			routes[0].id                | no-uri           | routes.0: uri is required
			""")
	void schemaRejectsBadValues(String key, String value, String reportedPath) {
		assertThatIllegalStateException().isThrownBy(() -> HelmChart.template(command -> command.set(key, value)))
			.withMessageContaining("values don't meet the specifications of the schema")
			.withMessageContaining(reportedPath);
	}

	@ParameterizedTest(name = "examples/{0}")
	@CsvSource({ "values-production.yaml, EDGE_PURGE_TOKEN, edge-gateway-purge",
			"values-redis.yaml, SPRING_DATA_REDIS_PASSWORD, edge-redis" })
	void documentedExamplesRenderValidObjects(String file, String secretEnv, String existingSecret) {
		HelmChart.Rendered rendered = HelmChart
			.template(command -> command.withValuesFile(HelmChart.CHART.resolve("examples").resolve(file)));

		HelmChartRenderingTests.assertAllValid(rendered);
		assertThat(PodSpecs.container(rendered).getEnv()).filteredOn(env -> env.getName().equals(secretEnv))
			.singleElement()
			.satisfies(env -> assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo(existingSecret));
	}

	@Test
	void terminationGraceMustCoverTheDrain() {
		assertThatIllegalStateException()
			.isThrownBy(() -> HelmChart.template(command -> command.set("gracefulShutdown.terminationGracePeriodSeconds", 25)))
			.withMessageContaining("terminationGracePeriodSeconds must exceed");
	}

	@Test
	void aRedisStoreNeedsARedisUrl() {
		assertThatIllegalStateException()
			.isThrownBy(() -> HelmChart.template(command -> command.set("edge.cache.store", "tiered")))
			.withMessageContaining("set redis.url");
	}

	@Test
	void configChangeRollsThePodsAndOtherChangesDoNot() {
		String base = checksums(HelmChart.templateAllFeatures()).get("checksum/config");

		assertThat(configChecksumWith("routes[0].uri", "http://other-origin:8080")).isNotEqualTo(base);
		assertThat(configChecksumWith("edge.cache.memory.max-size", "32MB")).isNotEqualTo(base);
		assertThat(configChecksumWith("extraConfig.logging.level.root", "WARN")).isNotEqualTo(base);
		assertThat(configChecksumWith("replicaCount", 7)).isEqualTo(base);
		assertThat(configChecksumWith("resources.limits.memory", "2Gi")).isEqualTo(base);
	}

	@Test
	void secretChangeRollsThePods() {
		String base = checksums(HelmChart.templateAllFeatures()).get("checksum/secret");

		Map<String, String> rotated = checksums(HelmChart
			.template(command -> command.withValuesFile(HelmChart.ALL_FEATURES).set("purge.token", "rotated-token")));

		assertThat(rotated.get("checksum/secret")).isNotEqualTo(base);
	}

	@Test
	void existingSecretsAreReferencedAndNoSecretIsRendered() {
		HelmChart.Rendered rendered = HelmChart.template(command -> command.set("purge.existingSecret", "ci-purge")
			.set("purge.existingSecretKey", "token")
			.set("edge.cache.store", "redis")
			.set("redis.url", "redis://redis:6379")
			.set("redis.existingSecret", "edge-redis"));

		assertThat(rendered.all(Secret.class)).isEmpty();
		assertThat(PodSpecs.container(rendered).getEnv()).filteredOn(env -> env.getValueFrom() != null)
			.extracting(EnvVar::getName, env -> env.getValueFrom().getSecretKeyRef().getName(),
					env -> env.getValueFrom().getSecretKeyRef().getKey())
			.containsExactly(org.assertj.core.groups.Tuple.tuple("EDGE_PURGE_TOKEN", "ci-purge", "token"),
					org.assertj.core.groups.Tuple.tuple("SPRING_DATA_REDIS_PASSWORD", "edge-redis", "redis-password"));
	}

	private static String configChecksumWith(String key, Object value) {
		return checksums(HelmChart.template(command -> command.withValuesFile(HelmChart.ALL_FEATURES).set(key, value)))
			.get("checksum/config");
	}

	private static Map<String, String> checksums(HelmChart.Rendered rendered) {
		Map<String, String> annotations = rendered.one(Deployment.class).getSpec().getTemplate().getMetadata()
			.getAnnotations();
		assertThat(annotations.get("checksum/config")).matches("[0-9a-f]{64}");
		return annotations;
	}

}
