package dev.edgegateway.deploy;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static dev.edgegateway.deploy.PodSpecs.at;
import static org.assertj.core.api.Assertions.assertThat;

/** What {@code helm template} renders: valid Kubernetes objects that fit the app's contract. */
class HelmChartRenderingTests {

	/** The app's own ports (src/main/resources/application.yml): the chart must keep them. */
	static final int TRAFFIC_PORT = 8080;

	static final int MANAGEMENT_PORT = 8081;

	static final String FULLNAME = "edge-edge-gateway";

	@Nested
	class DefaultValues {

		final HelmChart.Rendered rendered = HelmChart.templateDefaults();

		@Test
		void rendersTheMinimalSetOfValidObjects() {
			assertThat(this.rendered.kinds()).containsExactly("ConfigMap", "Deployment", "PodDisruptionBudget",
					"Service", "Service", "ServiceAccount");
			assertAllValid(this.rendered);
		}

		@Test
		void probesPointAtTheActuatorHealthGroupsOnTheManagementPort() {
			Container container = PodSpecs.container(this.rendered);

			assertProbe(this.rendered, container.getStartupProbe(), "/actuator/health/liveness");
			assertProbe(this.rendered, container.getLivenessProbe(), "/actuator/health/liveness");
			assertProbe(this.rendered, container.getReadinessProbe(), "/actuator/health/readiness");
			// startup may take a while on a cold JVM; liveness must not kill it meanwhile
			Probe startup = container.getStartupProbe();
			assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold()).isGreaterThanOrEqualTo(60);
		}

		@Test
		void containerPortsAreTheOnesTheConfigMapGivesTheApp() {
			Map<String, Object> config = PodSpecs.applicationConfig(this.rendered);

			assertThat(at(config, "server.port")).isEqualTo(TRAFFIC_PORT);
			assertThat(at(config, "management.server.port")).isEqualTo(MANAGEMENT_PORT);
			assertThat(PodSpecs.container(this.rendered).getPorts())
				.extracting(port -> port.getName() + "=" + port.getContainerPort())
				.containsExactly("http=" + TRAFFIC_PORT, "management=" + MANAGEMENT_PORT);
			assertThat(PodSpecs.environment(this.rendered)).containsEntry("MANAGEMENT_SERVER_PORT",
					String.valueOf(MANAGEMENT_PORT));
		}

		@Test
		void trafficAndManagementAreSeparateServicesSelectingThePods() {
			Service traffic = this.rendered.named(Service.class, FULLNAME);
			Service management = this.rendered.named(Service.class, FULLNAME + "-management");

			assertThat(servedPorts(this.rendered, traffic)).containsExactly(TRAFFIC_PORT);
			assertThat(servedPorts(this.rendered, management)).containsExactly(MANAGEMENT_PORT);
			assertThat(traffic.getSpec().getPorts().get(0).getPort()).isEqualTo(80);
			assertThat(podLabels(this.rendered)).containsAllEntriesOf(traffic.getSpec().getSelector())
				.containsAllEntriesOf(management.getSpec().getSelector());
		}

		@Test
		void runsNonRootOnAReadOnlyRootFilesystemWithoutCapabilities() {
			PodSpec pod = this.rendered.one(Deployment.class).getSpec().getTemplate().getSpec();
			Container container = PodSpecs.container(this.rendered);

			assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
			assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
			assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
			assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
			assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
			assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
			assertThat(container.getVolumeMounts()).anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
			assertThat(pod.getVolumes()).anySatisfy(volume -> {
				assertThat(volume.getName()).isEqualTo("tmp");
				assertThat(volume.getEmptyDir()).isNotNull();
			});
			assertThat(pod.getAutomountServiceAccountToken()).isFalse();
		}

		@Test
		void shutsDownGracefullyAfterThePreStopDrain() {
			PodSpec pod = this.rendered.one(Deployment.class).getSpec().getTemplate().getSpec();
			Map<String, Object> config = PodSpecs.applicationConfig(this.rendered);
			List<String> preStop = PodSpecs.container(this.rendered).getLifecycle().getPreStop().getExec().getCommand();

			assertThat(at(config, "server.shutdown")).isEqualTo("graceful");
			assertThat(at(config, "spring.lifecycle.timeout-per-shutdown-phase")).isEqualTo("20s");
			assertThat(preStop).containsExactly("sleep", "10");
			assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThan(10 + 20);
		}

