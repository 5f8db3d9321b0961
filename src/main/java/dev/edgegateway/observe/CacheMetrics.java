package dev.edgegateway.observe;

import java.util.function.ToDoubleFunction;

import dev.edgegateway.cache.BackgroundRevalidator;
import dev.edgegateway.cache.CacheStatus;
import dev.edgegateway.cache.RequestCollapser;
import dev.edgegateway.cache.StoreFailures;
import dev.edgegateway.cache.store.CacheStore;
import dev.edgegateway.purge.PurgeKind;
import dev.edgegateway.purge.PurgeService;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The cache's meters (DESIGN.md §4), all read from counters the cache keeps anyway, so recording a
 * request costs nothing extra: {@code edge.cache.requests} and {@code edge.cache.response.bytes}
 * by {@code status} and {@code route} (all nine statuses registered for every route as soon as the
 * route is known), store gauges, evictions, collapsed requests, background revalidations, store
 * failures and purges by {@code kind}. Prometheus names: {@code edge_cache_requests_total} etc.
 */
public class CacheMetrics implements MeterBinder {

	private final CacheStatistics statistics;

	private final CacheStore store;

	private final RequestCollapser collapser;

	private final BackgroundRevalidator revalidator;

	private final StoreFailures failures;

	private final PurgeService purges;

	public CacheMetrics(CacheStatistics statistics, CacheStore store, RequestCollapser collapser,
			BackgroundRevalidator revalidator, StoreFailures failures, PurgeService purges) {
		this.statistics = statistics;
		this.store = store;
		this.collapser = collapser;
		this.revalidator = revalidator;
		this.failures = failures;
		this.purges = purges;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.statistics.onRoute(route -> bindRoute(registry, route));
		Gauge.builder("edge.cache.entries", this.store, CacheStore::entryCount)
			.description("Entries held by the cache store (approximate)")
			.register(registry);
		Gauge.builder("edge.cache.size", this.store, CacheStore::sizeBytes)
			.description("Bytes held by the cache store")
			.baseUnit(BaseUnits.BYTES)
			.register(registry);
		counter(registry, "edge.cache.evictions", "Entries evicted for size or expiry", this.store,
				CacheStore::evictionCount);
		counter(registry, "edge.cache.collapsed.requests", "Requests that waited on another request's origin fetch",
				this.collapser, RequestCollapser::collapsedCount);
		counter(registry, "edge.cache.revalidations", "Background (stale-while-revalidate) refreshes started",
				this.revalidator, BackgroundRevalidator::startedCount);
		counter(registry, "edge.cache.revalidation.failures", "Background refreshes that failed", this.revalidator,
				BackgroundRevalidator::failedCount);
		counter(registry, "edge.cache.store.failures", "Cache store operations that failed (served from the origin)",
				this.failures, StoreFailures::count);
		for (PurgeKind kind : PurgeKind.values()) {
			FunctionCounter.builder("edge.cache.purges", this.purges, purges -> purges.purgeCount(kind))
				.description("Successful purge calls by kind")
				.tag("kind", kind.tag())
				.register(registry);
		}
		counter(registry, "edge.cache.purged.entries", "Entries removed or marked stale by purges", this.purges,
				PurgeService::purgedEntries);
	}

	private void bindRoute(MeterRegistry registry, CacheStatistics.Route route) {
		for (CacheStatus status : CacheStatus.values()) {
			FunctionCounter.builder("edge.cache.requests", route, r -> r.requests(status))
				.description("Requests by cache status and route")
				.tag("status", status.tag())
				.tag("route", route.id())
				.register(registry);
			FunctionCounter.builder("edge.cache.response.bytes", route, r -> r.bytes(status))
				.description("Response body bytes sent to clients by cache status and route")
				.baseUnit(BaseUnits.BYTES)
				.tag("status", status.tag())
				.tag("route", route.id())
				.register(registry);
		}
	}

	private static <T> void counter(MeterRegistry registry, String name, String description, T source,
			ToDoubleFunction<T> count) {
		FunctionCounter.builder(name, source, count).description(description).register(registry);
	}

}
