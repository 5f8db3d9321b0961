package dev.edgegateway.cache;

import java.time.Clock;

import dev.edgegateway.cache.store.CacheStore;
import dev.edgegateway.cache.store.MemoryCacheStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.config.GlobalCorsProperties;
import org.springframework.cloud.gateway.handler.FilteringWebHandler;
import org.springframework.cloud.gateway.handler.RoutePredicateHandlerMapping;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.accept.ApiVersionStrategy;

/** Wiring of the cache feature. */
@Configuration(proxyBeanMethods = false)
public class CacheConfiguration {

	/** The clock every freshness and age computation reads; tests replace it with a movable one. */
	@Bean
	Clock edgeClock() {
		return Clock.systemUTC();
	}

	/** Tells traffic-port exchanges from management-port ones. */
	@Bean
	TrafficPort trafficPort(org.springframework.context.ApplicationContext context) {
		return new TrafficPort(context);
	}

	@Bean
	CacheHeaders cacheHeaders(EdgeCacheProperties properties) {
		return new CacheHeaders(properties.getStatusHeader(), properties.isCacheStatusHeader(),
				properties.getCacheName());
	}

	@Bean
	@ConditionalOnProperty(prefix = "edge.cache", name = "enabled", matchIfMissing = true)
	CacheOutcomeWebFilter cacheOutcomeWebFilter(TrafficPort trafficPort, CacheHeaders headers,
			ObjectProvider<CacheOutcomeListener> listeners, ObjectProvider<CacheHeaderContributor> contributors,
			ObjectProvider<HitLane> lane) {
		return new CacheOutcomeWebFilter(trafficPort, headers, listeners.orderedStream().toList(),
				contributors.orderedStream().toList(), lane.getIfAvailable());
	}

	/** Serves repeat HITs from Reactor Netty ({@code edge.cache.hit-lane}, on by default where it is safe). */
	@Bean
	@ConditionalOnProperty(prefix = "edge.cache", name = "enabled", matchIfMissing = true)
	@ConditionalOnProperty(prefix = "edge.cache", name = "hit-lane", matchIfMissing = true)
	HitLane hitLane(org.springframework.context.ApplicationContext context, CacheStore store, Clock clock,
			EdgeCacheProperties properties, CacheHeaders headers) {
		return new HitLane(context, store, clock, properties, headers);
	}

	/** The in-process store ({@code edge.cache.store: memory}, the default); the shared tiers live in {@code store.redis}. */
	@Bean
	@ConditionalOnProperty(prefix = "edge.cache", name = "store", havingValue = "memory", matchIfMissing = true)
	MemoryCacheStore memoryCacheStore(EdgeCacheProperties properties, Clock clock) {
		return new MemoryCacheStore(properties.getMemory().getMaxSize().toBytes(), clock);
	}

	// The CachePolicy bean is the rules-based policy (dev.edgegateway.rules.RulesConfiguration); without
	// cache rules it decides exactly as DefaultCachePolicy.

	@Bean
	UrlResolver urlResolver(RouteLocator routes, CachePolicy policy) {
		return new UrlResolver(routes, policy);
	}

	@Bean
	StoreFailures storeFailures() {
		return new StoreFailures();
	}

	@Bean
	CacheWriter cacheWriter(CacheStore store, EdgeCacheProperties properties, StoreFailures failures) {
		return new CacheWriter(store, new EntryFactory(properties.getKeepWindow().toSeconds()), failures);
	}

	@Bean
	RequestCollapser requestCollapser(EdgeCacheProperties properties, Clock clock,
			ObjectProvider<RequestCollapser.ClusterLock> clusterLock) {
		return new RequestCollapser(properties.getCollapse().getTimeout(),
				properties.getCollapse().getUncacheableTtl(), clock, clusterLock.getIfAvailable());
	}

	@Bean
	BackgroundRevalidator backgroundRevalidator() {
		return new BackgroundRevalidator(256);
	}

	@Bean
	CacheEngine cacheEngine(Clock clock, EdgeCacheProperties properties, CacheWriter writer,
			RequestCollapser collapser, BackgroundRevalidator revalidator) {
		return new CacheEngine(clock, properties, writer, collapser, revalidator);
	}

	@Bean
	@ConditionalOnProperty(prefix = "edge.cache", name = "enabled", matchIfMissing = true)
	EdgeCacheFilter edgeCacheFilter(CachePolicy policy, CacheEngine engine, CacheWriter writer) {
		return new EdgeCacheFilter(policy, engine, writer);
	}

	/**
	 * Spring Cloud Gateway's route handler mapping (its own bean steps aside for this one), handing
	 * matched requests to the HIT fast path ({@code edge.cache.hit-fast-path}, on by default), which
	 * answers fresh HITs before the gateway's filter chain and hands everything else on to it. It is
	 * asked before Spring's handler mappings that hold nothing ({@link RouteFirstHandlerMapping}).
	 */
	@Bean
	@ConditionalOnProperty(prefix = "edge.cache", name = "enabled", matchIfMissing = true)
	@ConditionalOnProperty(prefix = "edge.cache", name = "hit-fast-path", matchIfMissing = true)
	RoutePredicateHandlerMapping routePredicateHandlerMapping(FilteringWebHandler webHandler, RouteLocator routeLocator,
			GlobalCorsProperties globalCorsProperties, Environment environment,
			ObjectProvider<ApiVersionStrategy> apiVersionStrategy, CachePolicy policy, CacheEngine engine,
			ObjectProvider<GlobalFilter> globalFilters, TrafficPort trafficPort) {
		RoutePredicateHandlerMapping mapping = new RouteFirstHandlerMapping(
				HitFastPathHandler.inFrontOf(webHandler, policy, engine, globalFilters.orderedStream().toList()),
				routeLocator, globalCorsProperties, environment, trafficPort);
		apiVersionStrategy.ifAvailable(mapping::setApiVersionStrategy);
		return mapping;
	}

}
