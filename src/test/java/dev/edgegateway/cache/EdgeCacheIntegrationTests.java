package dev.edgegateway.cache;

import java.time.Duration;
import java.util.UUID;

import dev.edgegateway.support.GatewayClient;
import dev.edgegateway.support.GatewayClient.Response;
import dev.edgegateway.support.MutableClock;
import dev.edgegateway.support.TestOrigin;
import dev.edgegateway.support.TestOrigin.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The status table of DESIGN.md §2 under the default (cloudflare) semantics, against a real
 * origin, with the clock moved by hand.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "edge.cache.memory.max-object-size=64KB",
				"spring.cloud.gateway.server.webflux.httpclient.response-timeout=1500ms" })
@Import(EdgeCacheIntegrationTests.ClockConfiguration.class)
class EdgeCacheIntegrationTests {

	static final TestOrigin origin = TestOrigin.start();

	@DynamicPropertySource
	static void routes(DynamicPropertyRegistry registry) {
		OriginRoutes.register(registry, origin);
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

	@BeforeEach
	void client() {
		this.client = new GatewayClient(this.port);
	}

	static String unique(String suffix) {
		return "/t/" + UUID.randomUUID() + suffix;
	}

	@Test
	void cacheableAssetIsMissThenHitWithAge() {
		String path = unique("/app.css");
		origin.on(path, Reply.ok("body{}").header("Cache-Control", "max-age=600").header("Content-Type", "text/css"));
		Response miss = this.client.get(path);
		assertThat(miss.status()).isEqualTo(200);
		assertThat(miss.cacheStatus()).isEqualTo("MISS");
		assertThat(miss.age()).isNull();
		assertThat(miss.header("Cache-Status")).startsWith("edge-gateway; fwd=uri-miss").contains("stored");
		this.clock.advance(Duration.ofSeconds(30));
		Response hit = this.client.get(path);
		assertThat(hit.cacheStatus()).isEqualTo("HIT");
		assertThat(hit.body()).isEqualTo("body{}");
		assertThat(hit.age()).isEqualTo(30);
		assertThat(hit.header("Cache-Status")).startsWith("edge-gateway; hit; ttl=570");
		assertThat(hit.header(HttpHeaders.CONTENT_TYPE)).isEqualTo("text/css");
		assertThat(origin.count(path)).isEqualTo(1);
	}

	@Test
	void ageIncludesTheOriginsAgeAndResidentTime() {
		String path = unique("/aged.js");
		origin.on(path, Reply.ok("x").header("Cache-Control", "max-age=600").header("Age", "100"));
		assertThat(this.client.get(path).cacheStatus()).isEqualTo("MISS");
		this.clock.advance(Duration.ofSeconds(50));
		Response hit = this.client.get(path);
		assertThat(hit.age()).isEqualTo(150);
	}

	@Test
	void htmlAndExtensionlessPathsAreDynamic() {
		String html = unique("/index.html");
		String api = unique("/api/items");
		origin.on(html, Reply.ok("<p>").header("Cache-Control", "max-age=600"));
		origin.on(api, Reply.ok("{}").header("Cache-Control", "max-age=600"));
		for (int i = 0; i < 2; i++) {
			assertThat(this.client.get(html).cacheStatus()).isEqualTo("DYNAMIC");
			assertThat(this.client.get(api).cacheStatus()).isEqualTo("DYNAMIC");
		}
		assertThat(origin.count(html)).isEqualTo(2);
		assertThat(this.client.get(api).age()).isNull();
	}

	@Test
	void robotsTxtIsEligible() {
		origin.on("/robots.txt", Reply.ok("User-agent: *").header("Cache-Control", "max-age=60"));
		this.client.get("/robots.txt");
		assertThat(this.client.get("/robots.txt").cacheStatus()).isEqualTo("HIT");
	}

	@Test
	void originDirectivesThatForbidStoringAreBypass() {
		assertBypass("no-store", Reply.ok("a").header("Cache-Control", "no-store"));
		assertBypass("no-store", Reply.ok("a").header("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate"));
		assertBypass("private", Reply.ok("a").header("Cache-Control", "private, max-age=60"));
		assertBypass("no-cache", Reply.ok("a").header("Cache-Control", "no-cache"));
		assertBypass("max-age=0", Reply.ok("a").header("Cache-Control", "max-age=0"));
		assertBypass("s-maxage=0", Reply.ok("a").header("Cache-Control", "max-age=60, s-maxage=0"));
		assertBypass("set-cookie", Reply.ok("a").header("Cache-Control", "max-age=60").header("Set-Cookie", "id=1"));
		assertBypass("expired", Reply.ok("a").header("Expires", "not a date"));
		assertBypass("vary-star", Reply.ok("a").header("Cache-Control", "max-age=60").header("Vary", "*"));
	}

	private void assertBypass(String detail, Reply reply) {
		String path = unique("/bypass.js");
		origin.on(path, reply);
		for (int i = 0; i < 2; i++) {
			Response response = this.client.get(path);
			assertThat(response.cacheStatus()).as(detail).isEqualTo("BYPASS");
			assertThat(response.header("Cache-Status")).as(detail).contains("fwd=bypass").contains("detail=" + detail);
			assertThat(response.age()).isNull();
		}
		assertThat(origin.count(path)).isEqualTo(2);
	}

	@Test
	void authorizedRequestsAreBypassedUnlessTheResponseIsPublic() {
		String path = unique("/private.js");
		origin.on(path, Reply.ok("secret").header("Cache-Control", "max-age=60"));
		assertThat(this.client.get(path, h -> h.setBasicAuth("a", "b")).cacheStatus()).isEqualTo("BYPASS");
		String shared = unique("/shared.js");
		origin.on(shared, Reply.ok("shared").header("Cache-Control", "public, max-age=60"));
		assertThat(this.client.get(shared, h -> h.setBasicAuth("a", "b")).cacheStatus()).isEqualTo("MISS");
		assertThat(this.client.get(shared, h -> h.setBasicAuth("a", "b")).cacheStatus()).isEqualTo("HIT");
	}

	@Test
	void defaultTtlByStatusAppliesWithoutOriginFreshness() {
		String path = unique("/plain.png");
		origin.on(path, Reply.ok("png"));
		this.client.get(path);
		this.clock.advance(Duration.ofMinutes(119));
		assertThat(this.client.get(path).cacheStatus()).isEqualTo("HIT");
		this.clock.advance(Duration.ofMinutes(2));
		assertThat(this.client.get(path).cacheStatus()).isEqualTo("EXPIRED");
		String missing = unique("/missing.png");
		origin.on(missing, Reply.status(404).body("nope"));
		this.client.get(missing);
		assertThat(this.client.get(missing).cacheStatus()).isEqualTo("HIT");
		this.clock.advance(Duration.ofMinutes(4));
		assertThat(this.client.get(missing).cacheStatus()).isEqualTo("EXPIRED");
		String error = unique("/error.png");
		origin.on(error, Reply.status(500).body("boom"));
		assertThat(this.client.get(error).cacheStatus()).isEqualTo("MISS");
		assertThat(this.client.get(error).cacheStatus()).isEqualTo("MISS");
	}

	@Test
	void sMaxAgeBeatsMaxAgeAndCdnCacheControlBeatsCacheControl() {
		String path = unique("/smax.js");
		origin.on(path, Reply.ok("a").header("Cache-Control", "max-age=10, s-maxage=100"));
		this.client.get(path);
		this.clock.advance(Duration.ofSeconds(50));
		assertThat(this.client.get(path).cacheStatus()).isEqualTo("HIT");
		String cdn = unique("/cdn.js");
		origin.on(cdn, Reply.ok("a")
			.header("Cache-Control", "no-store")
			.header("CDN-Cache-Control", "max-age=5")
			.header("Cloudflare-CDN-Cache-Control", "max-age=100"));
		Response first = this.client.get(cdn);
		assertThat(first.cacheStatus()).isEqualTo("MISS");
		assertThat(first.header("Cloudflare-CDN-Cache-Control")).isNull();
		assertThat(first.header("CDN-Cache-Control")).isEqualTo("max-age=5");
		this.clock.advance(Duration.ofSeconds(50));
		Response hit = this.client.get(cdn);
		assertThat(hit.cacheStatus()).isEqualTo("HIT");
		assertThat(hit.header("Cloudflare-CDN-Cache-Control")).isNull();
		assertThat(hit.header("Cache-Control")).isEqualTo("no-store");
	}

	@Test
	void staleWithValidatorsIsRevalidatedAndAgeRestarts() {
		String path = unique("/etag.js");
		origin.on(path, request -> "\"v1\"".equals(request.requestHeaders().get("If-None-Match"))
				? Reply.status(304).header("ETag", "\"v1\"").header("Cache-Control", "max-age=10")
				: Reply.ok("v1-body").header("ETag", "\"v1\"").header("Cache-Control", "max-age=10"));
		this.client.get(path);
		this.clock.advance(Duration.ofSeconds(11));
		Response revalidated = this.client.get(path);
		assertThat(revalidated.status()).isEqualTo(200);
		assertThat(revalidated.cacheStatus()).isEqualTo("REVALIDATED");
		assertThat(revalidated.age()).isEqualTo(0);
		assertThat(revalidated.body()).isEqualTo("v1-body");
		assertThat(revalidated.header(HttpHeaders.CONTENT_LENGTH)).isEqualTo("7");
		assertThat(origin.requests(path).get(1).headers().get("If-None-Match")).isEqualTo("\"v1\"");
		this.clock.advance(Duration.ofSeconds(5));
		Response hit = this.client.get(path);
		assertThat(hit.cacheStatus()).isEqualTo("HIT");
		assertThat(hit.age()).isEqualTo(5);
		assertThat(origin.count(path)).isEqualTo(2);
	}

	@Test
	void staleWithoutValidatorsGetsAFullAnswerAsExpired() {
		String path = unique("/expired.js");
		int[] version = { 1 };
		origin.on(path, request -> Reply.ok("v" + version[0]++).header("Cache-Control", "max-age=10"));
		assertThat(this.client.get(path).body()).isEqualTo("v1");
		this.clock.advance(Duration.ofSeconds(11));
		Response expired = this.client.get(path);
		assertThat(expired.cacheStatus()).isEqualTo("EXPIRED");
		assertThat(expired.body()).isEqualTo("v2");
		assertThat(expired.age()).isNull();
		Response hit = this.client.get(path);
		assertThat(hit.cacheStatus()).isEqualTo("HIT");
		assertThat(hit.body()).isEqualTo("v2");
	}

	@Test
	void staleWhileRevalidateServesStaleAndRefreshesOnceInTheBackground() {
		String path = unique("/swr.js");
		int[] version = { 1 };
		origin.on(path, request -> Reply.ok("v" + version[0]++)
			.header("Cache-Control", "max-age=10, stale-while-revalidate=60"));
		this.client.get(path);
		this.clock.advance(Duration.ofSeconds(20));
		Response updating = this.client.get(path);
		assertThat(updating.cacheStatus()).isEqualTo("UPDATING");
		assertThat(updating.body()).isEqualTo("v1");
		assertThat(updating.age()).isEqualTo(20);
		await().atMost(Duration.ofSeconds(10)).until(() -> origin.count(path) == 2);
		await().atMost(Duration.ofSeconds(10)).until(() -> "v2".equals(this.client.get(path).body()));
		Response hit = this.client.get(path);
		assertThat(hit.cacheStatus()).isEqualTo("HIT");
		assertThat(origin.count(path)).isEqualTo(2);
	}

	@Test
	void originFailureWithinStaleIfErrorServesStale() {
		String path = unique("/sie.js");
		boolean[] down = { false };
		origin.on(path, request -> down[0] ? Reply.status(503).body("down")
				: Reply.ok("good").header("Cache-Control", "max-age=10, stale-if-error=60"));
		this.client.get(path);
		this.clock.advance(Duration.ofSeconds(20));
		down[0] = true;
		Response stale = this.client.get(path);
		assertThat(stale.status()).isEqualTo(200);
		assertThat(stale.cacheStatus()).isEqualTo("STALE");
		assertThat(stale.body()).isEqualTo("good");
		assertThat(stale.age()).isEqualTo(20);
		assertThat(stale.header("Cache-Status")).contains("fwd-status=503").contains("detail=stale-if-error");
		this.clock.advance(Duration.ofSeconds(60));
		Response tooOld = this.client.get(path);
		assertThat(tooOld.status()).isEqualTo(503);
		assertThat(tooOld.cacheStatus()).isEqualTo("EXPIRED");
	}

	@Test
	void droppedOriginConnectionWithinStaleIfErrorServesStale() {
		String path = unique("/drop.js");
		boolean[] down = { false };
		origin.on(path, request -> down[0] ? Reply.drop()
				: Reply.ok("good").header("Cache-Control", "max-age=10, stale-if-error=60"));
		this.client.get(path);
		this.clock.advance(Duration.ofSeconds(20));
		down[0] = true;
		Response stale = this.client.get(path);
		assertThat(stale.cacheStatus()).isEqualTo("STALE");
		assertThat(stale.body()).isEqualTo("good");
	}

	@Test
	void mustRevalidateNeverServesStale() {
		String path = unique("/strict.js");
		boolean[] down = { false };
		origin.on(path, request -> down[0] ? Reply.status(503).body("down")
				: Reply.ok("good").header("Cache-Control", "max-age=10, must-revalidate, stale-if-error=60"));
		this.client.get(path);
		this.clock.advance(Duration.ofSeconds(20));
		down[0] = true;
		Response response = this.client.get(path);
		assertThat(response.status()).isEqualTo(503);
		assertThat(response.body()).isEqualTo("down");
		assertThat(response.cacheStatus()).isEqualTo("EXPIRED");
	}

	@Test
	void unreachableOriginIs502AndSlowOriginIs504() {
		Response refused = this.client.get("/down/x.css");
		assertThat(refused.status()).isEqualTo(502);
		assertThat(refused.body()).contains("origin could not be reached");
		assertThat(this.client.get("/down/page").status()).isEqualTo(502);
		String slow = unique("/slow.js");
		origin.on(slow, Reply.ok("late").delay(Duration.ofSeconds(5)));
		Response timeout = this.client.get(slow);
		assertThat(timeout.status()).isEqualTo(504);
	}

	@Test
	void varyingResponsesAreStoredPerVariantAndGzipNeverReachesAClientThatDidNotAskForIt() {
		String path = unique("/vary.js");
		origin.on(path, request -> {
			String accept = request.requestHeaders().get("Accept-Encoding", "");
			// the test client decodes gzip itself, so the origin sends real gzip
			return accept.contains("gzip") ? Reply.ok("").body(gzip("GZIPPED")).header("Content-Encoding", "gzip")
				.header("Cache-Control", "max-age=60") : Reply.ok("plain").header("Cache-Control", "max-age=60");
		});
		Response gzip = this.client.get(path, h -> h.set("Accept-Encoding", "gzip, deflate"));
		assertThat(gzip.body()).isEqualTo("GZIPPED");
		Response identity = this.client.get(path, h -> h.set("Accept-Encoding", "identity"));
		assertThat(identity.cacheStatus()).isEqualTo("MISS");
		assertThat(identity.body()).isEqualTo("plain");
		assertThat(identity.header("Content-Encoding")).isNull();
		Response gzipHit = this.client.get(path, h -> h.set("Accept-Encoding", "deflate, gzip;q=0.8"));
		assertThat(gzipHit.cacheStatus()).isEqualTo("HIT");
		assertThat(gzipHit.body()).isEqualTo("GZIPPED");
		Response identityHit = this.client.get(path, h -> h.set("Accept-Encoding", "gzip;q=0"));
		assertThat(identityHit.cacheStatus()).isEqualTo("HIT");
		assertThat(identityHit.body()).isEqualTo("plain");
		assertThat(origin.count(path)).isEqualTo(2);
	}

	static byte[] gzip(String text) {
		try {
			java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
			try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(bytes)) {
				out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			}
			return bytes.toByteArray();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	@Test
	void varyOnAnyHeaderKeysVariants() {
		String path = unique("/lang.js");
		origin.on(path, request -> Reply.ok("lang=" + request.requestHeaders().get("Accept-Language"))
			.header("Cache-Control", "max-age=60")
			.header("Vary", "Accept-Language"));
		assertThat(this.client.get(path, h -> h.set("Accept-Language", "de")).body()).isEqualTo("lang=de");
		assertThat(this.client.get(path, h -> h.set("Accept-Language", "fr")).body()).isEqualTo("lang=fr");
		Response de = this.client.get(path, h -> h.set("Accept-Language", "de"));
		assertThat(de.cacheStatus()).isEqualTo("HIT");
		assertThat(de.body()).isEqualTo("lang=de");
	}

	@Test
	void headIsAnsweredFromTheStoredGetAndAHeadMissFetchesWithGet() {
		String path = unique("/head.css");
		origin.on(path, Reply.ok("0123456789").header("Cache-Control", "max-age=60"));
		Response head = this.client.send(HttpMethod.HEAD, path, h -> {
		});
		assertThat(head.cacheStatus()).isEqualTo("MISS");
		assertThat(head.body()).isEmpty();
		assertThat(origin.requests(path).get(0).method()).isEqualTo("GET");
		Response get = this.client.get(path);
		assertThat(get.cacheStatus()).isEqualTo("HIT");
		assertThat(get.body()).isEqualTo("0123456789");
		Response headHit = this.client.send(HttpMethod.HEAD, path, h -> {
		});
		assertThat(headHit.cacheStatus()).isEqualTo("HIT");
		assertThat(headHit.header(HttpHeaders.CONTENT_LENGTH)).isEqualTo("10");
		assertThat(origin.count(path)).isEqualTo(1);
	}

	@Test
	void clientConditionalsAreAnsweredFromTheCache() {
		String path = unique("/cond.css");
		origin.on(path, Reply.ok("css")
			.header("Cache-Control", "max-age=60")
			.header("ETag", "W/\"abc\"")
			.header("Last-Modified", "Wed, 01 Oct 2025 10:00:00 GMT"));
		this.client.get(path);
		Response etag = this.client.get(path, h -> h.set("If-None-Match", "\"abc\""));
		assertThat(etag.status()).isEqualTo(304);
		assertThat(etag.cacheStatus()).isEqualTo("HIT");
		assertThat(etag.header("ETag")).isEqualTo("W/\"abc\"");
		assertThat(etag.body()).isEmpty();
		Response date = this.client.get(path, h -> h.set("If-Modified-Since", "Thu, 02 Oct 2025 10:00:00 GMT"));
		assertThat(date.status()).isEqualTo(304);
		Response changed = this.client.get(path, h -> h.set("If-None-Match", "\"other\""));
		assertThat(changed.status()).isEqualTo(200);
		assertThat(changed.body()).isEqualTo("css");
		assertThat(origin.count(path)).isEqualTo(1);
	}

	@Test
	void successfulUnsafeMethodInvalidatesTheStoredGet() {
		String path = unique("/doc.pdf");
		origin.on(path, request -> request.method().name().equals("POST") ? Reply.status(204)
				: Reply.ok("pdf").header("Cache-Control", "max-age=600"));
		this.client.get(path);
		assertThat(this.client.get(path).cacheStatus()).isEqualTo("HIT");
		Response post = this.client.send(HttpMethod.POST, path, h -> {
		});
		assertThat(post.cacheStatus()).isEqualTo("DYNAMIC");
		assertThat(this.client.get(path).cacheStatus()).isEqualTo("MISS");
	}

	@Test
	void cacheTagIsStoredButNeverShown() {
		String path = unique("/tagged.js");
		origin.on(path, Reply.ok("x").header("Cache-Control", "max-age=60").header("Cache-Tag", "a,b"));
		assertThat(this.client.get(path).header("Cache-Tag")).isNull();
		assertThat(this.client.get(path).header("Cache-Tag")).isNull();
	}

	@Test
	void bodiesOverTheMaxObjectSizeStreamThroughAndAreNotStored() {
		String path = unique("/big.zip");
		byte[] big = new byte[200 * 1024];
		java.util.Arrays.fill(big, (byte) 'z');
		origin.on(path, Reply.ok("").body(big).header("Cache-Control", "max-age=60"));
		Response first = this.client.get(path);
		assertThat(first.body()).hasSize(big.length);
		assertThat(first.header("Cache-Status")).contains("detail=too-large");
		assertThat(this.client.get(path).cacheStatus()).isEqualTo("MISS");
		assertThat(origin.count(path)).isEqualTo(2);
	}

	@Test
	void routesWithoutAnOriginAndUnmatchedRequestsAreNoneUnknown() {
		Response ping = this.client.get("/gateway/ping");
		assertThat(ping.cacheStatus()).isEqualTo("NONE/UNKNOWN");
		assertThat(ping.age()).isNull();
	}

	@Test
	void theManagementPortCarriesNoCacheHeaders() {
		Response health = new GatewayClient(this.managementPort).get("/actuator/health");
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.cacheStatus()).isNull();
		assertThat(health.header("Cache-Status")).isNull();
	}

	@Test
	void unknownMethodsAreForwardedUntouched() {
		String path = unique("/thing.css");
		origin.on(path, request -> Reply.ok("method=" + request.method().name()));
		Response response = this.client.send(HttpMethod.valueOf("PURGE"), path, h -> {
		});
		assertThat(response.body()).isEqualTo("method=PURGE");
		assertThat(response.cacheStatus()).isEqualTo("DYNAMIC");
	}

	@Test
	void streamingResponsesPassThroughUntouchedAndAreNotStored() {
		String path = unique("/events.js");
		origin.on(path, Reply.ok("data: one\n\ndata: two\n\n")
			.header("Content-Type", "text/event-stream")
			.header("Cache-Control", "max-age=60"));
		Response first = this.client.get(path);
		assertThat(first.body()).isEqualTo("data: one\n\ndata: two\n\n");
		assertThat(first.header("Cache-Status")).contains("detail=streaming");
		assertThat(this.client.get(path).cacheStatus()).isEqualTo("MISS");
		assertThat(origin.count(path)).isEqualTo(2);
	}

	@Test
	void deceptionArmorRefusesAPageServedUnderAStaticExtension() {
		String path = unique("/account.css");
		origin.on(path, Reply.ok("<h1>your account</h1>")
			.header("Content-Type", "text/html")
			.header("Cache-Control", "max-age=600"));
		Response response = this.client.get(path);
		assertThat(response.cacheStatus()).isEqualTo("BYPASS");
		assertThat(response.header("Cache-Status")).contains("detail=deception-armor");
		assertThat(this.client.get(path).cacheStatus()).isEqualTo("BYPASS");
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
