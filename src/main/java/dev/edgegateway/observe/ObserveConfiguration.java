package dev.edgegateway.observe;

import java.time.Clock;

import dev.edgegateway.cache.BackgroundRevalidator;
import dev.edgegateway.cache.HitLane;
import dev.edgegateway.cache.RequestCollapser;
import dev.edgegateway.cache.StoreFailures;
import dev.edgegateway.cache.store.CacheStore;
import dev.edgegateway.purge.PurgeService;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring of observability: status counts, meters, the cachestatus endpoint, the access log. */
@Configuration(proxyBeanMethods = false)
public class ObserveConfiguration {

	/** URLs the top-missed sampler keeps at most. */
	static final int TOP_MISSED_CAPACITY = 1000;

	@Bean
	CacheStatistics cacheStatistics() {
		return new CacheStatistics();
	}

	@Bean
	TopMissedSampler topMissedSampler() {
		return new TopMissedSampler(TOP_MISSED_CAPACITY);
	}

	@Bean
	CacheStatisticsListener cacheStatisticsListener(CacheStatistics statistics, TopMissedSampler sampler) {
		return new CacheStatisticsListener(statistics, sampler);
	}

	@Bean
	@ConditionalOnProperty(prefix = "edge.access-log", name = "enabled", havingValue = "true")
	AccessLogListener accessLogListener(Clock clock) {
		return new AccessLogListener(clock);
	}

	@Bean
	CacheMetrics cacheMetrics(CacheStatistics statistics, CacheStore store, RequestCollapser collapser,
			BackgroundRevalidator revalidator, StoreFailures failures, PurgeService purges) {
		return new CacheMetrics(statistics, store, collapser, revalidator, failures, purges);
	}

	@Bean
	OriginLatencyFilter originLatencyFilter(MeterRegistry registry) {
		return new OriginLatencyFilter(registry);
	}

	@Bean
	CacheStatusEndpoint cacheStatusEndpoint(CacheStatistics statistics, TopMissedSampler sampler, CacheStore store,
			RequestCollapser collapser, BackgroundRevalidator revalidator, StoreFailures failures,
			PurgeService purges, ObjectProvider<HitLane> lane) {
		return new CacheStatusEndpoint(statistics, sampler, store, collapser, revalidator, failures, purges,
				lane.getIfAvailable());
	}

	/**
	 * Registers every configured route with the statistics once the routes are loaded, so all nine
	 * statuses of every route are exported (as zeros) before the route's first request.
	 */
	@Bean
	ApplicationListener<ApplicationReadyEvent> cacheStatisticsRoutes(RouteLocator routes, CacheStatistics statistics) {
		return event -> routes.getRoutes()
			.doOnNext(route -> statistics.route(route.getId()))
			.onErrorResume(error -> Mono.empty())
			.subscribe();
	}

}
