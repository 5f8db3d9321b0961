package dev.edgegateway.cache;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.edgegateway.cache.store.CacheStore;
import dev.edgegateway.cache.store.CachedResponse;
import dev.edgegateway.cache.store.MemoryCacheStore;
import dev.edgegateway.cache.store.PurgeRequest;
import dev.edgegateway.cache.store.PurgeResult;
import dev.edgegateway.support.GatewayClient.Response;
import dev.edgegateway.support.TestOrigin.Reply;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.handler.RoutePredicateHandlerMapping;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.DispatcherHandler;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HIT fast path ({@code edge.cache.hit-fast-path}, on by default) answers exactly as the
 * normal path would: per route (predicates and route cache settings decide before the store is
 * read), with one store read per request, and not at all when a global filter would run before
 * the cache.
 */
class HitFastPathIntegrationTests {

	/** An explicit route mapping order, after Spring's request mappings (SCG's default is 1). */
	static final int CONFIGURED_ORDER = 5;

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = "management.server.port=0")
	@Import(CountingStoreConfiguration.class)
	class Routes extends CacheIntegrationTestSupport {

		@DynamicPropertySource
		static void planRoute(DynamicPropertyRegistry registry) {
			OriginRoutes.registerFreePlan(registry, origin);
		}

		@Autowired
		ApplicationContext context;

		@Autowired
		CountingStore store;

		@Test
		void theFastPathIsOnByDefault() {
			assertThat(ReflectionTestUtils.getField(this.context.getBean(RoutePredicateHandlerMapping.class),
					"webHandler"))
				.isInstanceOf(HitFastPathHandler.class);
		}

		@Test
		void theRoutesAreAskedBeforeSpringsMappingsThatHoldNothing() {
			assertThat(this.context.getBean(RequestMappingHandlerMapping.class).getHandlerMethods()).isEmpty();
			assertThat(askedAt(this.context, RoutePredicateHandlerMapping.class))
				.isLessThan(askedAt(this.context, RequestMappingHandlerMapping.class));
		}

		@Test
		void aRouteThatBypassesTheCacheIsNeverAnsweredFromAnotherRoutesEntry() {
			String path = "/plan" + unique("/report.css");
			origin.on(path, Reply.ok("report").header("Cache-Control", "max-age=600"));
			assertThat(this.client.get(path).cacheStatus()).isEqualTo("MISS");
			assertThat(this.client.get(path).cacheStatus()).isEqualTo("HIT");

			Response free = this.client.get(path, headers -> headers.set("X-Plan", "free"));
			assertThat(free.cacheStatus()).isEqualTo("BYPASS");
			assertThat(free.body()).isEqualTo("report");
			assertThat(origin.count(path)).isEqualTo(2);
		}

		@Test
		void aMissReadsTheStoreOnceAndAHitOnce() {
			String path = unique("/once.js");
			origin.on(path, Reply.ok("once").header("Cache-Control", "max-age=600"));
			int before = this.store.reads(path);
			assertThat(this.client.get(path).cacheStatus()).isEqualTo("MISS");
			assertThat(this.store.reads(path) - before).isEqualTo(1);
			Response hit = this.client.get(path);
			assertThat(hit.cacheStatus()).isEqualTo("HIT");
			assertThat(hit.body()).isEqualTo("once");
			assertThat(hit.header("Cache-Status")).startsWith("edge-gateway; hit");
			assertThat(this.store.reads(path) - before).isEqualTo(2);
		}

		@Test
		void aRouteWithoutAnOriginIsNotACacheMatter() {
			Response ping = this.client.get("/gateway/ping");
			assertThat(ping.status()).isEqualTo(200);
			assertThat(ping.cacheStatus()).isEqualTo("NONE/UNKNOWN");
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = "management.server.port=0")
	@Import(CountedRouteConfiguration.class)
	class RouteLookups extends CacheIntegrationTestSupport {

		@Autowired
		CountedRouteConfiguration counted;

		@Test
		void aRequestHandedOnIsMatchedAgainstTheRoutesOnce() {
			String page = "/counted" + unique("/page");
			origin.on(page, Reply.ok("page"));
			int before = this.counted.evaluations.get();
			Response dynamic = this.client.get(page); // nothing stored for the path: the fast path stays out
			assertThat(dynamic.cacheStatus()).isEqualTo("DYNAMIC");
			assertThat(dynamic.body()).isEqualTo("page");
			assertThat(this.counted.evaluations.get() - before).isEqualTo(1);

			String css = "/counted" + unique("/a.css");
			origin.on(css, Reply.ok("css").header("Cache-Control", "max-age=600").header("Vary", "Accept-Language"));
			before = this.counted.evaluations.get();
			assertThat(this.client.get(css, english()).cacheStatus()).isEqualTo("MISS");
			assertThat(this.client.get(css, english()).cacheStatus()).isEqualTo("HIT");
			assertThat(this.counted.evaluations.get() - before).isEqualTo(2);

			before = this.counted.evaluations.get();
			Response otherVariant = this.client.get(css, german()); // looked up by the fast path, handed on
			assertThat(otherVariant.cacheStatus()).isEqualTo("MISS");
			assertThat(this.counted.evaluations.get() - before).isEqualTo(1);
		}

		@Test
		void aRequestChangedByAWebFilterIsMatchedOnceAsChanged() {
			String css = "/counted" + unique("/changed.css");
			origin.on(css, Reply.ok("changed").header("Cache-Control", "max-age=600").header("Vary", "Accept-Language"));
			assertThat(this.client.get(css, english()).cacheStatus()).isEqualTo("MISS");
			int before = this.counted.evaluations.get();
			Response changed = this.client.get(css, german().andThen(headers -> headers.set("X-Change-Me", "yes")));
			assertThat(changed.body()).isEqualTo("changed");
			assertThat(origin.requests(css).get(1).headers().get("X-Changed")).isEqualTo("yes");
			assertThat(this.counted.evaluations.get() - before).isEqualTo(1);
		}

		private static Consumer<HttpHeaders> english() {
			return headers -> headers.set("Accept-Language", "en");
		}

		private static Consumer<HttpHeaders> german() {
			return headers -> headers.set("Accept-Language", "de");
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = "management.server.port=0")
	@Import(EarlyGlobalFilterConfiguration.class)
	class GlobalFilterBeforeTheCache extends CacheIntegrationTestSupport {

		@Test
		void stillRunsOnEveryHit() {
			String path = unique("/early.css");
			origin.on(path, Reply.ok("early").header("Cache-Control", "max-age=600"));
			assertThat(this.client.get(path).cacheStatus()).isEqualTo("MISS");
			Response hit = this.client.get(path);
			assertThat(hit.cacheStatus()).isEqualTo("HIT");
			assertThat(hit.header("X-Early-Filter")).isEqualTo("ran");
			assertThat(origin.count(path)).isEqualTo(1);
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = { "management.server.port=0",
					"spring.cloud.gateway.server.webflux.globalcors.cors-configurations[/**].allowed-origins=https://shop.example",
					"spring.cloud.gateway.server.webflux.globalcors.cors-configurations[/**].allowed-methods=GET" })
	class CrossOrigin extends CacheIntegrationTestSupport {

		@Test
		void aRequestTheGatewaysCorsRulesRefuseIsNeverAnsweredFromTheCache() {
			String path = unique("/cors.css");
			origin.on(path, Reply.ok("cors").header("Cache-Control", "max-age=600"));
			assertThat(this.client.get(path, from("https://shop.example")).cacheStatus()).isEqualTo("MISS");
			Response allowed = this.client.get(path, from("https://shop.example"));
			assertThat(allowed.cacheStatus()).isEqualTo("HIT");
			assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("https://shop.example");

			Response refused = this.client.get(path, from("https://evil.example"));
			assertThat(refused.status()).isEqualTo(403);
			assertThat(refused.body()).doesNotContain("cors");
			assertThat(refused.header("Access-Control-Allow-Origin")).isNull();
			assertThat(origin.count(path)).isEqualTo(1);
		}

		private static Consumer<HttpHeaders> from(String origin) {
			return headers -> headers.set("Origin", origin);
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = "management.server.port=0")
	@Import(TrafficControllerConfiguration.class)
	class ControllerOnTheTrafficPort extends CacheIntegrationTestSupport {

		@Autowired
		ApplicationContext context;

		@Test
		void stillAnswersItsPathsBeforeTheCatchAllRoute() {
			origin.on("/controller/hello", Reply.ok("from the origin").header("Cache-Control", "max-age=600"));
			for (int i = 0; i < 2; i++) {
				Response hello = this.client.get("/controller/hello");
				assertThat(hello.status()).isEqualTo(200);
				assertThat(hello.body()).isEqualTo("from the controller");
			}
			assertThat(origin.count("/controller/hello")).isZero();

			String path = unique("/routed.css");
			origin.on(path, Reply.ok("routed").header("Cache-Control", "max-age=600"));
			assertThat(this.client.get(path).cacheStatus()).isEqualTo("MISS");
			assertThat(this.client.get(path).cacheStatus()).isEqualTo("HIT");
		}

		@Test
		void theRoutesStayBehindIt() {
			assertThat(askedAt(this.context, RoutePredicateHandlerMapping.class))
				.isGreaterThan(askedAt(this.context, RequestMappingHandlerMapping.class));
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = { "management.server.port=0",
					RouteFirstHandlerMapping.ORDER_PROPERTY + "=" + HitFastPathIntegrationTests.CONFIGURED_ORDER })
	class ExplicitMappingOrder extends CacheIntegrationTestSupport {

		@Autowired
		ApplicationContext context;

		@Test
		void isKeptAsConfigured() {
			assertThat(this.context.getBean(RoutePredicateHandlerMapping.class).getOrder())
				.isEqualTo(CONFIGURED_ORDER);
			assertThat(askedAt(this.context, RoutePredicateHandlerMapping.class))
				.isGreaterThan(askedAt(this.context, RequestMappingHandlerMapping.class));
			String path = unique("/ordered.css");
			origin.on(path, Reply.ok("ordered").header("Cache-Control", "max-age=600"));
			assertThat(this.client.get(path).cacheStatus()).isEqualTo("MISS");
			assertThat(this.client.get(path).cacheStatus()).isEqualTo("HIT");
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = { "management.server.port=0", "edge.cache.hit-fast-path=false" })
	class SwitchedOff extends CacheIntegrationTestSupport {

		@Autowired
		ApplicationContext context;

		@Test
		void hitsComeFromTheGatewayFilter() {
			assertThat(ReflectionTestUtils.getField(this.context.getBean(RoutePredicateHandlerMapping.class),
					"webHandler"))
				.isNotInstanceOf(HitFastPathHandler.class);
			String path = unique("/off.css");
			origin.on(path, Reply.ok("off").header("Cache-Control", "max-age=600"));
			assertThat(this.client.get(path).cacheStatus()).isEqualTo("MISS");
			assertThat(this.client.get(path).cacheStatus()).isEqualTo("HIT");
			assertThat(origin.count(path)).isEqualTo(1);
		}

	}

	/** Where the traffic port's dispatcher asks the mapping of this type, among all its mappings. */
	static int askedAt(ApplicationContext context, Class<? extends HandlerMapping> type) {
		List<HandlerMapping> mappings = context.getBean(DispatcherHandler.class).getHandlerMappings();
		assertThat(mappings).isNotNull();
		int position = mappings.indexOf(context.getBean(type));
		assertThat(position).isNotNegative();
		return position;
	}

	/** A controller on the traffic port (a local class, so component scanning never finds it for other tests). */
	@TestConfiguration(proxyBeanMethods = false)
	static class TrafficControllerConfiguration {

		@Bean
		Object helloController() {
			@RestController
			class HelloController {

				@GetMapping("/controller/hello")
				String hello() {
					return "from the controller";
				}

			}
			return new HelloController();
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class EarlyGlobalFilterConfiguration {

		@Bean
		GlobalFilter earlyFilter() {
			class Early implements GlobalFilter, Ordered {

				@Override
				public Mono<Void> filter(org.springframework.web.server.ServerWebExchange exchange,
						org.springframework.cloud.gateway.filter.GatewayFilterChain chain) {
					exchange.getResponse().getHeaders().set("X-Early-Filter", "ran");
					return chain.filter(exchange);
				}

				@Override
				public int getOrder() {
					return EdgeCacheFilter.ORDER - 100;
				}

			}
			return new Early();
		}

	}

	/** A route whose predicate counts its evaluations, and a WebFilter that changes flagged requests. */
	@TestConfiguration(proxyBeanMethods = false)
	static class CountedRouteConfiguration {

		final AtomicInteger evaluations = new AtomicInteger();

		@Bean
		RouteLocator countedRoute(RouteLocatorBuilder builder) {
			return builder.routes().route("counted", route -> route.order(-2).predicate(exchange -> {
				if (!exchange.getRequest().getPath().value().startsWith("/counted/")) {
					return false;
				}
				this.evaluations.incrementAndGet();
				return true;
			}).uri(CacheIntegrationTestSupport.origin.url())).build();
		}

		@Bean
		WebFilter changingFilter() {
			class Changing implements WebFilter, Ordered {

				@Override
				public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
					if (!exchange.getRequest().getHeaders().containsHeader("X-Change-Me")) {
						return chain.filter(exchange);
					}
					ServerHttpRequest changed = exchange.getRequest()
						.mutate()
						.headers(headers -> headers.set("X-Changed", "yes"))
						.build();
					return chain.filter(exchange.mutate().request(changed).build());
				}

				@Override
				public int getOrder() {
					return Ordered.LOWEST_PRECEDENCE;
				}

			}
			return new Changing();
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class CountingStoreConfiguration {

		@Bean
		@Primary
		CountingStore countingStore(MemoryCacheStore memory) {
			return new CountingStore(memory);
		}

	}

	/** The memory store, counting reads of keys that contain a given path. */
	static final class CountingStore implements CacheStore {

		private final MemoryCacheStore delegate;

		private final java.util.Map<String, AtomicInteger> reads = new java.util.concurrent.ConcurrentHashMap<>();

		CountingStore(MemoryCacheStore delegate) {
			this.delegate = delegate;
		}

		int reads(String path) {
			return this.reads.entrySet()
				.stream()
				.filter(entry -> entry.getKey().contains(path))
				.mapToInt(entry -> entry.getValue().get())
				.sum();
		}

		@Override
		public Mono<CachedResponse> get(String key) {
			this.reads.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
			return this.delegate.get(key);
		}

		@Override
		public Mono<Void> put(String key, CachedResponse entry) {
			return this.delegate.put(key, entry);
		}

		@Override
		public Mono<Boolean> remove(String key) {
			return this.delegate.remove(key);
		}

		@Override
		public Mono<PurgeResult> purge(PurgeRequest request) {
			return this.delegate.purge(request);
		}

	}

}
