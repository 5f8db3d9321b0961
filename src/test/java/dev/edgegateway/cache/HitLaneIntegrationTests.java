package dev.edgegateway.cache;

import java.time.Duration;
import java.util.Map;

import dev.edgegateway.cache.store.MemoryCacheStore;
import dev.edgegateway.cache.store.PurgeRequest;
import dev.edgegateway.edge.EdgeRuleMetrics;
import dev.edgegateway.observe.CacheStatistics;
import dev.edgegateway.support.PlainClient;
import dev.edgegateway.support.GatewayClient.Response;
import dev.edgegateway.support.MutableClock;
import dev.edgegateway.support.TestOrigin.Reply;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;

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
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HIT lane ({@code edge.cache.hit-lane}) answers a repeat of a request the normal path
 * answered with a HIT, with the same answer, and steps aside whenever the answer could differ:
 * a purged, replaced or stale entry, another request, another port, a request an edge rule let
 * through on the client's address or with a count, or a configuration in which a signature does
 * not fix the decision.
 */
class HitLaneIntegrationTests {

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = "management.server.port=0")
	@Import(LaneClockConfiguration.class)
	class On extends LaneTestSupport {

		@DynamicPropertySource
		static void planRoute(DynamicPropertyRegistry registry) {
			OriginRoutes.registerFreePlan(registry, origin);
		}

		@Autowired
		MutableClock clock;

		@Autowired
		MemoryCacheStore store;

		@Autowired
		CacheStatistics statistics;

		@LocalManagementPort
		int managementPort;

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
			properties = { "management.server.port=0",
					"edge.edge-rules.redirects[0].name=moved", "edge.edge-rules.redirects[0].when.paths[0]=/moved/**",
					"edge.edge-rules.redirects[0].to=/new/{path}",
					"edge.edge-rules.waf[0].name=block-admin", "edge.edge-rules.waf[0].action=block",
					"edge.edge-rules.waf[0].when.paths[0]=/admin/**",
					"edge.edge-rules.waf[1].name=watch", "edge.edge-rules.waf[1].action=log",
					"edge.edge-rules.waf[1].when.paths[0]=/watched/**",
					"edge.edge-rules.waf[2].name=block-lab", "edge.edge-rules.waf[2].action=block",
					"edge.edge-rules.waf[2].when.paths[0]=/partner/**", "edge.edge-rules.waf[2].when.ips[0]=192.0.2.0/24",
					"edge.edge-rules.waf[3].name=limit", "edge.edge-rules.waf[3].action=rate-limit",
					"edge.edge-rules.waf[3].when.paths[0]=/limited/**", "edge.edge-rules.waf[3].rate-limit.requests=3",
					"edge.edge-rules.waf[3].rate-limit.period=1h", "edge.edge-rules.waf[3].rate-limit.by=ip" })
	class OnWithEdgeRules extends LaneTestSupport {

		@Autowired
		MeterRegistry registry;

		@Test
		void aRequestTheRulesLetThroughUntouchedIsServedByTheLane() {
			assertThat(this.lane.isOn()).isTrue();
			String path = unique("/rules.css");
			origin.on(path, Reply.ok("r").header("Cache-Control", "max-age=600"));
			long served = this.lane.servedCount();
			assertThat(this.plain.get(path).cacheStatus()).isEqualTo("MISS");
			assertThat(this.plain.get(path).cacheStatus()).isEqualTo("HIT");
			assertThat(this.plain.get(path).cacheStatus()).isEqualTo("HIT");
			assertThat(this.lane.servedCount() - served).isEqualTo(1);

			// the rules still answer what they match
			Response blocked = this.plain.get("/admin" + path);
			assertThat(blocked.status()).isEqualTo(403);
			Response moved = this.plain.get("/moved" + path);
			assertThat(moved.status()).isEqualTo(301);
			assertThat(moved.header(HttpHeaders.LOCATION)).endsWith("/new" + path);
			assertThat(origin.count("/admin" + path) + origin.count("/moved" + path)).isZero();
		}

		@Test
		void aLoggedRequestIsLoggedAndCountedEveryTime() {
			String path = "/watched" + unique("/watched.css");
			origin.on(path, Reply.ok("w").header("Cache-Control", "max-age=600"));
			double before = actions("watch", "log");
			long served = this.lane.servedCount();
			for (String expected : new String[] { "MISS", "HIT", "HIT", "HIT" }) {
				assertThat(this.plain.get(path).cacheStatus()).isEqualTo(expected);
			}
			assertThat(actions("watch", "log") - before).isEqualTo(4);
			assertThat(this.lane.servedCount()).isEqualTo(served);
		}

		@Test
		void aMatchTheClientAddressDecidesIsMadeForEveryRequest() {
			String path = "/partner" + unique("/partner.css");
			origin.on(path, Reply.ok("p").header("Cache-Control", "max-age=600"));
			long served = this.lane.servedCount();
			for (String expected : new String[] { "MISS", "HIT", "HIT", "HIT" }) {
				Response response = this.plain.get(path);
				assertThat(response.status()).isEqualTo(200); // 127.0.0.1 is not in 192.0.2.0/24
				assertThat(response.cacheStatus()).isEqualTo(expected);
			}
			assertThat(this.lane.servedCount()).isEqualTo(served);
		}

		@Test
		void aRateLimitSpendsEveryRequestEvenHits() {
			String path = "/limited" + unique("/limited.css");
			origin.on(path, Reply.ok("l").header("Cache-Control", "max-age=600"));
			long served = this.lane.servedCount();
			assertThat(this.plain.get(path).cacheStatus()).isEqualTo("MISS");
			assertThat(this.plain.get(path).cacheStatus()).isEqualTo("HIT");
			assertThat(this.plain.get(path).cacheStatus()).isEqualTo("HIT");
			Response limited = this.plain.get(path);
			assertThat(limited.status()).isEqualTo(429);
			assertThat(limited.header(HttpHeaders.RETRY_AFTER)).isNotNull();
			assertThat(this.lane.servedCount()).isEqualTo(served);
			assertThat(origin.count(path)).isEqualTo(1);
		}

		private double actions(String rule, String action) {
			return this.registry.get(EdgeRuleMetrics.ACTIONS).tag("rule", rule).tag("action", action).counter().count();
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = { "management.server.port=0", "edge.edge-rules.always-use-https=true",
					"edge.edge-rules.trusted-proxies[0]=127.0.0.1/32" })
	class HttpsOnAProxysWord extends LaneTestSupport {

		@Test
		void isAskedForEveryRequest() {
			assertThat(this.lane.isOn()).isTrue();
			String path = unique("/tls.css");
			origin.on(path, Reply.ok("t").header("Cache-Control", "max-age=600"));
			for (String expected : new String[] { "MISS", "HIT", "HIT" }) {
				Response response = this.plain.get(path, headers -> headers.set("X-Forwarded-Proto", "https"));
				assertThat(response.cacheStatus()).isEqualTo(expected);
			}
			assertThat(this.lane.servedCount()).isZero();
			// the proxy's word is what let them through: without it, the same path is redirected
			assertThat(this.plain.get(path).status()).isEqualTo(301);
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = "management.server.port=0")
	@Import(OpaqueFilterConfiguration.class)
	class OffWithAnotherWebFilter extends LaneTestSupport {

		@Test
		void staysOffAndHitsStillWork() {
			assertThat(this.lane.isOn()).isFalse();
			assertThat(this.lane.describe().get("reason").toString()).contains("StampingFilter");
			String path = unique("/stamped.css");
			origin.on(path, Reply.ok("s").header("Cache-Control", "max-age=600"));
			assertThat(this.plain.get(path).cacheStatus()).isEqualTo("MISS");
			for (int i = 0; i < 2; i++) {
				Response hit = this.plain.get(path);
				assertThat(hit.cacheStatus()).isEqualTo("HIT");
				assertThat(hit.header("X-Stamp")).isEqualTo("on every answer");
			}
			assertThat(this.lane.servedCount()).isZero();
		}

	}

	/** A WebFilter that does not tell the lane anything: the lane cannot know what a repeat would skip. */
	@TestConfiguration(proxyBeanMethods = false)
	static class OpaqueFilterConfiguration {

		@Bean
		WebFilter stampingFilter() {
			return new StampingFilter();
		}

	}

	static class StampingFilter implements WebFilter {

		@Override
		public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
			exchange.getResponse().getHeaders().set("X-Stamp", "on every answer");
			return chain.filter(exchange);
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = "management.server.port=0")
	class OffWithAddressPredicates extends LaneTestSupport {

		@DynamicPropertySource
		static void officeRoute(DynamicPropertyRegistry registry) {
			String prefix = "spring.cloud.gateway.server.webflux.routes[3]";
			registry.add(prefix + ".id", () -> "office");
			registry.add(prefix + ".uri", () -> "http://127.0.0.1:9");
			registry.add(prefix + ".order", () -> "-1");
			registry.add(prefix + ".predicates[0]", () -> "RemoteAddr=10.0.0.0/8");
		}

		@Test
		void staysOff() {
			assertThat(this.lane.isOn()).isFalse();
			assertThat(this.lane.describe().get("reason").toString()).contains("RemoteAddr");
		}

	}

	/** The lane under test and a client whose repeated requests are byte-for-byte alike (one signature). */
	abstract static class LaneTestSupport extends CacheIntegrationTestSupport {

		@Autowired
		HitLane lane;

		PlainClient plain;

		@BeforeEach
		void plainClient() {
			this.plain = new PlainClient(this.port);
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
