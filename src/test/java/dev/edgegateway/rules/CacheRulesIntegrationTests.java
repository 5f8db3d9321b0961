package dev.edgegateway.rules;

import java.time.Duration;
import java.util.UUID;

import dev.edgegateway.cache.RequestCollapser;
import dev.edgegateway.support.GatewayClient;
import dev.edgegateway.support.GatewayClient.Response;
import dev.edgegateway.support.MutableClock;
import dev.edgegateway.support.TestOrigin;
import dev.edgegateway.support.TestOrigin.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cache rules (DESIGN.md §3, {@code edge.cache.rules} and route {@code metadata.edge-cache})
 * against a real origin: one gateway with one rule per setting, each rule on its own path prefix,
 * the clock moved by hand.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "management.endpoints.web.exposure.include=cacheexplain",
				"edge.cache.debug-header=true" })
@Import(RulesClockConfiguration.class)
class CacheRulesIntegrationTests {

	static final TestOrigin origin = TestOrigin.start();

	@DynamicPropertySource
	static void configuration(DynamicPropertyRegistry registry) {
		RuleProperties.routes(registry, origin, "cache=eligible", "edge-ttl.mode=override",
				"edge-ttl.by-status.200=10m", "key.headers[0]=X-Tenant");
		new RuleProperties(registry)
			.rule("name=query-sort", "when.paths[0]=/q/sort/**", "key.sort-query=true")
			.rule("name=query-none", "when.paths[0]=/q/none/**", "key.query=none")
			.rule("name=query-include", "when.paths[0]=/q/include/**", "key.query.include[0]=v",
					"key.query.include[1]=lang")
			.rule("name=query-exclude", "when.paths[0]=/q/exclude/**", "key.query.exclude[0]=utm_source")
			.rule("name=header-key", "when.paths[0]=/k/header/**", "key.headers[0]=X-Device")
			.rule("name=cookie-key", "when.paths[0]=/k/cookie/**", "key.cookies[0]=lang")
			.rule("name=override", "when.paths[0]=/ttl/override/**", "cache=eligible", "edge-ttl.mode=override",
					"edge-ttl.default=1h")
			.rule("name=respect", "when.paths[0]=/ttl/respect/**", "cache=eligible", "edge-ttl.mode=respect-origin",
					"edge-ttl.default=30m")
			.rule("name=by-status", "when.paths[0]=/ttl/status/**", "cache=eligible", "edge-ttl.by-status.404=0s",
					"edge-ttl.by-status.[500-599]=-1s", "edge-ttl.by-status.418=5m")
			.rule("name=bypass-by-default", "when.paths[0]=/ttl/bbd/**", "cache=eligible",
					"edge-ttl.mode=bypass-by-default")
			.rule("name=browser", "when.paths[0]=/browser/**", "browser-ttl.mode=override", "browser-ttl.value=10m")
			.rule("name=browser-respect", "when.paths[0]=/browser/respect/**", "browser-ttl.mode=respect-origin")
			.rule("name=stale", "when.paths[0]=/stale/**", "serve-stale.while-revalidate=30s",
					"serve-stale.if-error=1d")
			.rule("name=no-stale", "when.paths[0]=/nostale/**", "serve-stale.disabled=true")
			.rule("name=armor-off", "when.paths[0]=/armor-off/**", "key.deception-armor=false")
			.rule("name=wordpress", "when.paths[0]=/wp/**", "cache=eligible",
					"bypass-on-cookie=wordpress_logged_in_.*")
			.rule("name=stack-a", "when.paths[0]=/stack/**", "edge-ttl.mode=override", "edge-ttl.default=1h")
			.rule("name=stack-b", "when.paths[0]=/stack/b/**", "cache=eligible", "edge-ttl.default=2m")
			.rule("name=stack-c", "when.paths[0]=/stack/b/private/**", "cache=bypass")
			.rule("name=meta-short", "when.paths[0]=/meta/short/**", "edge-ttl.by-status.200=1m")
			.rule("name=meta-browser", "when.routes[0]=meta", "browser-ttl.value=2m")
			.rule("name=cond-host", "when.paths[0]=/cond/host/**", "when.hosts[0]=*.example.test",
					"when.hosts[1]=exact.test", "cache=eligible")
			.rule("name=cond-header", "when.paths[0]=/cond/header/**", "when.headers.X-Env=^prod$", "cache=eligible")
			.rule("name=cond-cookie", "when.paths[0]=/cond/cookie/**", "when.cookies.beta=", "cache=bypass")
			.rule("name=cond-query", "when.paths[0]=/cond/query/**", "when.query.preview=^(1|true)$",
					"cache=bypass")
			.rule("name=cond-ext-method", "when.paths[0]=/cond/ext/**", "when.extensions[0]=.HTML",
					"when.methods[0]=get", "cache=eligible");
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

	static String unique(String prefix, String suffix) {
		return prefix + "/" + UUID.randomUUID() + suffix;
	}

	@Nested
	class CacheKey {

		@Test
		void sortQueryMakesParameterOrderIrrelevant() {
			String path = unique("/q/sort", "/a.css");
			origin.on(path, Reply.ok("css").header("Cache-Control", "max-age=600"));
			assertThat(client.get(path + "?b=2&a=1").cacheStatus()).isEqualTo("MISS");
			Response hit = client.get(path + "?a=1&b=2");
			assertThat(hit.cacheStatus()).isEqualTo("HIT");
			assertThat(hit.header("Cache-Status")).contains("key=\"http://localhost:" + port + path + "?a=1&b=2\"");
			assertThat(client.get(path + "?a=2&b=2").cacheStatus()).isEqualTo("MISS");
			assertThat(origin.count(path)).isEqualTo(2);
		}

		@Test
		void queryNoneIgnoresTheQueryString() {
			String path = unique("/q/none", "/a.css");
			origin.on(path, Reply.ok("css").header("Cache-Control", "max-age=600"));
			assertThat(client.get(path + "?x=1").cacheStatus()).isEqualTo("MISS");
			assertThat(client.get(path + "?y=2").cacheStatus()).isEqualTo("HIT");
			assertThat(client.get(path).cacheStatus()).isEqualTo("HIT");
			assertThat(origin.count(path)).isEqualTo(1);
		}

		@Test
		void queryIncludeKeysOnlyTheNamedParameters() {
			String path = unique("/q/include", "/a.js");
			origin.on(path, Reply.ok("js").header("Cache-Control", "max-age=600"));
			assertThat(client.get(path + "?v=1&utm=a").cacheStatus()).isEqualTo("MISS");
			assertThat(client.get(path + "?utm=b&v=1").cacheStatus()).isEqualTo("HIT");
			assertThat(client.get(path + "?v=2").cacheStatus()).isEqualTo("MISS");
			assertThat(client.get(path + "?v=2&lang=de").cacheStatus()).isEqualTo("MISS");
			assertThat(origin.count(path)).isEqualTo(3);
		}

		@Test
		void queryExcludeDropsTheNamedParameters() {
			String path = unique("/q/exclude", "/a.js");
			origin.on(path, Reply.ok("js").header("Cache-Control", "max-age=600"));
			assertThat(client.get(path + "?a=1&utm_source=x").cacheStatus()).isEqualTo("MISS");
			assertThat(client.get(path + "?a=1&utm_source=y").cacheStatus()).isEqualTo("HIT");
			assertThat(client.get(path + "?a=2").cacheStatus()).isEqualTo("MISS");
			assertThat(origin.count(path)).isEqualTo(2);
		}

		@Test
		void headerValuesArePartOfTheKey() {
			String path = unique("/k/header", "/a.css");
			origin.on(path, request -> Reply.ok("for " + request.requestHeaders().get("X-Device"))
				.header("Cache-Control", "max-age=600"));
			assertThat(client.get(path, h -> h.set("X-Device", "mobile")).cacheStatus()).isEqualTo("MISS");
			Response hit = client.get(path, h -> h.set("X-Device", "mobile"));
			assertThat(hit.cacheStatus()).isEqualTo("HIT");
			assertThat(hit.body()).isEqualTo("for mobile");
			Response desktop = client.get(path, h -> h.set("X-Device", "desktop"));
			assertThat(desktop.cacheStatus()).isEqualTo("MISS");
			assertThat(desktop.body()).isEqualTo("for desktop");
			assertThat(origin.count(path)).isEqualTo(2);
		}

		@Test
		void cookieValuesArePartOfTheKey() {
			String path = unique("/k/cookie", "/a.css");
			origin.on(path, Reply.ok("css").header("Cache-Control", "max-age=600"));
			assertThat(client.get(path, h -> h.set("Cookie", "lang=en")).cacheStatus()).isEqualTo("MISS");
			assertThat(client.get(path, h -> h.set("Cookie", "other=1; lang=en")).cacheStatus()).isEqualTo("HIT");
			assertThat(client.get(path, h -> h.set("Cookie", "lang=fr")).cacheStatus()).isEqualTo("MISS");
			assertThat(client.get(path).cacheStatus()).isEqualTo("MISS");
			assertThat(origin.count(path)).isEqualTo(3);
		}

		@Test
		void deceptionArmorRefusesAPathWhoseContentTypeDoesNotFitAndCanBeTurnedOff() {
			String armored = unique("/armor", "/account.css");
			origin.on(armored, Reply.ok("<html>you</html>").header("Content-Type", "text/html")
				.header("Cache-Control", "max-age=600"));
			for (int i = 0; i < 2; i++) {
				Response response = client.get(armored);
				assertThat(response.cacheStatus()).isEqualTo("BYPASS");
				assertThat(response.header("Cache-Status")).contains("detail=deception-armor");
			}
			String open = unique("/armor-off", "/account.css");
			origin.on(open, Reply.ok("<html>you</html>").header("Content-Type", "text/html")
				.header("Cache-Control", "max-age=600"));
			assertThat(client.get(open).cacheStatus()).isEqualTo("MISS");
			assertThat(client.get(open).cacheStatus()).isEqualTo("HIT");
		}

	}

	@Nested
	class EdgeTtl {

		@Test
		void overrideIgnoresOriginDirectivesAndStripsSetCookieFromTheStoredCopy() {
			String path = unique("/ttl/override", "/page.html");
			origin.on(path, Reply.ok("page").header("Cache-Control", "no-store, private").header("Set-Cookie", "id=1"));
			Response miss = client.get(path);
			assertThat(miss.cacheStatus()).isEqualTo("MISS");
			assertThat(miss.header("Edge-Cache-Debug")).startsWith("rules=override; eligible;")
				.contains("edge-ttl=override; decided-by=rule-override; ttl=3600; swr=0; sie=0");
			clock.advance(Duration.ofMinutes(59));
			Response hit = client.get(path);
			assertThat(hit.cacheStatus()).isEqualTo("HIT");
			assertThat(hit.header("Set-Cookie")).isNull();
			assertThat(hit.header("Edge-Cache-Debug")).contains("decided-by=stored; ttl=60");
			clock.advance(Duration.ofMinutes(2));
			assertThat(client.get(path).cacheStatus()).isEqualTo("EXPIRED");
			assertThat(origin.count(path)).isEqualTo(2);
		}

		@Test
		void respectOriginUsesTheRuleDefaultOnlyWithoutOriginFreshness() {
			String plain = unique("/ttl/respect", "/page.html");
			origin.on(plain, Reply.ok("page"));
			assertThat(client.get(plain).header("Edge-Cache-Debug")).contains("decided-by=default-ttl; ttl=1800");
			clock.advance(Duration.ofMinutes(29));
			assertThat(client.get(plain).cacheStatus()).isEqualTo("HIT");
			clock.advance(Duration.ofMinutes(2));
			assertThat(client.get(plain).cacheStatus()).isEqualTo("EXPIRED");
			String noStore = unique("/ttl/respect", "/page.html");
			origin.on(noStore, Reply.ok("page").header("Cache-Control", "no-store"));
			assertThat(client.get(noStore).cacheStatus()).isEqualTo("BYPASS");
			assertThat(client.get(noStore).header("Cache-Status")).contains("detail=no-store");
		}

		@Test
		void zeroStatusTtlStoresButRevalidatesEveryUse() {
			String path = unique("/ttl/status", "/gone.html");
			origin.on(path, request -> "\"v1\"".equals(request.requestHeaders().get("If-None-Match"))
					? Reply.status(304).header("ETag", "\"v1\"") : Reply.status(404).header("ETag", "\"v1\"").body("no"));
			Response miss = client.get(path);
			assertThat(miss.cacheStatus()).isEqualTo("MISS");
			assertThat(miss.header("Cache-Status")).contains("stored");
			// stored just after the client has the body: a request sent before that would wait on the fetch
			await().atMost(Duration.ofSeconds(10)).until(() -> collapser.inFlight() == 0);
			Response revalidated = client.get(path);
			assertThat(revalidated.cacheStatus()).isEqualTo("REVALIDATED");
			assertThat(revalidated.status()).isEqualTo(404);
			assertThat(revalidated.body()).isEqualTo("no");
			assertThat(origin.requests(path).get(1).headers().get("If-None-Match")).isEqualTo("\"v1\"");
		}

		@Test
		void negativeStatusRangeTtlNeverStores() {
			String path = unique("/ttl/status", "/down.html");
			origin.on(path, Reply.status(503).header("Cache-Control", "max-age=60").body("down"));
			for (int i = 0; i < 2; i++) {
				Response response = client.get(path);
				assertThat(response.cacheStatus()).isEqualTo("BYPASS");
				assertThat(response.header("Cache-Status")).contains("detail=rule-status-ttl");
			}
			assertThat(origin.count(path)).isEqualTo(2);
		}

		@Test
		void statusTtlStoresAStatusNotCachedByDefault() {
			String path = unique("/ttl/status", "/teapot.html");
			origin.on(path, Reply.status(418).body("tea"));
			assertThat(client.get(path).cacheStatus()).isEqualTo("MISS");
			clock.advance(Duration.ofMinutes(4));
			assertThat(client.get(path).cacheStatus()).isEqualTo("HIT");
			clock.advance(Duration.ofMinutes(2));
			assertThat(client.get(path).cacheStatus()).isEqualTo("EXPIRED");
		}

		@Test
		void bypassByDefaultStoresOnlyWithOriginFreshness() {
			String plain = unique("/ttl/bbd", "/a.css");
			origin.on(plain, Reply.ok("css"));
			Response bypass = client.get(plain);
			assertThat(bypass.cacheStatus()).isEqualTo("BYPASS");
			assertThat(bypass.header("Cache-Status")).contains("detail=no-origin-ttl");
			String fresh = unique("/ttl/bbd", "/a.css");
			origin.on(fresh, Reply.ok("css").header("Cache-Control", "max-age=60"));
			assertThat(client.get(fresh).cacheStatus()).isEqualTo("MISS");
			assertThat(client.get(fresh).cacheStatus()).isEqualTo("HIT");
		}

	}

	@Nested
	class BrowserTtlAndStale {

		@Test
		void browserTtlOverrideRewritesCacheControlButNeverLowersTheOrigins() {
			String shorter = unique("/browser", "/a.css");
			origin.on(shorter, Reply.ok("css").header("Cache-Control", "public, max-age=60"));
			assertThat(client.get(shorter).header("Cache-Control")).isEqualTo("max-age=600");
			Response hit = client.get(shorter);
			assertThat(hit.cacheStatus()).isEqualTo("HIT");
			assertThat(hit.header("Cache-Control")).isEqualTo("max-age=600");
			String longer = unique("/browser", "/a.css");
			origin.on(longer, Reply.ok("css").header("Cache-Control", "max-age=3600"));
			assertThat(client.get(longer).header("Cache-Control")).isEqualTo("max-age=3600");
			String refused = unique("/browser", "/a.css");
			origin.on(refused, Reply.ok("css").header("Cache-Control", "no-store"));
			assertThat(client.get(refused).header("Cache-Control")).isEqualTo("no-store");
			String respected = unique("/browser/respect", "/a.css");
			origin.on(respected, Reply.ok("css").header("Cache-Control", "max-age=60"));
			assertThat(client.get(respected).header("Cache-Control")).isEqualTo("max-age=60");
		}

		@Test
		void operatorStaleWhileRevalidateAppliesWithoutOriginDirectives() {
			String path = unique("/stale", "/swr.js");
			int[] version = { 1 };
			origin.on(path, request -> Reply.ok("v" + version[0]++).header("Cache-Control", "max-age=10"));
			assertThat(client.get(path).header("Edge-Cache-Debug")).contains("ttl=10; swr=30; sie=86400");
			// stored once a HIT comes back (the store completes just after the client has the body)
			assertThat(client.get(path).cacheStatus()).isEqualTo("HIT");
			clock.advance(Duration.ofSeconds(20));
			Response updating = client.get(path);
			assertThat(updating.cacheStatus()).isEqualTo("UPDATING");
			assertThat(updating.body()).isEqualTo("v1");
			await().atMost(Duration.ofSeconds(10)).until(() -> origin.count(path) == 2);
		}

		@Test
		void operatorStaleIfErrorServesStaleWhenTheOriginFails() {
			String path = unique("/stale", "/sie.js");
			boolean[] down = { false };
			origin.on(path, request -> down[0] ? Reply.status(503).body("down")
					: Reply.ok("good").header("Cache-Control", "max-age=10"));
			client.get(path);
			assertThat(client.get(path).cacheStatus()).isEqualTo("HIT"); // stored
			down[0] = true;
			clock.advance(Duration.ofHours(1));
			Response stale = client.get(path);
			assertThat(stale.cacheStatus()).isEqualTo("STALE");
			assertThat(stale.body()).isEqualTo("good");
		}

		@Test
		void disabledStaleServingOverridesTheOriginsWindows() {
			String path = unique("/nostale", "/swr.js");
			origin.on(path, Reply.ok("x").header("Cache-Control", "max-age=10, stale-while-revalidate=60"));
			client.get(path);
			// stored once a HIT comes back: a request that joins the first fetch's flight would be a HIT too
			assertThat(client.get(path).cacheStatus()).isEqualTo("HIT");
			clock.advance(Duration.ofSeconds(20));
			assertThat(client.get(path).cacheStatus()).isEqualTo("EXPIRED");
		}

	}

	@Nested
	class Matching {

		@Test
		void bypassOnCookieBypassesRequestsCarryingAMatchingCookie() {
			String path = unique("/wp", "/post.html");
			origin.on(path, Reply.ok("post").header("Cache-Control", "max-age=600"));
			assertThat(client.get(path).cacheStatus()).isEqualTo("MISS");
			assertThat(client.get(path, h -> h.set("Cookie", "theme=dark")).cacheStatus()).isEqualTo("HIT");
			Response loggedIn = client.get(path, h -> h.set("Cookie", "wordpress_logged_in_abc=1"));
			assertThat(loggedIn.cacheStatus()).isEqualTo("BYPASS");
			assertThat(loggedIn.header("Cache-Status")).contains("detail=bypass-on-cookie");
			assertThat(loggedIn.header("Edge-Cache-Debug"))
				.isEqualTo("rules=wordpress; ineligible=BYPASS; reason=bypass-on-cookie");
			assertThat(origin.count(path)).isEqualTo(2);
		}

		@Test
		void laterRulesWinTheSettingsTheySetAndInheritTheRest() {
			String page = unique("/stack/b", "/page.html");
			origin.on(page, Reply.ok("page").header("Cache-Control", "no-store"));
			Response miss = client.get(page);
			assertThat(miss.cacheStatus()).isEqualTo("MISS");
			assertThat(miss.header("Edge-Cache-Debug")).startsWith("rules=stack-a,stack-b; eligible;")
				.contains("edge-ttl=override").contains("ttl=120");
			String asset = unique("/stack/a", "/a.css");
			origin.on(asset, Reply.ok("css").header("Cache-Control", "no-store"));
			client.get(asset);
			clock.advance(Duration.ofMinutes(3));
			assertThat(client.get(page).cacheStatus()).isEqualTo("EXPIRED");
			assertThat(client.get(asset).cacheStatus()).isEqualTo("HIT");
			String secret = unique("/stack/b/private", "/a.css");
			origin.on(secret, Reply.ok("css").header("Cache-Control", "max-age=600"));
			Response bypass = client.get(secret);
			assertThat(bypass.cacheStatus()).isEqualTo("BYPASS");
			assertThat(bypass.header("Cache-Status")).contains("detail=rule-bypass");
			assertThat(bypass.header("Edge-Cache-Debug")).startsWith("rules=stack-a,stack-b,stack-c;");
		}

		@Test
		void routeMetadataSettingsApplyBeforeTheGlobalRules() {
			String path = unique("/meta", "/page.html");
			origin.on(path, Reply.ok("page").header("Cache-Control", "no-store").header("Set-Cookie", "id=1"));
			Response miss = client.get(path, h -> h.set("X-Tenant", "a"));
			assertThat(miss.cacheStatus()).isEqualTo("MISS");
			assertThat(miss.header("Cache-Control")).isEqualTo("max-age=120");
			assertThat(miss.header("Edge-Cache-Debug")).startsWith("rules=route:meta,meta-browser; eligible;")
				.contains("ttl=600");
			Response hit = client.get(path, h -> h.set("X-Tenant", "a"));
			assertThat(hit.cacheStatus()).isEqualTo("HIT");
			assertThat(hit.header("Set-Cookie")).isNull();
			assertThat(client.get(path, h -> h.set("X-Tenant", "b")).cacheStatus()).isEqualTo("MISS");
			String shorter = unique("/meta/short", "/page.html");
			origin.on(shorter, Reply.ok("page"));
			client.get(shorter);
			clock.advance(Duration.ofMinutes(2));
			assertThat(client.get(shorter).cacheStatus()).isEqualTo("EXPIRED");
			assertThat(client.get(path, h -> h.set("X-Tenant", "a")).cacheStatus()).isEqualTo("HIT");
		}

		@Test
		void hostConditionsMatchExactHostsAndSubdomainWildcards() {
			String path = unique("/cond/host", "/page.html");
			origin.on(path, Reply.ok("page").header("Cache-Control", "max-age=600"));
			assertThat(client.get(path, h -> h.set(HttpHeaders.HOST, "www.example.test")).cacheStatus())
				.isEqualTo("MISS");
			assertThat(client.get(path, h -> h.set(HttpHeaders.HOST, "www.example.test")).cacheStatus())
				.isEqualTo("HIT");
			assertThat(client.get(path, h -> h.set(HttpHeaders.HOST, "exact.test:8080")).cacheStatus())
				.isEqualTo("MISS");
			assertThat(client.get(path, h -> h.set(HttpHeaders.HOST, "example.test")).cacheStatus())
				.isEqualTo("DYNAMIC");
			assertThat(client.get(path, h -> h.set(HttpHeaders.HOST, "other.test")).cacheStatus())
				.isEqualTo("DYNAMIC");
		}

		@Test
		void headerCookieAndQueryConditionsMatchRegexesOrPresence() {
			String header = unique("/cond/header", "/page.html");
			origin.on(header, Reply.ok("page").header("Cache-Control", "max-age=600"));
			assertThat(client.get(header, h -> h.set("X-Env", "prod")).cacheStatus()).isEqualTo("MISS");
			assertThat(client.get(header, h -> h.set("X-Env", "preprod")).cacheStatus()).isEqualTo("DYNAMIC");
			assertThat(client.get(header).cacheStatus()).isEqualTo("DYNAMIC");
			String cookie = unique("/cond/cookie", "/a.css");
			origin.on(cookie, Reply.ok("css").header("Cache-Control", "max-age=600"));
			assertThat(client.get(cookie, h -> h.set("Cookie", "beta=")).cacheStatus()).isEqualTo("BYPASS");
			assertThat(client.get(cookie).cacheStatus()).isEqualTo("MISS");
			String query = unique("/cond/query", "/a.css");
			origin.on(query, Reply.ok("css").header("Cache-Control", "max-age=600"));
			assertThat(client.get(query + "?preview=true").cacheStatus()).isEqualTo("BYPASS");
			assertThat(client.get(query + "?preview=no").cacheStatus()).isEqualTo("MISS");
		}

		@Test
		void extensionAndMethodConditions() {
			String page = unique("/cond/ext", "/page.HTML");
			origin.on(page, Reply.ok("page").header("Cache-Control", "max-age=600"));
			assertThat(client.get(page).cacheStatus()).isEqualTo("MISS");
			assertThat(client.send(HttpMethod.HEAD, page, h -> {
			}).cacheStatus()).isEqualTo("DYNAMIC");
			String json = unique("/cond/ext", "/data.json");
			origin.on(json, Reply.ok("{}").header("Cache-Control", "max-age=600"));
			assertThat(client.get(json).cacheStatus()).isEqualTo("DYNAMIC");
		}

	}

	@Nested
	class Explain {

		WebTestClient management() {
			return WebTestClient.bindToServer().baseUrl("http://localhost:" + managementPort).filter(GatewayClient.READ_BODY_EAGERLY).build();
		}

		WebTestClient.ResponseSpec explain(String url) {
			return management().get()
				.uri(builder -> builder.path("/actuator/cacheexplain").queryParam("url", "{url}").build(url))
				.exchange();
		}

		@Test
		void explainsTheDecisionForAUrlWithoutContactingTheOrigin() {
			String path = unique("/q/sort", "/a.css");
			explain("http://www.example.test" + path + "?b=2&a=1").expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.route").isEqualTo("origin")
				.jsonPath("$.eligible").isEqualTo(true)
				.jsonPath("$.rules[0]").isEqualTo("query-sort")
				.jsonPath("$.key").isEqualTo("http://www.example.test" + path + "?a=1&b=2")
				.jsonPath("$.keyPolicy.sortQuery").isEqualTo(true)
				.jsonPath("$.edgeTtl.mode").isEqualTo("respect-origin")
				.jsonPath("$.edgeTtl.byStatusSeconds.200").isEqualTo(7200)
				.jsonPath("$.browserTtl.mode").isEqualTo("respect-origin")
				.jsonPath("$.serveStale.disabled").isEqualTo(false)
				.jsonPath("$.deceptionArmor").isEqualTo(true);
			assertThat(origin.count(path)).isZero();
		}

		@Test
		void explainsTtlsStaleWindowsAndBrowserTtl() {
			explain("http://localhost/ttl/status/x/a.html").expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.edgeTtl.byStatusSeconds.404").isEqualTo(0)
				.jsonPath("$.edgeTtl.byStatusSeconds['500-599']").isEqualTo(-1)
				.jsonPath("$.edgeTtl.byStatusSeconds.503").doesNotExist()
				.jsonPath("$.edgeTtl.byStatusSeconds.418").isEqualTo(300);
			explain("http://localhost/stale/browser/a.css").expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.serveStale.whileRevalidateSeconds").isEqualTo(30)
				.jsonPath("$.serveStale.ifErrorSeconds").isEqualTo(86400);
			explain("http://localhost/browser/a.css").expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.browserTtl.mode").isEqualTo("override")
				.jsonPath("$.browserTtl.seconds").isEqualTo(600);
		}

		@Test
		void explainsIneligibleRequests() {
			explain("http://localhost/some/page.html").expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.eligible").isEqualTo(false)
				.jsonPath("$.status").isEqualTo("DYNAMIC")
				.jsonPath("$.reason").isEqualTo("extension");
			management().get()
				.uri(builder -> builder.path("/actuator/cacheexplain")
					.queryParam("url", "{url}")
					.queryParam("cookie", "{cookie}")
					.build("http://localhost/wp/a.html", "wordpress_logged_in_x=1"))
				.exchange()
				.expectBody()
				.jsonPath("$.status").isEqualTo("BYPASS")
				.jsonPath("$.reason").isEqualTo("bypass-on-cookie")
				.jsonPath("$.rules[0]").isEqualTo("wordpress");
			explain("http://localhost/gateway/ping").expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.route").isEqualTo("ping")
				.jsonPath("$.status").isEqualTo("NONE/UNKNOWN");
		}

		@Test
		void missingOrBadUrlIsABadRequestWithAReason() {
			management().get()
				.uri("/actuator/cacheexplain")
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.error").value(error -> assertThat((String) error).contains("url parameter is required"));
			for (String bad : new String[] { "not a url", "/relative/a.css", "ftp://host/a.css", "http://" }) {
				explain(bad).expectStatus().isBadRequest().expectBody().jsonPath("$.error").exists();
			}
		}

	}

}
