package dev.edgegateway.observe;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.edgegateway.cache.CacheStatus;
import dev.edgegateway.cache.store.MemoryCacheStore;
import dev.edgegateway.support.GatewayClient.Response;
import dev.edgegateway.support.GatewayClient;
import dev.edgegateway.support.MutableClock;
import dev.edgegateway.support.TestOrigin;
import dev.edgegateway.support.TestOrigin.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Status counts, Prometheus meters, the top-missed view and the access log (DESIGN.md §4), against
 * a real origin, read over HTTP from the real management port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "edge.access-log.enabled=true",
				"spring.cloud.gateway.server.webflux.httpclient.response-timeout=1500ms" })
@Import(ObserveIntegrationTests.ClockConfiguration.class)
class ObserveIntegrationTests {

	static final TestOrigin origin = TestOrigin.start();

	static final JsonMapper json = JsonMapper.shared();

	@DynamicPropertySource
	static void routes(DynamicPropertyRegistry registry) {
		String prefix = "spring.cloud.gateway.server.webflux.routes";
		registry.add(prefix + "[0].id", () -> "ping");
		registry.add(prefix + "[0].uri", () -> "no://op");
		registry.add(prefix + "[0].predicates[0]", () -> "Path=/gateway/ping");
		registry.add(prefix + "[0].filters[0]", () -> "SetStatus=200");
		registry.add(prefix + "[1].id", () -> "idle");
		registry.add(prefix + "[1].uri", origin::url);
		registry.add(prefix + "[1].predicates[0]", () -> "Path=/idle/**");
		registry.add(prefix + "[2].id", () -> "counted");
		registry.add(prefix + "[2].uri", origin::url);
		registry.add(prefix + "[2].predicates[0]", () -> "Path=/counted/**");
		registry.add(prefix + "[3].id", () -> "origin");
		registry.add(prefix + "[3].uri", origin::url);
		registry.add(prefix + "[3].predicates[0]", () -> "Path=/t/**");
	}

	@AfterAll
	static void stopOrigin() {
		origin.close();
	}

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	MutableClock clock;

	GatewayClient client;

	GatewayClient management;

	@BeforeEach
	void clients() {
		this.client = new GatewayClient(this.port);
		this.management = new GatewayClient(this.managementPort);
	}

	static String unique(String prefix, String suffix) {
		return prefix + UUID.randomUUID() + suffix;
	}

	JsonNode cacheStatus(String query) {
		Response response = this.management.get("/actuator/cachestatus" + query);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return json.readTree(response.body());
	}

	String prometheus() {
		Response response = this.management.get("/actuator/prometheus");
		assertThat(response.status()).isEqualTo(200);
		return response.body();
	}

	static double sample(String prometheus, String name, Map<String, String> labels) {
		for (String line : prometheus.split("\n")) {
			if (labels.isEmpty() && line.startsWith(name + " ")) {
				return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
			}
			if (!line.startsWith(name + "{")) {
				continue;
			}
			String labelText = line.substring(name.length() + 1, line.indexOf('}'));
			boolean all = labels.entrySet()
				.stream()
				.allMatch(label -> labelText.contains(label.getKey() + "=\"" + label.getValue() + "\""));
			if (all) {
				return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
			}
		}
		throw new AssertionError("no sample " + name + labels + " in\n" + prometheus);
	}

	@Test
	void everyStatusOfEveryRouteIsExportedFromStart() {
		String prometheus = prometheus();
		for (String route : List.of("idle", "counted", "origin", "ping", "none")) {
			for (CacheStatus status : CacheStatus.values()) {
				sample(prometheus, "edge_cache_requests_total", Map.of("route", route, "status", status.tag()));
				sample(prometheus, "edge_cache_response_bytes_total", Map.of("route", route, "status", status.tag()));
			}
		}
		assertThat(sample(prometheus, "edge_cache_requests_total", Map.of("route", "idle", "status", "hit")))
			.isZero();
		for (String kind : List.of("files", "prefixes", "hosts", "tags", "everything")) {
			sample(prometheus, "edge_cache_purges_total", Map.of("kind", kind));
		}
		for (String series : List.of("edge_cache_entries ", "edge_cache_size_bytes ", "edge_cache_evictions_total ",
				"edge_cache_collapsed_requests_total ", "edge_cache_revalidations_total ",
				"edge_cache_revalidation_failures_total ", "edge_cache_store_failures_total ",
				"edge_cache_purged_entries_total ")) {
			assertThat(prometheus).contains("\n" + series);
		}
		JsonNode idle = cacheStatus("").get("routes").get("idle");
		assertThat(idle.get("total").asLong()).isZero();
		assertThat(idle.get("statuses").size()).isEqualTo(9);
		assertThat(idle.get("statuses").get("NONE/UNKNOWN").asLong()).isZero();
	}