		@Test
		void mountsTheConfigMapWhereSpringLooksForAdditionalConfig() {
			Container container = PodSpecs.container(this.rendered);
			PodSpec pod = this.rendered.one(Deployment.class).getSpec().getTemplate().getSpec();

			assertThat(PodSpecs.environment(this.rendered)).containsEntry("SPRING_CONFIG_ADDITIONAL_LOCATION",
					"optional:file:/config/");
			assertThat(container.getVolumeMounts()).anySatisfy(mount -> {
				assertThat(mount.getName()).isEqualTo("config");
				assertThat(mount.getMountPath()).isEqualTo("/config");
			});
			assertThat(pod.getVolumes()).anySatisfy(volume -> {
				assertThat(volume.getConfigMap().getName()).isEqualTo(FULLNAME);
				assertThat(volume.getConfigMap().getItems()).singleElement()
					.satisfies(item -> assertThat(item.getPath()).isEqualTo("application.yml"));
			});
		}

		@Test
		void withoutATokenNoSecretIsRenderedAndNoTokenIsPassed() {
			assertThat(this.rendered.all(Secret.class)).isEmpty();
			assertThat(PodSpecs.container(this.rendered).getEnv()).extracting(EnvVar::getName)
				.doesNotContain("EDGE_PURGE_TOKEN", "SPRING_DATA_REDIS_PASSWORD");
		}

