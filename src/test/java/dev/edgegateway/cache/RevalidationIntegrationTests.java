package dev.edgegateway.cache;

import java.time.Duration;

import dev.edgegateway.observe.CacheStatistics;
import dev.edgegateway.support.GatewayClient.Response;
import dev.edgegateway.support.MutableClock;
import dev.edgegateway.support.TestOrigin.Reply;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Stale entries (REVALIDATED, EXPIRED, UPDATING, STALE) and failing origins (502/504), with the clock moved by hand. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "edge.cache.memory.max-object-size=64KB",
				"spring.cloud.gateway.server.webflux.httpclient.response-timeout=1500ms" })
@Import(EdgeCacheIntegrationTests.ClockConfiguration.class)
class RevalidationIntegrationTests extends CacheIntegrationTestSupport {

	@Autowired
	MutableClock clock;

	@Autowired
	CacheStatistics statistics;

	@Test
	void staleWithValidatorsIsRevalidatedAndAgeRestarts() {
		String path = unique("/etag.js");
		origin.on(path, request -> "\"v1\"".equals(request.requestHeaders().get("If-None-Match"))
				? Reply.status(304).header("ETag", "\"v1\"").header("Cache-Control", "max-age=10")
				: Reply.ok("v1-body").header("ETag", "\"v1\"").header("Cache-Control", "max-age=10"));
		fetchAndStore(path);
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
		fetchAndStore(path);
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
		fetchAndStore(path);
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
		fetchAndStore(path);
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
		fetchAndStore(path);
		this.clock.advance(Duration.ofSeconds(20));
		down[0] = true;
		Response response = this.client.get(path);
		assertThat(response.status()).isEqualTo(503);
		assertThat(response.body()).isEqualTo("down");
		assertThat(response.cacheStatus()).isEqualTo("EXPIRED");
	}

	@Test
	void unreachableOriginIs502AndSlowOriginIs504() {
		long missesBefore = this.statistics.route("dead").requests(CacheStatus.MISS);
		long dynamicBefore = this.statistics.route("dead").requests(CacheStatus.DYNAMIC);
		Response refused = this.client.get("/down/x.css");
		assertThat(refused.status()).isEqualTo(502);
		assertThat(refused.body()).contains("origin could not be reached");
		assertThat(refused.cacheStatus()).isEqualTo("MISS");
		Response refusedPage = this.client.get("/down/page");
		assertThat(refusedPage.status()).isEqualTo(502);
		assertThat(refusedPage.cacheStatus()).isEqualTo("DYNAMIC");
		await().untilAsserted(() -> {
			assertThat(this.statistics.route("dead").requests(CacheStatus.MISS) - missesBefore).isEqualTo(1);
			assertThat(this.statistics.route("dead").requests(CacheStatus.DYNAMIC) - dynamicBefore).isEqualTo(1);
		});
		String slow = unique("/slow.js");
		origin.on(slow, Reply.ok("late").delay(Duration.ofSeconds(5)));
		Response timeout = this.client.get(slow);
		assertThat(timeout.status()).isEqualTo(504);
		assertThat(timeout.cacheStatus()).isEqualTo("MISS");
	}

}
