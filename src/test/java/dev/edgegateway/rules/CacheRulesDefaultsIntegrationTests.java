package dev.edgegateway.rules;

import java.util.UUID;

import dev.edgegateway.support.GatewayClient;
import dev.edgegateway.support.GatewayClient.Response;
import dev.edgegateway.support.TestOrigin;
import dev.edgegateway.support.TestOrigin.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without cache rules: DESIGN.md §2's defaults, no debug header, and explain says so. Routes
 * defined in Java carry their cache settings in metadata too, compiled when first seen.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "management.endpoints.web.exposure.include=cacheexplain" })
class CacheRulesDefaultsIntegrationTests {

	static final TestOrigin origin = TestOrigin.start();

	@DynamicPropertySource
	static void routes(DynamicPropertyRegistry registry) {
		RuleProperties.routes(registry, origin);
	}

	@AfterAll
	static void stopOrigin() {
		origin.close();
	}

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void withoutRulesDefaultsApplyAndNoDebugHeaderIsWritten() {
		GatewayClient client = new GatewayClient(this.port);
		String asset = "/d/" + UUID.randomUUID() + "/a.css";
		origin.on(asset, Reply.ok("css").header("Cache-Control", "max-age=60"));
		Response miss = client.get(asset);
		assertThat(miss.cacheStatus()).isEqualTo("MISS");
		assertThat(miss.header("Edge-Cache-Debug")).isNull();
		assertThat(miss.header("Cache-Control")).isEqualTo("max-age=60");
		assertThat(client.get(asset).cacheStatus()).isEqualTo("HIT");
		String page = "/d/" + UUID.randomUUID() + "/index.html";
		origin.on(page, Reply.ok("<p>").header("Cache-Control", "max-age=60"));
		assertThat(client.get(page).cacheStatus()).isEqualTo("DYNAMIC");
	}

	@Test
	void explainShowsTheDefaultPolicy() {
		WebTestClient management = WebTestClient.bindToServer().baseUrl("http://localhost:" + this.managementPort).filter(GatewayClient.READ_BODY_EAGERLY).build();
		management.get()
			.uri("/actuator/cacheexplain?url={url}", "http://www.example.com/a.css?b=1")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.eligible").isEqualTo(true)
			.jsonPath("$.rules").isEmpty()
			.jsonPath("$.key").isEqualTo("http://www.example.com/a.css?b=1")
			.jsonPath("$.keyPolicy.query").isEqualTo("all")
			.jsonPath("$.edgeTtl.mode").isEqualTo("respect-origin")
			.jsonPath("$.edgeTtl.byStatusSeconds.200").isEqualTo(7200)
			.jsonPath("$.edgeTtl.byStatusSeconds['302-303']").isEqualTo(1200)
			.jsonPath("$.edgeTtl.byStatusSeconds.404").isEqualTo(180)
			.jsonPath("$.edgeTtl.byStatusSeconds.500").doesNotExist();
		management.get()
			.uri("/actuator/cacheexplain?url={url}", "http://www.example.com/index.html")
			.exchange()
			.expectBody()
			.jsonPath("$.status").isEqualTo("DYNAMIC")
			.jsonPath("$.reason").isEqualTo("extension");
	}

	@Test
	void javaRoutesMetadataIsCompiledWhenFirstSeenAndABadOneIsIgnored() {
		GatewayClient client = new GatewayClient(this.port);
		String good = "/java/good/" + UUID.randomUUID() + "/page.html";
		origin.on(good, Reply.ok("<p>").header("Cache-Control", "max-age=60"));
		assertThat(client.get(good).cacheStatus()).isEqualTo("MISS");
		assertThat(client.get(good).cacheStatus()).isEqualTo("HIT");
		String bad = "/java/bad/" + UUID.randomUUID() + "/page.html";
		origin.on(bad, Reply.ok("<p>").header("Cache-Control", "max-age=60"));
		Response response = client.get(bad);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.cacheStatus()).isEqualTo("DYNAMIC");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class JavaRoutes {

		@Bean
		RouteLocator javaRoutes(RouteLocatorBuilder routes) {
			return routes.routes()
				.route("java-good", route -> route.order(-1)
					.path("/java/good/**")
					.metadata(RouteMetadataRules.METADATA_KEY, Map.of("cache", "eligible"))
					.uri(origin.url()))
				.route("java-bad", route -> route.order(-1)
					.path("/java/bad/**")
					.metadata(RouteMetadataRules.METADATA_KEY, Map.of("cache", "sometimes"))
					.uri(origin.url()))
				.build();
		}

	}

}
