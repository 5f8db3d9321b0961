package dev.edgegateway.purge;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import dev.edgegateway.cache.CachePolicy;
import dev.edgegateway.cache.DefaultCachePolicy;
import dev.edgegateway.cache.EdgeCacheProperties;
import dev.edgegateway.cache.KeyPolicy;
import dev.edgegateway.cache.RequestCollapser;
import dev.edgegateway.cache.RequestPolicy;
import dev.edgegateway.support.GatewayClient.Response;
import dev.edgegateway.support.GatewayClient;
import dev.edgegateway.support.MutableClock;
import dev.edgegateway.support.TestOrigin;
import dev.edgegateway.support.TestOrigin.Reply;
import dev.edgegateway.support.UnderWay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The purge API of DESIGN.md §4 on the real management port, against a real origin: every purge
 * kind, soft purge, authentication, every refusal, and the traffic port not serving it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "edge.purge.token=s3cret", "edge.purge.max-items=3" })
@Import(PurgeIntegrationTests.TestConfig.class)
class PurgeIntegrationTests {

	static final String TOKEN = "s3cret";

	static final TestOrigin origin = TestOrigin.start();

	static final JsonMapper json = JsonMapper.shared();

	@DynamicPropertySource
	static void routes(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.gateway.server.webflux.routes[0].id", () -> "origin");
		registry.add("spring.cloud.gateway.server.webflux.routes[0].uri", origin::url);
		registry.add("spring.cloud.gateway.server.webflux.routes[0].predicates[0]", () -> "Path=/**");
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

	@Autowired
	RequestCollapser collapser;

	GatewayClient client;

	@BeforeEach
	void client() {
		this.client = new GatewayClient(this.port);
	}

	static String unique(String suffix) {
		return "/p/" + UUID.randomUUID() + suffix;
	}

	String host() {
		return "localhost:" + this.port;
	}

	String url(String path) {
		return "http://" + host() + path;
	}

	/** Stores a cacheable response for the path and checks that the second request is a HIT. */
	void cached(String path, Reply reply) {
		origin.on(path, reply.header("Cache-Control", "max-age=600"));
		assertThat(this.client.get(path).cacheStatus()).isEqualTo("MISS");
		assertThat(this.client.get(path).cacheStatus()).isEqualTo("HIT");
	}

	void cached(String path) {
		cached(path, Reply.ok("body of " + path));
	}

	Answer purge(String body) {
		return post(this.managementPort, "/cache/purge", body, h -> h.setBearerAuth(TOKEN));
	}

	static Answer post(int port, String path, String body, Consumer<HttpHeaders> headers) {
		WebTestClient.RequestBodySpec request = WebTestClient.bindToServer().filter(GatewayClient.READ_BODY_EAGERLY)
			.baseUrl("http://localhost:" + port)
			.responseTimeout(Duration.ofSeconds(20))
			.build()
			.method(HttpMethod.POST)
			.uri(path)
			.headers(headers.andThen(h -> h.setConnection("close")));
		EntityExchangeResult<byte[]> result = (body == null ? request : request.bodyValue(body.getBytes(StandardCharsets.UTF_8)))
			.exchange()
			.expectBody()
			.returnResult();
		byte[] bytes = result.getResponseBody();
		return new Answer(result.getStatus().value(), result.getResponseHeaders(),
				bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8));
	}

	record Answer(int status, HttpHeaders headers, String body) {

		JsonNode json() {
			return PurgeIntegrationTests.json.readTree(this.body);
		}

		String errorMessage() {
			return json().get("errors").get(0).get("message").asString();
		}

		int errorCode() {
			return json().get("errors").get(0).get("code").asInt();
		}

	}

