package dev.edgegateway.cache;

import java.time.Duration;
import java.time.Instant;

import dev.edgegateway.cache.http.HttpDates;
import dev.edgegateway.support.GatewayClient;
import dev.edgegateway.support.GatewayClient.Response;
import dev.edgegateway.support.MutableClock;
import dev.edgegateway.support.TestOrigin.Reply;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code edge.cache.semantics=rfc9111}: a standards shared cache, same engine. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "edge.cache.semantics=rfc9111" })
@Import(EdgeCacheIntegrationTests.ClockConfiguration.class)
class Rfc9111SemanticsIntegrationTests extends CacheIntegrationTestSupport {



	@Autowired
	MutableClock clock;



	@Test
	void everyGetIsEligibleAndExplicitFreshnessOfAnyStatusIsStored() {
		String page = unique("/page");
		origin.on(page, Reply.ok("<p>").header("Cache-Control", "max-age=60"));
		assertThat(this.client.get(page).cacheStatus()).isEqualTo("MISS");
		assertThat(this.client.get(page).cacheStatus()).isEqualTo("HIT");
		String forbidden = unique("/forbidden");
		origin.on(forbidden, Reply.status(403).body("no").header("Cache-Control", "max-age=60"));
		this.client.get(forbidden);
		Response hit = this.client.get(forbidden);
		assertThat(hit.status()).isEqualTo(403);
		assertThat(hit.cacheStatus()).isEqualTo("HIT");
	}

	@Test
	void withoutFreshnessOnlyLastModifiedGivesHeuristicFreshness() {
		String none = unique("/none.css");
		origin.on(none, Reply.ok("x"));
		assertThat(this.client.get(none).cacheStatus()).isEqualTo("MISS");
		assertThat(this.client.get(none).cacheStatus()).isEqualTo("MISS");
		String modified = unique("/modified.css");
		Instant now = this.clock.instant();
		origin.on(modified, request -> Reply.ok("y")
			.header("Date", HttpDates.format(this.clock.instant()))
			.header("Last-Modified", HttpDates.format(now.minus(Duration.ofDays(1)))));
		this.client.get(modified);
		Response hit = this.client.get(modified);
		assertThat(hit.cacheStatus()).isEqualTo("HIT");
		this.clock.advance(Duration.ofMinutes(145)); // 10% of a day is 144 minutes
		assertThat(this.client.get(modified).cacheStatus()).isEqualTo("EXPIRED");
	}

	@Test
	void noCacheIsStoredAndRevalidatedOnEveryUse() {
		String path = unique("/nocache.js");
		origin.on(path, request -> "\"n1\"".equals(request.requestHeaders().get("If-None-Match"))
				? Reply.status(304).header("ETag", "\"n1\"")
				: Reply.ok("nc").header("Cache-Control", "no-cache").header("ETag", "\"n1\""));
		assertThat(this.client.get(path).cacheStatus()).isEqualTo("MISS");
		Response revalidated = this.client.get(path);
		assertThat(revalidated.cacheStatus()).isEqualTo("REVALIDATED");
		assertThat(revalidated.body()).isEqualTo("nc");
		assertThat(this.client.get(path).cacheStatus()).isEqualTo("REVALIDATED");
		assertThat(origin.count(path)).isEqualTo(3);
	}

	@Test
	void setCookieIsStoredAndReplayedUnlessPrivateNamesIt() {
		String path = unique("/cookie.js");
		origin.on(path, Reply.ok("c").header("Cache-Control", "max-age=60").header("Set-Cookie", "a=1"));
		this.client.get(path);
		Response hit = this.client.get(path);
		assertThat(hit.cacheStatus()).isEqualTo("HIT");
		assertThat(hit.header("Set-Cookie")).isEqualTo("a=1");
		String named = unique("/named.js");
		origin.on(named, Reply.ok("c")
			.header("Cache-Control", "max-age=60, private=\"Set-Cookie\"")
			.header("Set-Cookie", "a=1"));
		assertThat(this.client.get(named).header("Set-Cookie")).isEqualTo("a=1");
		Response namedHit = this.client.get(named);
		assertThat(namedHit.cacheStatus()).isEqualTo("HIT");
		assertThat(namedHit.header("Set-Cookie")).isNull();
	}

	@Test
	void requestDirectivesAreHonoured() {
		String path = unique("/req.js");
		int[] version = { 1 };
		origin.on(path, request -> Reply.ok("v" + version[0]++).header("Cache-Control", "max-age=600"));
		fetchAndStore(path);
		this.clock.advance(Duration.ofSeconds(100));
		assertThat(this.client.get(path, h -> h.setCacheControl("max-age=50")).cacheStatus()).isEqualTo("EXPIRED");
		assertThat(this.client.get(path, h -> h.setCacheControl("no-cache")).cacheStatus()).isEqualTo("EXPIRED");
		this.clock.advance(Duration.ofSeconds(550));
		assertThat(this.client.get(path, h -> h.setCacheControl("min-fresh=100")).cacheStatus()).isEqualTo("EXPIRED");
		this.clock.advance(Duration.ofSeconds(700));
		Response stale = this.client.get(path, h -> h.setCacheControl("max-stale=200"));
		assertThat(stale.cacheStatus()).isEqualTo("STALE");
		Response onlyIfCached = this.client.get(unique("/absent.js"), h -> h.setCacheControl("only-if-cached"));
		assertThat(onlyIfCached.status()).isEqualTo(504);
	}

	@Test
	void oddHeaderValuesAreReadAsTheRfcSays() {
		String badAge = unique("/badage.js");
		origin.on(badAge, Reply.ok("a").header("Cache-Control", "max-age=60").header("Age", "soon"));
		this.client.get(badAge);
		assertThat(this.client.get(badAge).age()).isEqualTo(0);
		String badMaxAge = unique("/badmaxage.js");
		origin.on(badMaxAge, Reply.ok("a").header("Cache-Control", "max-age=abc, public"));
		this.client.get(badMaxAge);
		assertThat(this.client.get(badMaxAge).cacheStatus()).isEqualTo("EXPIRED");
		String duplicated = unique("/dup.js");
		origin.on(duplicated, Reply.ok("a").header("Cache-Control", "max-age=600").header("Cache-Control", "max-age=1"));
		this.client.get(duplicated);
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(this.client.get(duplicated).cacheStatus()).isEqualTo("HIT");
	}

}