	@Test
	void countsAfterAScriptedSequenceMatchExactly() {
		String base = unique("/counted/", "");
		origin.on(base + "/a.css", Reply.ok("0123456789").header("Cache-Control", "max-age=600"));
		origin.on(base + "/cookie.js", Reply.ok("12345").header("Cache-Control", "max-age=600").header("Set-Cookie", "a=b"));
		origin.on(base + "/page.html", Reply.ok("<p>hello</p>"));
		origin.on(base + "/form", Reply.ok("ok"));
		int[] version = { 0 };
		origin.on(base + "/short.js", request -> Reply.ok("v" + version[0]++).header("Cache-Control", "max-age=10"));
		origin.on(base + "/etag.js", request -> "\"1\"".equals(request.requestHeaders().get("If-None-Match"))
				? Reply.status(304).header("ETag", "\"1\"").header("Cache-Control", "max-age=10")
				: Reply.ok("etag-body").header("ETag", "\"1\"").header("Cache-Control", "max-age=10"));
		origin.on(base + "/swr.js", Reply.ok("swr").header("Cache-Control", "max-age=10, stale-while-revalidate=600"));
		boolean[] down = { false };
		origin.on(base + "/sie.js", request -> down[0] ? Reply.status(503).body("down")
				: Reply.ok("sie-body").header("Cache-Control", "max-age=10, stale-if-error=600"));
		JsonNode before = cacheStatus("");
		long noneBefore = before.get("routes").get("none").get("total").asLong();
		long pingBefore = before.get("routes").get("ping").get("total").asLong();

		expect(this.client.get(base + "/a.css"), "MISS"); // origin 10
		expect(this.client.get(base + "/a.css"), "HIT"); // cache 10
		expect(this.client.get(base + "/a.css"), "HIT"); // cache 10
		expect(this.client.get(base + "/cookie.js"), "BYPASS"); // origin 5
		expect(this.client.get(base + "/page.html"), "DYNAMIC"); // origin 12
		expect(this.client.send(HttpMethod.POST, base + "/form", h -> {
		}), "DYNAMIC"); // origin 2
		expect(this.client.get(base + "/short.js"), "MISS"); // origin 2 (v0)
		expect(this.client.get(base + "/etag.js"), "MISS"); // origin 9
		expect(this.client.get(base + "/swr.js"), "MISS"); // origin 3
		expect(this.client.get(base + "/sie.js"), "MISS"); // origin 8
		this.clock.advance(Duration.ofSeconds(11));
		expect(this.client.get(base + "/short.js"), "EXPIRED"); // origin 2 (v1)
		expect(this.client.get(base + "/etag.js"), "REVALIDATED"); // cache 9
		expect(this.client.get(base + "/swr.js"), "UPDATING"); // cache 3
		down[0] = true;
		expect(this.client.get(base + "/sie.js"), "STALE"); // cache 8
		expect(this.client.get("/gateway/ping"), "NONE/UNKNOWN");
		assertThat(this.client.get("/nowhere/" + UUID.randomUUID()).status()).isEqualTo(404);
		await().atMost(Duration.ofSeconds(10)).until(() -> origin.count(base + "/swr.js") == 2);

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode counted = cacheStatus("").get("routes").get("counted");
			assertThat(counted.get("total").asLong()).isEqualTo(14);
			JsonNode statuses = counted.get("statuses");
			assertThat(json.convertValue(statuses, Map.class)).containsExactlyInAnyOrderEntriesOf(Map.of("HIT", 2,
					"MISS", 5, "EXPIRED", 1, "STALE", 1, "UPDATING", 1, "REVALIDATED", 1, "BYPASS", 1, "DYNAMIC", 2,
					"NONE/UNKNOWN", 0));
			assertThat(counted.get("bytes").get("cache").asLong()).isEqualTo(10 + 10 + 9 + 3 + 8);
			assertThat(counted.get("bytes").get("origin").asLong()).isEqualTo(10 + 5 + 12 + 2 + 2 + 9 + 3 + 8 + 2);
			// from cache: 2 HIT + STALE + UPDATING + REVALIDATED = 5, of 12 eligible, of 14 in all
			assertThat(counted.get("hitRatio").get("requests").asDouble()).isEqualTo(5.0 / 12);
			assertThat(counted.get("hitRatio").get("requestsOfAll").asDouble()).isEqualTo(5.0 / 14);
			assertThat(counted.get("hitRatio").get("bytes").asDouble()).isEqualTo(40.0 / (40 + 53));
			JsonNode after = cacheStatus("");
			assertThat(after.get("routes").get("none").get("total").asLong()).isEqualTo(noneBefore + 1);
			assertThat(after.get("routes").get("none").get("statuses").get("NONE/UNKNOWN").asLong()).isPositive();
			assertThat(after.get("routes").get("ping").get("total").asLong()).isEqualTo(pingBefore + 1);
			assertThat(after.get("revalidations").get("started").asLong()).isPositive();
			assertThat(after.get("total").asLong()).isGreaterThanOrEqualTo(16);
		});

		String prometheus = prometheus();
		Map<String, Integer> expected = Map.of("hit", 2, "miss", 5, "expired", 1, "stale", 1, "updating", 1,
				"revalidated", 1, "bypass", 1, "dynamic", 2, "none", 0);
		expected.forEach((status, count) -> assertThat(
				sample(prometheus, "edge_cache_requests_total", Map.of("route", "counted", "status", status)))
			.as(status)
			.isEqualTo(count.doubleValue()));
		assertThat(sample(prometheus, "edge_cache_response_bytes_total", Map.of("route", "counted", "status", "hit")))
			.isEqualTo(20);
		assertThat(sample(prometheus, "edge_cache_response_bytes_total", Map.of("route", "counted", "status", "dynamic")))
			.isEqualTo(14);
		assertThat(sample(prometheus, "edge_cache_origin_latency_seconds_count",
				Map.of("route", "counted", "outcome", "response")))
			.isGreaterThanOrEqualTo(10);
		assertThat(sample(prometheus, "edge_cache_revalidations_total", Map.of())).isPositive();
	}

	private static void expect(Response response, String status) {
		assertThat(response.cacheStatus()).as(response.body()).isEqualTo(status);
	}

	@Test
	void managementRequestsAreNotCounted() {
		long before = cacheStatus("").get("total").asLong();
		for (int i = 0; i < 3; i++) {
			prometheus();
			this.management.get("/actuator/health");
		}
		assertThat(cacheStatus("").get("total").asLong()).isEqualTo(before);
		assertThat(this.management.get("/actuator/health").header("CF-Cache-Status")).isNull();
	}

	@Test
	void topMissedListsTheUrlsThatGoToTheOriginMostOften() {
		String hot = unique("/t/", "/hot.js");
		String warm = unique("/t/", "/warm.js");
		origin.on(hot, Reply.ok("x").header("Cache-Control", "no-store"));
		origin.on(warm, Reply.ok("x").header("Cache-Control", "no-store"));
		for (int i = 0; i < 7; i++) {
			this.client.get(hot);
		}
		this.client.get(warm);
		this.client.get(warm);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode top = cacheStatus("?top=50").get("topMissed");
			assertThat(top.size()).isLessThanOrEqualTo(50);
			assertThat(top.get(0).get("url").asString()).endsWith(hot);
			assertThat(top.get(0).get("misses").asLong()).isEqualTo(7);
			assertThat(top.get(0).get("lastStatus").asString()).isEqualTo("BYPASS");
			assertThat(top.findValuesAsString("url")).anyMatch(url -> url.endsWith(warm));
		});
		assertThat(cacheStatus("?top=1").get("topMissed").size()).isEqualTo(1);
		assertThat(cacheStatus("").has("topMissed")).isFalse();
	}

	@Test
	void accessLogWritesOneJsonLinePerRequest() {
		Logger logger = (Logger) LoggerFactory.getLogger("edge.access");
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		logger.addAppender(appender);
		try {
			String path = unique("/t/", "/logged.css");
			origin.on(path, Reply.ok("0123456789").header("Cache-Control", "max-age=60"));
			String requestId = UUID.randomUUID().toString();
			this.client.get(path + "?v=1", h -> h.set("X-Request-Id", requestId));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> appender.list.stream().anyMatch(event -> event.getFormattedMessage().contains(requestId)));
			String line = appender.list.stream()
				.map(ILoggingEvent::getFormattedMessage)
				.filter(message -> message.contains(requestId))
				.findFirst()
				.orElseThrow();
			assertThat(line).doesNotContain("\n");
			JsonNode entry = json.readTree(line);
			assertThat(entry.get("time").asString()).startsWith("2026-01-01T");
			assertThat(entry.get("requestId").asString()).isEqualTo(requestId);
			assertThat(entry.get("clientIp").asString()).isEqualTo("127.0.0.1");
			assertThat(entry.get("method").asString()).isEqualTo("GET");
			assertThat(entry.get("host").asString()).isEqualTo("localhost:" + this.port);
			assertThat(entry.get("path").asString()).isEqualTo(path);
			assertThat(entry.get("query").asString()).isEqualTo("v=1");
			assertThat(entry.get("status").asInt()).isEqualTo(200);
			assertThat(entry.get("cacheStatus").asString()).isEqualTo("MISS");
			assertThat(entry.get("route").asString()).isEqualTo("origin");
			assertThat(entry.get("bytes").asLong()).isEqualTo(10);
			assertThat(entry.get("durationMs").asDouble()).isPositive();
			this.client.get("/gateway/ping");
			await().atMost(Duration.ofSeconds(10))
				.until(() -> appender.list.stream()
					.anyMatch(event -> event.getFormattedMessage().contains("\"path\":\"/gateway/ping\"")));
		}
		finally {
			logger.detachAppender(appender);
		}
	}

	/** A store far smaller than what passes through it: evictions must take their keys out of the indexes. */
	@Nested
	@TestPropertySource(properties = "edge.cache.memory.max-size=64KB")
	class SmallStore {

		@Autowired
		MemoryCacheStore store;

		@Test
		void purgeIndexStaysBoundedAfterEvictions() {
			String base = unique("/t/", "/fill-");
			byte[] body = new byte[1024];
			for (int i = 0; i < 400; i++) {
				origin.on(base + i + ".js", Reply.ok("").body(body)
					.header("Cache-Control", "max-age=600")
					.header("Cache-Tag", "fill,item-" + i));
				ObserveIntegrationTests.this.client.get(base + i + ".js");
			}
			// the last entries are stored when their bodies complete, which may be just after the client has them
			await().atMost(Duration.ofSeconds(10)).until(() -> {
				this.store.cleanUp();
				return this.store.entryCount() + this.store.evictionCount() >= 400;
			});
			long entries = this.store.entryCount();
			assertThat(entries).isBetween(20L, 64L);
			assertThat(this.store.index().size()).isEqualTo((int) entries);
			// the shared tag plus one per stored entry; tags of evicted entries are gone
			assertThat(this.store.index().tagCount()).isLessThanOrEqualTo((int) entries + 1);
			JsonNode status = cacheStatus("");
			assertThat(status.get("store").get("evictions").asLong()).isEqualTo(this.store.evictionCount());
			assertThat(status.get("store").get("entries").asLong()).isEqualTo(entries);
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ClockConfiguration {

		@Bean
		@Primary
		MutableClock mutableClock() {
			return new MutableClock();
		}

	}

}
