package dev.edgegateway.cache;

import java.time.Duration;

import dev.edgegateway.support.GatewayClient;
import dev.edgegateway.support.GatewayClient.Response;
import dev.edgegateway.support.MutableClock;
import dev.edgegateway.support.TestOrigin.Reply;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status table of DESIGN.md §2 under the default (cloudflare) semantics, against a real
 * origin, with the clock moved by hand.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "edge.cache.memory.max-object-size=64KB",
				"spring.cloud.gateway.server.webflux.httpclient.response-timeout=1500ms" })
@Import(EdgeCacheIntegrationTests.ClockConfiguration.class)
class EdgeCacheIntegrationTests extends CacheIntegrationTestSupport {

	@LocalManagementPort
	int managementPort;

	@Autowired
	MutableClock clock;

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
		fetchAndStore(path);
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
		fetchAndStore(path);
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
