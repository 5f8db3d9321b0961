package dev.edgegateway.cache;

import java.time.Duration;
import java.util.Map;

/**
 * How the edge TTL and stale windows of an eligible request's response are decided: the seam
 * through which cache rules (or the defaults) shape freshness without {@code if}s in the filter.
 *
 * @param mode how origin directives are used
 * @param ttlByStatus TTL by status: the default when the origin gives none
 * ({@link EdgeTtlMode#RESPECT_ORIGIN}), or the fixed TTL ({@link EdgeTtlMode#OVERRIDE}); a zero
 * TTL stores the response but revalidates it on every use, a negative one never stores it
 * @param fallbackTtl TTL for statuses not in {@code ttlByStatus}, or null (not stored without
 * origin freshness)
 * @param staleWhileRevalidate operator stale-while-revalidate window used when the origin sends
 * none, or null
 * @param staleIfError operator stale-if-error window used when the origin sends none, or null
 * @param staleDisabled whether stale serving is turned off entirely
 */
public record TtlPolicy(EdgeTtlMode mode, Map<Integer, Duration> ttlByStatus, Duration fallbackTtl,
		Duration staleWhileRevalidate, Duration staleIfError, boolean staleDisabled) {

	/** The edge TTL modes of a cache rule. */
	public enum EdgeTtlMode {

		/** Origin headers decide; the default TTL by status applies when they give no freshness. */
		RESPECT_ORIGIN,
		/** A fixed TTL; origin directives are ignored (a Set-Cookie is stripped from the stored copy). */
		OVERRIDE,
		/** Origin headers decide; without freshness from the origin the response is not stored. */
		BYPASS_BY_DEFAULT

	}

	public TtlPolicy {
		ttlByStatus = Map.copyOf(ttlByStatus);
	}

	/** The configured TTL for a status, or null when none applies. */
	public Duration ttlFor(int status) {
		Duration ttl = this.ttlByStatus.get(status);
		return ttl != null ? ttl : this.fallbackTtl;
	}

}
