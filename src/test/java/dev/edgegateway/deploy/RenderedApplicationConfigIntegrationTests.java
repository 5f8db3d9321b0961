package dev.edgegateway.deploy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import dev.edgegateway.EdgeGatewayApplication;
import dev.edgegateway.cache.EdgeCacheProperties;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boots the real application the way a pod of the chart would: the ConfigMap's application.yml
 * in a directory named by SPRING_CONFIG_ADDITIONAL_LOCATION, the container's environment (with
 * the Secret's values resolved), then calls the probe and scrape paths of the rendered manifests.
 * Only the ports are moved to free ones, so tests can run side by side.
 */
class RenderedApplicationConfigIntegrationTests {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@TempDir
	Path configDir;

	private HttpServer origin;

	@BeforeEach
	void startOrigin() throws IOException {
		this.origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.origin.createContext("/", exchange -> {
			byte[] body = ("origin saw " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "text/plain");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		this.origin.start();
	}

	@AfterEach
	void stopOrigin() {
		this.origin.stop(0);
	}

	@Test
	void appBootsOnTheAllFeaturesConfigAndRoutesToTheOrigin() throws Exception {
		HelmChart.Rendered rendered = HelmChart.template(command -> command.withValuesFile(HelmChart.ALL_FEATURES)
			// the catch-all route goes to an origin this test runs; no Redis runs here, so the
			// shared tier points at a closed local port (the app must still start: DESIGN.md §6)
			.set("routes[1].uri", "http://127.0.0.1:" + this.origin.getAddress().getPort())
			.set("redis.url", "redis://127.0.0.1:1"));

		try (ConfigurableApplicationContext context = boot(rendered)) {
			List<RouteDefinition> routes = context.getBean(GatewayProperties.class).getRoutes();
			assertThat(routes).extracting(RouteDefinition::getId).containsExactly("static", "site");
			assertThat(routes.get(0).getPredicates().get(0).getName()).isEqualTo("Host");

			EdgeCacheProperties cache = context.getBean(EdgeCacheProperties.class);
			assertThat(cache.getStore()).isEqualTo(EdgeCacheProperties.StoreType.TIERED);
			assertThat(cache.getMemory().getMaxSize()).isEqualTo(DataSize.ofMegabytes(64));
			assertThat(cache.getDefaultTtlByStatus()).containsEntry(404, Duration.ofMinutes(1));

			// what came from the Secret through the environment
			assertThat(context.getEnvironment().getProperty("edge.purge.token")).isEqualTo("ci-purge-token-0123456789");
			assertThat(context.getEnvironment().getProperty("spring.data.redis.password")).isEqualTo("ci-redis-password");
			assertThat(context.getEnvironment().getProperty("server.shutdown")).isEqualTo("graceful");

			assertProbesAndScrapeAnswer(rendered, context);
			HttpResponse<String> proxied = get(context, "local.server.port", "/page/index.html");
			assertThat(proxied.statusCode()).isEqualTo(200);
			assertThat(proxied.body()).isEqualTo("origin saw /page/index.html");
		}
	}

	@Test
	void appBootsOnTheDefaultConfig() throws Exception {
		HelmChart.Rendered rendered = HelmChart.templateDefaults();

		try (ConfigurableApplicationContext context = boot(rendered)) {
			assertThat(context.getBean(GatewayProperties.class).getRoutes()).isEmpty();
			assertThat(context.getBean(EdgeCacheProperties.class).getStore())
				.isEqualTo(EdgeCacheProperties.StoreType.MEMORY);
			assertProbesAndScrapeAnswer(rendered, context);
		}
	}

	private ConfigurableApplicationContext boot(HelmChart.Rendered rendered) throws IOException {
		Files.writeString(this.configDir.resolve("application.yml"), PodSpecs.applicationYaml(rendered));
		Map<String, Object> podEnv = new HashMap<>(PodSpecs.environment(rendered));
		assertThat(podEnv).containsEntry("SPRING_CONFIG_ADDITIONAL_LOCATION", "optional:file:/config/");
		// the directory the ConfigMap is mounted at, here
		podEnv.put("SPRING_CONFIG_ADDITIONAL_LOCATION", "optional:file:" + this.configDir + "/");
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addBefore(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					new SystemEnvironmentPropertySource("podEnvironment", podEnv));
		return new SpringApplicationBuilder(EdgeGatewayApplication.class).environment(environment)
			// command-line arguments outrank the config file and the environment
			.run("--server.port=0", "--management.server.port=0");
	}

	/** Every probe path of the rendered Deployment and the scrape path answer on the management port. */
	private static void assertProbesAndScrapeAnswer(HelmChart.Rendered rendered,
			ConfigurableApplicationContext context) throws Exception {
		Container container = PodSpecs.container(rendered);
		for (var probe : List.of(container.getStartupProbe(), container.getLivenessProbe(),
				container.getReadinessProbe())) {
			HttpResponse<String> response = get(context, "local.management.port", probe.getHttpGet().getPath());
			assertThat(response.statusCode()).as(probe.getHttpGet().getPath()).isEqualTo(200);
			assertThat(response.body()).contains("\"status\":\"UP\"");
		}
		String scrapePath = rendered.one(Deployment.class)
			.getSpec()
			.getTemplate()
			.getMetadata()
			.getAnnotations()
			.get("prometheus.io/path");
		HttpResponse<String> scrape = get(context, "local.management.port", scrapePath);
		assertThat(scrape.statusCode()).isEqualTo(200);
		assertThat(scrape.body()).contains("# TYPE jvm_memory_used_bytes gauge");
	}

	private static HttpResponse<String> get(ConfigurableApplicationContext context, String portProperty, String path)
			throws Exception {
		String port = context.getEnvironment().getRequiredProperty(portProperty);
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(10))
			.build();
		return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
