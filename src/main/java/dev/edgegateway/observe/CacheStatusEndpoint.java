package dev.edgegateway.observe;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

import dev.edgegateway.cache.BackgroundRevalidator;
import dev.edgegateway.cache.CacheStatus;
import dev.edgegateway.cache.HitLane;
import dev.edgegateway.cache.RequestCollapser;
import dev.edgegateway.cache.StoreFailures;
import dev.edgegateway.cache.store.CacheStore;
import dev.edgegateway.purge.PurgeKind;
import dev.edgegateway.purge.PurgeService;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code GET /actuator/cachestatus} (management port): what the cache did since start, overall and
 * per route — requests of all nine statuses (zeros included), bytes served from the cache and from
 * the origin, hit ratios — plus the store, collapsing, background revalidation and purge counters.
 * {@code ?top=N} adds the N URLs that most often went to the origin.
 * <p>
 * Hit ratios: {@code hitRatio.requests} is requests served from the cache (HIT, STALE, UPDATING,
 * REVALIDATED) over cache-eligible requests (those plus MISS, EXPIRED and BYPASS; DYNAMIC and
 * NONE/UNKNOWN are not eligible); {@code hitRatio.requestsOfAll} is the same over all requests
 * (Cloudflare's "percent cached"); {@code hitRatio.bytes} is cache bytes over cache plus origin
 * bytes. A ratio without any request under it is {@code null}.
 */
@Endpoint(id = "cachestatus")
public class CacheStatusEndpoint {

	private final CacheStatistics statistics;

	private final TopMissedSampler sampler;

	private final CacheStore store;

	private final RequestCollapser collapser;

	private final BackgroundRevalidator revalidator;

	private final StoreFailures failures;

	private final PurgeService purges;

	private final HitLane lane;

	public CacheStatusEndpoint(CacheStatistics statistics, TopMissedSampler sampler, CacheStore store,
			RequestCollapser collapser, BackgroundRevalidator revalidator, StoreFailures failures,
			PurgeService purges, HitLane lane) {
		this.lane = lane;
		this.statistics = statistics;
		this.sampler = sampler;
		this.store = store;
		this.collapser = collapser;
		this.revalidator = revalidator;
		this.failures = failures;
		this.purges = purges;
	}

	@ReadOperation
	public Map<String, Object> cacheStatus(@Nullable Integer top) {
		Map<String, Object> status = summary(this.statistics::requests, this.statistics::bytes);
		Map<String, Object> routes = new LinkedHashMap<>();
		this.statistics.routes()
			.stream()
			.sorted((a, b) -> a.id().compareTo(b.id()))
			.forEach(route -> routes.put(route.id(), summary(route::requests, route::bytes)));
		status.put("routes", routes);
		status.put("store", store());
		status.put("collapsed", this.collapser.collapsedCount());
		Map<String, Long> revalidations = new LinkedHashMap<>();
		revalidations.put("started", this.revalidator.startedCount());
		revalidations.put("failed", this.revalidator.failedCount());
		status.put("revalidations", revalidations);
		status.put("purges", purges());
		if (this.lane != null) {
			status.put("hitLane", this.lane.describe());
		}
		if (top != null) {
			status.put("topMissed", this.sampler.top(top));
		}
		return status;
	}

	private static Map<String, Object> summary(ToLongFunction<CacheStatus> requests, ToLongFunction<CacheStatus> bytes) {
		Map<String, Long> statuses = new LinkedHashMap<>();
		long total = 0;
		long fromCache = 0;
		long eligible = 0;
		long cacheBytes = 0;
		long originBytes = 0;
		for (CacheStatus status : CacheStatus.values()) {
			long count = requests.applyAsLong(status);
			statuses.put(status.headerValue(), count);
			total += count;
			if (status.fromCache()) {
				fromCache += count;
				cacheBytes += bytes.applyAsLong(status);
			}
			else if (status != CacheStatus.NONE) {
				originBytes += bytes.applyAsLong(status);
			}
			if (status != CacheStatus.DYNAMIC && status != CacheStatus.NONE) {
				eligible += count;
			}
		}
		Map<String, Object> ratio = new LinkedHashMap<>();
		ratio.put("requests", ratio(fromCache, eligible));
		ratio.put("requestsOfAll", ratio(fromCache, total));
		ratio.put("bytes", ratio(cacheBytes, cacheBytes + originBytes));
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("total", total);
		summary.put("statuses", statuses);
		Map<String, Long> served = new LinkedHashMap<>();
		served.put("cache", cacheBytes);
		served.put("origin", originBytes);
		summary.put("bytes", served);
		summary.put("hitRatio", ratio);
		return summary;
	}

	private static Double ratio(long part, long whole) {
		return whole == 0 ? null : (double) part / whole;
	}

	private Map<String, Object> store() {
		Map<String, Object> store = new LinkedHashMap<>();
		store.put("entries", this.store.entryCount());
		store.put("sizeBytes", this.store.sizeBytes());
		store.put("evictions", this.store.evictionCount());
		store.put("failures", this.failures.count());
		return store;
	}

	private Map<String, Object> purges() {
		Map<String, Object> purges = new LinkedHashMap<>();
		for (PurgeKind kind : PurgeKind.values()) {
			purges.put(kind.tag(), this.purges.purgeCount(kind));
		}
		purges.put("entries", this.purges.purgedEntries());
		return purges;
	}

}