		@Test
		void podsCarryPrometheusScrapeAnnotationsForTheManagementPort() {
			Map<String, String> annotations = this.rendered.one(Deployment.class)
				.getSpec()
				.getTemplate()
				.getMetadata()
				.getAnnotations();

			assertThat(annotations).containsEntry("prometheus.io/scrape", "true")
				.containsEntry("prometheus.io/port", String.valueOf(MANAGEMENT_PORT))
				.containsEntry("prometheus.io/path", "/actuator/prometheus");
		}

	}

	@Nested
	class AllFeatures {

		final HelmChart.Rendered rendered = HelmChart.templateAllFeatures();

		@Test
		void rendersEveryFeatureAsValidObjects() {
			assertThat(this.rendered.kinds()).containsExactly("ConfigMap", "ConfigMap", "Deployment",
					"HorizontalPodAutoscaler", "Ingress", "NetworkPolicy", "PodDisruptionBudget", "Secret", "Service",
					"Service", "ServiceAccount", "ServiceMonitor");
			assertAllValid(this.rendered);
		}

		@Test
		void purgeTokenAndRedisPasswordReachThePodFromTheSecret() {
			Map<String, String> env = PodSpecs.environment(this.rendered);

			assertThat(env).containsEntry("EDGE_PURGE_TOKEN", "ci-purge-token-0123456789")
				.containsEntry("SPRING_DATA_REDIS_PASSWORD", "ci-redis-password");
			assertThat(PodSpecs.applicationYaml(this.rendered)).doesNotContain("ci-purge-token", "ci-redis-password");
			assertThat(at(PodSpecs.applicationConfig(this.rendered), "spring.data.redis.url"))
				.isEqualTo("redis://edge-redis-master.cache.svc.cluster.local:6379");
		}

		@Test
		void theHpaOwnsTheReplicaCount() {
			HorizontalPodAutoscaler hpa = this.rendered.one(HorizontalPodAutoscaler.class);

			assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
			assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(FULLNAME);
			assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
			assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(12);
			assertThat(hpa.getSpec().getMetrics()).extracting(metric -> metric.getResource().getName())
				.containsExactly("cpu", "memory");
			assertThat(this.rendered.one(Deployment.class).getSpec().getReplicas()).isNull();
		}

		@Test
		void pdbCoversThePods() {
			PodDisruptionBudget pdb = this.rendered.one(PodDisruptionBudget.class);

			assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(2);
			assertThat(pdb.getSpec().getMaxUnavailable()).isNull();
			assertThat(podLabels(this.rendered)).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
		}

		@Test
		void serviceMonitorScrapesPrometheusOnTheManagementService() {
			GenericKubernetesResource monitor = this.rendered.custom("ServiceMonitor").get(0);
			Service management = this.rendered.named(Service.class, FULLNAME + "-management");

			assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
			Map<String, String> selector = monitor.get("spec", "selector", "matchLabels");
			assertThat(management.getMetadata().getLabels()).containsAllEntriesOf(selector);
			assertThat(this.rendered.named(Service.class, FULLNAME).getMetadata().getLabels())
				.as("the traffic Service must not be scraped").doesNotContainEntry("app.kubernetes.io/component",
						"management");
			List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");
			assertThat(endpoints).singleElement().satisfies(endpoint -> {
				assertThat(endpoint).containsEntry("port", management.getSpec().getPorts().get(0).getName());
				assertThat(endpoint).containsEntry("path", "/actuator/prometheus");
				assertThat(endpoint).containsEntry("interval", "15s");
			});
			assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
		}

		@Test
		void ingressSendsEveryHostToTheTrafficService() {
			Ingress ingress = this.rendered.one(Ingress.class);

			assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
			assertThat(ingress.getSpec().getRules()).hasSize(2)
				.flatExtracting(rule -> rule.getHttp().getPaths())
				.allSatisfy(path -> {
					IngressBackend backend = path.getBackend();
					assertThat(backend.getService().getName()).isEqualTo(FULLNAME);
					assertThat(backend.getService().getPort().getName()).isEqualTo("http");
				});
			assertThat(ingress.getSpec().getTls()).singleElement()
				.satisfies(tls -> assertThat(tls.getSecretName()).isEqualTo("edge-example-tls"));
		}

		@Test
		void networkPolicyOpensTrafficAndLimitsTheManagementPort() {
			NetworkPolicy policy = this.rendered.one(NetworkPolicy.class);
			List<NetworkPolicyIngressRule> rules = policy.getSpec().getIngress();

			assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isEqualTo(
					this.rendered.one(Deployment.class).getSpec().getSelector().getMatchLabels());
			assertThat(rules).hasSize(2);
			assertThat(rules.get(0).getPorts()).singleElement()
				.satisfies(port -> assertThat(port.getPort().getStrVal()).isEqualTo("http"));
			assertThat(rules.get(0).getFrom()).isNullOrEmpty();
			assertThat(rules.get(1).getPorts()).singleElement()
				.satisfies(port -> assertThat(port.getPort().getStrVal()).isEqualTo("management"));
			assertThat(rules.get(1).getFrom()).hasSize(3)
				.extracting(peer -> peer.getNamespaceSelector() == null ? "own pods"
						: peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"))
				.containsExactly("own pods", "monitoring", "ci");
		}

		@Test
		void dashboardConfigMapCarriesTheGrafanaSidecarLabel() {
			ConfigMap dashboard = this.rendered.named(ConfigMap.class, FULLNAME + "-dashboard");

			assertThat(dashboard.getMetadata().getNamespace()).isEqualTo("monitoring");
			assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
			assertThat(dashboard.getMetadata().getAnnotations()).containsEntry("grafana_folder", "Edge");
			assertThat(dashboard.getData()).containsOnlyKeys("edge-gateway.json");
			GrafanaDashboardTests.assertValidDashboard(dashboard.getData().get("edge-gateway.json"));
		}

		@Test
		void imageAndExtraSettingsAreApplied() {
			Container container = PodSpecs.container(this.rendered);

			assertThat(container.getImage()).isEqualTo("registry.example.com/platform/edge-gateway:1.2.3");
			assertThat(PodSpecs.environment(this.rendered)).containsEntry("TZ", "UTC");
			assertThat(this.rendered.one(Deployment.class).getSpec().getTemplate().getSpec()
				.getTopologySpreadConstraints()).hasSize(1);
		}

	}

	@Test
	void validityCheckCatchesAMisspeltField() {
		HasMetadata typo = HelmChart.parse("""
				apiVersion: apps/v1
				kind: Deployment
				metadata: { name: typo }
				spec:
				  template:
				    spec:
				      containers:
				        - name: app
				          readinesProbe: { httpGet: { path: /, port: 8081 } }
				""").get(0);

		assertThat(HelmChart.unknownFields(typo)).containsExactly("Deployment.Spec.Template.Spec.Containers[0].readinesProbe");
	}

	static void assertAllValid(HelmChart.Rendered rendered) {
		for (HasMetadata object : rendered.objects()) {
			assertThat(HelmChart.unknownFields(object)).as("fields Kubernetes does not know in %s %s",
					object.getKind(), object.getMetadata().getName()).isEmpty();
			assertThat(object.getMetadata().getName()).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?").hasSizeLessThan(64);
			assertThat(object.getMetadata().getLabels()).containsEntry("app.kubernetes.io/instance", HelmChart.RELEASE);
		}
	}

	static void assertProbe(HelmChart.Rendered rendered, Probe probe, String path) {
		assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
		assertThat(PodSpecs.containerPort(rendered, probe.getHttpGet().getPort())).isEqualTo(MANAGEMENT_PORT);
	}

	/** The container ports a Service forwards to, resolved through the pod's named ports. */
	static List<Integer> servedPorts(HelmChart.Rendered rendered, Service service) {
		return service.getSpec()
			.getPorts()
			.stream()
			.map(port -> PodSpecs.containerPort(rendered, port.getTargetPort()))
			.toList();
	}

	static Map<String, String> podLabels(HelmChart.Rendered rendered) {
		return rendered.one(Deployment.class).getSpec().getTemplate().getMetadata().getLabels();
	}

}