	static void assertSuccess(Answer answer) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		JsonNode envelope = answer.json();
		assertThat(envelope.get("success").asBoolean()).isTrue();
		assertThat(envelope.get("errors").size()).isZero();
		assertThat(envelope.get("messages").isArray()).isTrue();
		assertThat(envelope.get("result").get("id").asString()).matches("[0-9a-f]{32}");
	}

	@Test
	void filesPurgeTheUrlAndNothingElse() {
		String purged = unique("/a.css");
		String kept = unique("/b.css");
		cached(purged);
		cached(kept);
		Answer answer = purge("{\"files\": [\"" + url(purged) + "\"]}");
		assertSuccess(answer);
		assertThat(answer.json().get("result").get("entries").asLong()).isEqualTo(1);
		assertThat(answer.json().get("result").get("replicas").asLong()).isZero();
		assertThat(this.client.get(purged).cacheStatus()).isEqualTo("MISS");
		assertThat(this.client.get(kept).cacheStatus()).isEqualTo("HIT");
		JsonNode purges = json.readTree(new GatewayClient(this.managementPort).get("/actuator/cachestatus").body())
			.get("purges");
		assertThat(purges.get("files").asLong()).isPositive();
		assertThat(new GatewayClient(this.managementPort).get("/actuator/prometheus").body())
			.containsPattern("edge_cache_purges_total\\{kind=\"files\"} [1-9]");
	}

	@Test
	void filesWithHttpsPurgeTheKeyStoredUnderHttpAndEveryVaryVariant() {
		String path = unique("/lang.js");
		origin.on(path, request -> Reply.ok("lang=" + request.requestHeaders().get("Accept-Language"))
			.header("Cache-Control", "max-age=600")
			.header("Vary", "Accept-Language"));
		for (String language : List.of("de", "fr")) {
			this.client.get(path, h -> h.set("Accept-Language", language));
			assertThat(this.client.get(path, h -> h.set("Accept-Language", language)).cacheStatus()).isEqualTo("HIT");
		}
		assertSuccess(purge("{\"files\": [\"https://" + host() + path + "\"]}"));
		assertThat(this.client.get(path, h -> h.set("Accept-Language", "de")).cacheStatus()).isEqualTo("MISS");
		assertThat(this.client.get(path, h -> h.set("Accept-Language", "fr")).cacheStatus()).isEqualTo("MISS");
	}

	@Test
	void filesWithHeadersPurgeTheEntryKeyedOnThem() {
		String path = "/keyed/" + UUID.randomUUID() + "/app.js";
		origin.on(path, request -> Reply.ok("device=" + request.requestHeaders().get("X-Device"))
			.header("Cache-Control", "max-age=600"));
		for (String device : List.of("mobile", "desktop")) {
			this.client.get(path, h -> h.set("X-Device", device));
			assertThat(this.client.get(path, h -> h.set("X-Device", device)).cacheStatus()).isEqualTo("HIT");
		}
		assertSuccess(purge("{\"files\": [{\"url\": \"" + url(path) + "\", \"headers\": {\"X-Device\": \"mobile\"}}]}"));
		assertThat(this.client.get(path, h -> h.set("X-Device", "mobile")).cacheStatus()).isEqualTo("MISS");
		assertThat(this.client.get(path, h -> h.set("X-Device", "desktop")).cacheStatus()).isEqualTo("HIT");
	}

	@Test
	void prefixesPurgeEverythingBelowWhateverTheQuery() {
		String base = unique("");
		cached(base + "/assets/a.css");
		cached(base + "/assets/deep/b.css?v=2");
		cached(base + "/assetsx/c.css");
		cached(base + "/other/d.css");
		Answer answer = purge("{\"prefixes\": [\"" + host() + base + "/assets\"]}");
		assertSuccess(answer);
		assertThat(answer.json().get("result").get("entries").asLong()).isEqualTo(2);
		assertThat(this.client.get(base + "/assets/a.css").cacheStatus()).isEqualTo("MISS");
		assertThat(this.client.get(base + "/assets/deep/b.css?v=2").cacheStatus()).isEqualTo("MISS");
		assertThat(this.client.get(base + "/assetsx/c.css").cacheStatus()).isEqualTo("HIT");
		assertThat(this.client.get(base + "/other/d.css").cacheStatus()).isEqualTo("HIT");
	}

	@Test
	void hostsPurgeEveryEntryOfTheHost() {
		String path = unique("/h.css");
		String purgedHost = "purged-" + UUID.randomUUID() + ".example";
		String keptHost = "kept-" + UUID.randomUUID() + ".example";
		origin.on(path, Reply.ok("h").header("Cache-Control", "max-age=600"));
		for (String host : List.of(purgedHost, keptHost)) {
			this.client.get(path, h -> h.set(HttpHeaders.HOST, host));
			assertThat(this.client.get(path, h -> h.set(HttpHeaders.HOST, host)).cacheStatus()).isEqualTo("HIT");
		}
		assertSuccess(purge("{\"hosts\": [\"" + purgedHost.toUpperCase() + "\"]}"));
		assertThat(this.client.get(path, h -> h.set(HttpHeaders.HOST, purgedHost)).cacheStatus()).isEqualTo("MISS");
		assertThat(this.client.get(path, h -> h.set(HttpHeaders.HOST, keptHost)).cacheStatus()).isEqualTo("HIT");
	}

	@Test
	void tagsPurgeTaggedEntriesAndTagsNeverReachClients() {
		String tag = "group-" + UUID.randomUUID();
		String first = unique("/1.js");
		String second = unique("/2.js");
		String untagged = unique("/3.js");
		origin.on(first, Reply.ok("1").header("Cache-Control", "max-age=600").header("Cache-Tag", "Other, " + tag.toUpperCase()));
		origin.on(second, Reply.ok("2").header("Cache-Control", "max-age=600").header("Cache-Tag", "x").header("cache-tag", tag));
		origin.on(untagged, Reply.ok("3").header("Cache-Control", "max-age=600").header("Cache-Tag", "other"));
		for (String path : List.of(first, second, untagged)) {
			Response miss = this.client.get(path);
			assertThat(miss.header("Cache-Tag")).isNull();
			Response hit = this.client.get(path);
			assertThat(hit.cacheStatus()).isEqualTo("HIT");
			assertThat(hit.header("Cache-Tag")).isNull();
		}
		Answer answer = purge("{\"tags\": [\"" + tag + "\"]}");
		assertSuccess(answer);
		assertThat(answer.json().get("result").get("entries").asLong()).isEqualTo(2);
		assertThat(this.client.get(first).cacheStatus()).isEqualTo("MISS");
		assertThat(this.client.get(second).cacheStatus()).isEqualTo("MISS");
		assertThat(this.client.get(untagged).cacheStatus()).isEqualTo("HIT");
	}

	@Test
	void purgeEverythingEmptiesTheCacheOnTheCloudflarePath() {
		String one = unique("/e1.css");
		String two = unique("/e2.css");
		cached(one);
		cached(two);
		Answer answer = post(this.managementPort, "/client/v4/zones/023e105f4ecef8ad9ca31a8372d0c353/purge_cache",
				"{\"purge_everything\": true}", h -> h.setBearerAuth(TOKEN));
		assertSuccess(answer);
		assertThat(this.client.get(one).cacheStatus()).isEqualTo("MISS");
		assertThat(this.client.get(two).cacheStatus()).isEqualTo("MISS");
	}

	@Test
	void softPurgeMarksStaleSoTheNextRequestRevalidates() {
		String withEtag = unique("/soft.js");
		origin.on(withEtag, request -> "\"v1\"".equals(request.requestHeaders().get("If-None-Match"))
				? Reply.status(304).header("ETag", "\"v1\"").header("Cache-Control", "max-age=600")
				: Reply.ok("soft-body").header("ETag", "\"v1\"").header("Cache-Control", "max-age=600"));
		this.client.get(withEtag);
		String without = unique("/soft-plain.js");
		cached(without);
		Answer answer = purge("{\"files\": [\"" + url(withEtag) + "\", \"" + url(without) + "\"], \"soft\": true}");
		assertSuccess(answer);
		assertThat(answer.json().get("result").get("soft").asBoolean()).isTrue();
		Response revalidated = this.client.get(withEtag);
		assertThat(revalidated.cacheStatus()).isEqualTo("REVALIDATED");
		assertThat(revalidated.body()).isEqualTo("soft-body");
		assertThat(origin.requests(withEtag).get(1).headers().get("If-None-Match")).isEqualTo("\"v1\"");
		assertThat(this.client.get(withEtag).cacheStatus()).isEqualTo("HIT");
		assertThat(this.client.get(without).cacheStatus()).isEqualTo("EXPIRED");
		assertThat(this.client.get(without).cacheStatus()).isEqualTo("HIT");
	}

	@Test
	void softPurgeByTagAndPrefix() {
		String tag = "soft-" + UUID.randomUUID();
		String base = unique("");
		cached(base + "/t.css", Reply.ok("t").header("Cache-Tag", tag));
		cached(base + "/dir/p.css");
		assertSuccess(purge("{\"tags\": [\"" + tag + "\"], \"soft\": true}"));
		assertSuccess(purge("{\"prefixes\": [\"" + host() + base + "/dir\"], \"soft\": true}"));
		assertThat(this.client.get(base + "/t.css").cacheStatus()).isEqualTo("EXPIRED");
		assertThat(this.client.get(base + "/dir/p.css").cacheStatus()).isEqualTo("EXPIRED");
	}

	/** Starts a GET of a path and returns once the origin has it: a purge made now races the fetch. */
	UnderWay fetchUnderWay(String path, Reply reply) {
		return UnderWay.start(origin, path, reply.header("Cache-Control", "max-age=600"), () -> this.client.get(path));
	}

	@Test
	void aPurgeWhileTheOriginIsAnsweringIsNotUndoneWhenTheAnswerIsStored() {
		String tag = "racing-" + UUID.randomUUID();
		String path = unique("/racing.js");
		UnderWay fetch = fetchUnderWay(path, Reply.ok("before the purge").header("Cache-Tag", tag));

		assertSuccess(purge("{\"tags\": [\"" + tag + "\"]}"));

		Response fetched = fetch.release();
		assertThat(fetched.cacheStatus()).isEqualTo("MISS");
		assertThat(fetched.body()).isEqualTo("before the purge");
		assertThat(this.client.get(path).cacheStatus()).isEqualTo("MISS");
		assertThat(origin.count(path)).isEqualTo(2);
		assertThat(this.client.get(path).cacheStatus()).isEqualTo("HIT");
	}

	@Test
	void aRequestThatWouldWaitOnAFetchAPurgeOvertookGoesToTheOriginItself() {
		String path = unique("/overtaken.js");
		UnderWay fetch = fetchUnderWay(path, Reply.ok("before the purge"));
		assertSuccess(purge("{\"files\": [\"" + url(path) + "\"]}"));
		long collapsed = this.collapser.collapsedCount();
		CompletableFuture<Response> follower = CompletableFuture.supplyAsync(() -> this.client.get(path));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.collapser.collapsedCount() == collapsed + 1);

		assertThat(fetch.release().cacheStatus()).isEqualTo("MISS");
		Response followed = follower.join();
		assertThat(followed.cacheStatus()).isEqualTo("MISS");
		assertThat(followed.body()).isEqualTo("before the purge");
		assertThat(origin.count(path)).isEqualTo(2);
	}

	@Test
	void aSoftPurgeWhileTheOriginIsAnsweringLeavesTheAnswerStale() {
		String path = unique("/soft-racing.js");
		UnderWay fetch = fetchUnderWay(path, Reply.ok("before the purge"));

		assertSuccess(purge("{\"prefixes\": [\"" + host() + path + "\"], \"soft\": true}"));
		assertThat(fetch.release().cacheStatus()).isEqualTo("MISS");
		assertThat(this.client.get(path).cacheStatus()).isEqualTo("EXPIRED");
		assertThat(origin.count(path)).isEqualTo(2);
	}

	@Test
	void callsWithoutATokenAre401AndWithAWrongOne403() {
		String path = unique("/auth.css");
		cached(path);
		String body = "{\"purge_everything\": true}";
		Answer missing = post(this.managementPort, "/cache/purge", body, h -> {
		});
		assertThat(missing.status()).isEqualTo(401);
		assertThat(missing.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
		assertThat(missing.json().get("success").asBoolean()).isFalse();
		assertThat(missing.errorCode()).isEqualTo(10000);
		assertThat(post(this.managementPort, "/cache/purge", body, h -> h.setBasicAuth("a", "b")).status())
			.isEqualTo(401);
		Answer wrong = post(this.managementPort, "/cache/purge", body, h -> h.setBearerAuth("s3cre"));
		assertThat(wrong.status()).isEqualTo(403);
		assertThat(wrong.errorMessage()).contains("invalid");
		assertThat(post(this.managementPort, "/cache/purge", body, h -> h.setBearerAuth(TOKEN + "x")).status())
			.isEqualTo(403);
		assertThat(this.client.get(path).cacheStatus()).isEqualTo("HIT");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
			not json                     | {files:                                      | invalid JSON
			not an object                | ["http://a/b.css"]                           | JSON object
			empty body                   |                                              | empty body
			no kind                      | {}                                           | must name one of
			unknown field                | {"urls": ["http://a/b.css"]}                 | unknown field 'urls'
			duplicate field              | {"tags": ["a"], "tags": ["b"]}               | invalid JSON
			mixed kinds                  | {"tags": ["a"], "hosts": ["a.example"]}      | one purge kind per call
			empty list                   | {"tags": []}                                 | must not be empty
			not a list                   | {"tags": "a"}                                | must be an array
			too many items               | {"tags": ["a", "b", "c", "d"]}               | at most 3 per call
			relative url                 | {"files": ["/a.css"]}                        | absolute http(s) URL
			bad url                      | {"files": ["http://a b/c"]}                  | not a URL
			ftp url                      | {"files": ["ftp://a.example/c"]}             | absolute http(s) URL
			file object without url      | {"files": [{"headers": {}}]}                 | has no 'url'
			file object unknown field    | {"files": [{"url": "http://a/b", "x": 1}]}   | unknown field 'x'
			bad header name              | {"files": [{"url": "http://a/b", "headers": {"a b": "c"}}]} | not a header name
			prefix with scheme           | {"prefixes": ["https://a.example/x"]}        | without a scheme
			prefix with query            | {"prefixes": ["a.example/x?y=1"]}            | leave the query out
			host with path               | {"hosts": ["a.example/x"]}                   | not a host name
			tag not a string             | {"tags": [1]}                                | must be a string
			empty tag                    | {"tags": [" "]}                              | a tag is
			purge_everything false       | {"purge_everything": false}                  | must be true
			soft not a boolean           | {"tags": ["a"], "soft": "yes"}               | 'soft' must be true or false
			""")
	void malformedCallsAre400WithTheReason(String name, String body, String reason) {
		String path = unique("/bad.css");
		cached(path);
		Answer answer = purge(body);
		assertThat(answer.status()).as(answer.body()).isEqualTo(400);
		assertThat(answer.json().get("success").asBoolean()).isFalse();
		assertThat(answer.json().get("result").isNull()).isTrue();
		assertThat(answer.errorMessage()).contains(reason);
		assertThat(this.client.get(path).cacheStatus()).isEqualTo("HIT");
	}

	@Test
	void theTrafficPortDoesNotServePurges() {
		String path = unique("/traffic.css");
		cached(path);
		for (String purgePath : List.of("/cache/purge", "/client/v4/zones/z/purge_cache")) {
			Answer answer = post(this.port, purgePath, "{\"purge_everything\": true}", h -> h.setBearerAuth(TOKEN));
			assertThat(answer.status()).isEqualTo(404);
			assertThat(answer.body()).contains("no handler");
			assertThat(answer.headers().getFirst("CF-Cache-Status")).isEqualTo("DYNAMIC");
		}
		assertThat(origin.count("/cache/purge")).isPositive();
		assertThat(this.client.get(path).cacheStatus()).isEqualTo("HIT");
	}

	/** While no token is configured, the purge API refuses everything and says why. */
	@Nested
	@TestPropertySource(properties = "edge.purge.token=")
	class WithoutAToken {

		@Test
		void everyCallIsRefused() {
			String path = unique("/no-token.css");
			cached(path);
			for (Consumer<HttpHeaders> headers : List.<Consumer<HttpHeaders>>of(h -> {
			}, h -> h.setBearerAuth(TOKEN), h -> h.setBearerAuth(""))) {
				Answer answer = post(PurgeIntegrationTests.this.managementPort, "/cache/purge",
						"{\"purge_everything\": true}", headers);
				assertThat(answer.status()).isEqualTo(403);
				assertThat(answer.errorMessage()).contains("no token is configured").contains("EDGE_PURGE_TOKEN");
			}
			assertThat(PurgeIntegrationTests.this.client.get(path).cacheStatus()).isEqualTo("HIT");
		}

	}

	/**
	 * With the management endpoints on the traffic port there is no purge API at all: it is never
	 * served where clients reach.
	 */
	@Nested
	@TestPropertySource(properties = "management.server.port=")
	class WithoutASeparateManagementPort {

		@Test
		void purgePathsGoToTheOrigin() {
			int trafficPort = PurgeIntegrationTests.this.port;
			String path = unique("/same-port.css");
			cached(path);
			Answer answer = post(trafficPort, "/cache/purge", "{\"purge_everything\": true}",
					h -> h.setBearerAuth(TOKEN));
			assertThat(answer.status()).isEqualTo(404);
			assertThat(answer.body()).contains("no handler");
			assertThat(PurgeIntegrationTests.this.client.get(path).cacheStatus()).isEqualTo("HIT");
			assertThat(new GatewayClient(trafficPort).get("/actuator/health").status()).isEqualTo(200);
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class TestConfig {

		@Bean
		@Primary
		MutableClock mutableClock() {
			return new MutableClock();
		}

		/** The defaults, plus: paths under /keyed/ are cached per X-Device (a cache rule's key.headers). */
		@Bean
		@Primary
		CachePolicy deviceKeyedPolicy(EdgeCacheProperties properties) {
			DefaultCachePolicy defaults = new DefaultCachePolicy(properties);
			RequestPolicy keyed = RequestPolicy.eligible(
					new KeyPolicy(true, KeyPolicy.QueryMode.ALL, Set.of(), false, List.of("x-device"), List.of()),
					DefaultCachePolicy.defaultTtl(properties), List.of("device"));
			return exchange -> exchange.getRequest().getPath().value().startsWith("/keyed/") ? keyed
					: defaults.resolve(exchange);
		}

	}

}
