package dev.edgegateway.cache;

import java.time.Duration;
import java.util.Map;

import dev.edgegateway.cache.store.MemoryCacheStore;
import dev.edgegateway.cache.store.PurgeRequest;
import dev.edgegateway.observe.CacheStatistics;
import dev.edgegateway.support.PlainClient;
import dev.edgegateway.support.GatewayClient.Response;
import dev.edgegateway.support.MutableClock;
import dev.edgegateway.support.TestOrigin.Reply;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HIT lane ({@code edge.cache.hit-lane}) answers a repeat of a request the normal path
 * answered with a HIT, with the same answer, and steps aside whenever the answer could differ:
 * a purged, replaced or stale entry, another request, another port, or a configuration in which
 * a signature does not fix the decision.
 */
class HitLaneIntegrationTests {

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = "management.server.port=0")
	@Import(LaneClockConfiguration.class)
	class On extends CacheIntegrationTestSupport {

		@DynamicPropertySource
		static void planRoute(DynamicPropertyRegistry registry) {
			OriginRoutes.registerFreePlan(registry, origin);
		}

		@Autowired
		HitLane lane;

		@Autowired
		MutableClock clock;

		@Autowired
		MemoryCacheStore store;

		@Autowired
		CacheStatistics statistics;

		@LocalManagementPort
		int managementPort;

		PlainClient plain;

		@org.junit.jupiter.api.BeforeEach
		void plainClient() {
			this.plain = new PlainClient(this.port);
		}

		@Test
		void aRepeatHitIsServedByTheLaneWithTheSameAnswer() {
			String path = unique("/lane.css");
			origin.on(path, Reply.ok("lane body").header("Cache-Control", "max-age=600")
				.header("Content-Type", "text/css")
				.header("Cache-Tag", "lane"));
			assertThat(this.lane.isOn()).isTrue();
			long servedBefore = this.lane.servedCount();
			long hitsBefore = this.statistics.route("origin").requests(CacheStatus.HIT);

			assertThat(this.plain.get(path).cacheStatus()).isEqualTo("MISS");
			Response normal = this.plain.get(path);
			this.clock.advance(Duration.ofSeconds(5));
			Response fromLane = this.plain.get(path);

			assertThat(normal.cacheStatus()).isEqualTo("HIT");
			assertThat(this.lane.servedCount() - servedBefore).isEqualTo(1);
			assertThat(fromLane.status()).isEqualTo(200);
			assertThat(fromLane.body()).isEqualTo("lane body");
			assertThat(fromLane.age()).isEqualTo(normal.age() + 5);
			assertThat(fromLane.header("Cache-Status")).isEqualTo(normal.header("Cache-Status").replace("ttl=600", "ttl=595"));
			assertThat(withoutAge(fromLane.headers())).isEqualTo(withoutAge(normal.headers()));
			assertThat(fromLane.headers().containsHeader("Cache-Tag")).isFalse();
			assertThat(origin.count(path)).isEqualTo(1);
			assertThat(this.statistics.route("origin").requests(CacheStatus.HIT) - hitsBefore).isEqualTo(2);
		}

		@Test
		void aPurgedOrSoftPurgedEntryIsNeverServedByTheLane() {
			String path = unique("/purged.js");
			origin.on(path, Reply.ok("v").header("Cache-Control", "max-age=600").header("ETag", "\"v1\""));
			String key = promote(path);
			long served = this.lane.servedCount();

			this.store.purge(new PurgeRequest(PurgeRequest.Kind.KEYS, java.util.List.of(key), true)).block();
			assertThat(this.plain.get(path).cacheStatus()).isIn("REVALIDATED", "EXPIRED");
			this.store.purge(new PurgeRequest(PurgeRequest.Kind.KEYS, java.util.List.of(key), false)).block();
			assertThat(this.plain.get(path).cacheStatus()).isEqualTo("MISS");
			assertThat(this.lane.servedCount()).isEqualTo(served);
		}

		@Test
		void aStaleEntryGoesBackToTheNormalPath() {
			String path = unique("/stale.js");
			origin.on(path, Reply.ok("s").header("Cache-Control", "max-age=60"));
			promote(path);
			long served = this.lane.servedCount();
			this.clock.advance(Duration.ofSeconds(61));
			assertThat(this.plain.get(path).cacheStatus()).isEqualTo("EXPIRED");
			assertThat(this.lane.servedCount()).isEqualTo(served);
			assertThat(origin.count(path)).isEqualTo(2);
		}

		@Test
		void anUnsafeRequestInvalidatesForTheLaneToo() {
			String path = unique("/form.js");
			origin.on(path, Reply.ok("f").header("Cache-Control", "max-age=600"));
			promote(path);
			assertThat(this.plain.send("POST", path, headers -> { }).status()).isEqualTo(200);
			assertThat(this.plain.get(path).cacheStatus()).isEqualTo("MISS");
		}

		@Test
		void anotherRequestIsDecidedByTheNormalPath() {
			String path = "/plan" + unique("/report.css");
			origin.on(path, Reply.ok("report").header("Cache-Control", "max-age=600"));
			promote(path);
			long served = this.lane.servedCount();

			Response free = this.plain.get(path, headers -> headers.set("X-Plan", "free"));
			assertThat(free.cacheStatus()).isEqualTo("BYPASS");
			Response conditional = this.plain.get(path, headers -> headers.set(HttpHeaders.IF_NONE_MATCH, "*"));
			assertThat(conditional.status()).isIn(200, 304);
			assertThat(this.plain.get(path, headers -> headers.set(HttpHeaders.RANGE, "bytes=0-1")).cacheStatus())
				.isEqualTo("HIT");
			assertThat(this.lane.servedCount()).isEqualTo(served);
			Response head = this.plain.send("HEAD", path, headers -> { });
			assertThat(head.cacheStatus()).isEqualTo("HIT");
			assertThat(this.lane.servedCount()).isEqualTo(served);
		}

		@Test
		void theManagementPortIsNeverServed() throws Exception {
			String path = unique("/mgmt.css");
			origin.on(path, Reply.ok("m").header("Cache-Control", "max-age=600"));
			String host = "localhost:" + this.port;
			assertThat(rawGet(this.port, path, host)).contains("CF-Cache-Status: MISS");
			assertThat(rawGet(this.port, path, host)).contains("CF-Cache-Status: HIT");
			long served = this.lane.servedCount();
			assertThat(rawGet(this.port, path, host)).contains("CF-Cache-Status: HIT");
			assertThat(this.lane.servedCount() - served).isEqualTo(1);

			// byte for byte the same request, on the management port
			assertThat(this.managementPort).isNotEqualTo(this.port);
			assertThat(rawGet(this.managementPort, path, host)).doesNotContain("CF-Cache-Status");
			assertThat(this.lane.servedCount() - served).isEqualTo(1);
		}

		private static String rawGet(int port, String path, String host) throws java.io.IOException {
			try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
				socket.setSoTimeout(10_000);
				socket.getOutputStream()
					.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
						.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
				return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
			}
		}

		@Test
		void cacheStatusShowsTheLane() {
			assertThat(this.lane.describe()).containsEntry("on", true).containsKey("served");
		}

		/** MISS, HIT (promoted), HIT from the lane; returns the cache key. */
		private String promote(String path) {
			long served = this.lane.servedCount();
			assertThat(this.plain.get(path).cacheStatus()).isEqualTo("MISS");
			assertThat(this.plain.get(path).cacheStatus()).isEqualTo("HIT");
			Response fromLane = this.plain.get(path);
			assertThat(fromLane.cacheStatus()).isEqualTo("HIT");
			assertThat(this.lane.servedCount() - served).isEqualTo(1);
			String cacheStatus = fromLane.header("Cache-Status");
			int start = cacheStatus.indexOf("key=\"") + 5;
			return cacheStatus.substring(start, cacheStatus.indexOf('"', start));
		}

		private static Map<String, java.util.List<String>> withoutAge(HttpHeaders headers) {
			Map<String, java.util.List<String>> copy = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
			headers.forEach(copy::put);
			copy.remove(HttpHeaders.AGE);
			copy.remove("Cache-Status");
			copy.remove(HttpHeaders.DATE);
			return copy;
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = { "management.server.port=0", "edge.edge-rules.waf[0].name=block-admin",
					"edge.edge-rules.waf[0].action=block", "edge.edge-rules.waf[0].when.paths[0]=/admin/**" })
	class OffWithEdgeRules extends CacheIntegrationTestSupport {

		@Autowired
		HitLane lane;

		@Test
		void staysOffAndHitsStillWork() {
			assertThat(this.lane.isOn()).isFalse();
			assertThat(this.lane.describe().get("reason").toString()).contains("WafWebFilter");
			String path = unique("/rules.css");
			origin.on(path, Reply.ok("r").header("Cache-Control", "max-age=600"));
			assertThat(new PlainClient(this.port).get(path).cacheStatus()).isEqualTo("MISS");
			assertThat(new PlainClient(this.port).get(path).cacheStatus()).isEqualTo("HIT");
			assertThat(new PlainClient(this.port).get(path).cacheStatus()).isEqualTo("HIT");
			assertThat(this.lane.servedCount()).isZero();
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = "management.server.port=0")
	class OffWithAddressPredicates extends CacheIntegrationTestSupport {

		@DynamicPropertySource
		static void officeRoute(DynamicPropertyRegistry registry) {
			String prefix = "spring.cloud.gateway.server.webflux.routes[3]";
			registry.add(prefix + ".id", () -> "office");
			registry.add(prefix + ".uri", () -> "http://127.0.0.1:9");
			registry.add(prefix + ".order", () -> "-1");
			registry.add(prefix + ".predicates[0]", () -> "RemoteAddr=10.0.0.0/8");
		}

		@Autowired
		HitLane lane;

		@Test
		void staysOff() {
			assertThat(this.lane.isOn()).isFalse();
			assertThat(this.lane.describe().get("reason").toString()).contains("RemoteAddr");
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class LaneClockConfiguration {

		@Bean
		@Primary
		MutableClock laneClock() {
			return new MutableClock();
		}

	}

}
