package dev.edgegateway.cache;

/**
 * The nine cache statuses of DESIGN.md §2, written in the status header ({@code CF-Cache-Status}
 * by default). {@link #headerValue()} is the exact text clients see.
 */
public enum CacheStatus {

	/** A fresh stored response matched. */
	HIT("HIT", true),
	/** Eligible, nothing stored; fetched from the origin. */
	MISS("MISS", false),
	/** Stored but stale; the origin answered with a full response. */
	EXPIRED("EXPIRED", false),
	/** Stored but stale; the origin failed and stale-if-error allowed the stored copy. */
	STALE("STALE", true),
	/** Stored but stale, inside stale-while-revalidate; served while one background request refreshes it. */
	UPDATING("UPDATING", true),
	/** Stored but stale; a conditional request to the origin got 304 and the entry was freshened. */
	REVALIDATED("REVALIDATED", true),
	/** Eligible, but the origin's directives or a rule forbid storing. */
	BYPASS("BYPASS", false),
	/** Not eligible (extension, rule or method). */
	DYNAMIC("DYNAMIC", false),
	/** Answered by the gateway itself before the cache (edge rule, no-origin route, unmatched request). */
	NONE("NONE/UNKNOWN", false);

	private final String headerValue;

	private final boolean fromCache;

	CacheStatus(String headerValue, boolean fromCache) {
		this.headerValue = headerValue;
		this.fromCache = fromCache;
	}

	/** The text written in the status header. */
	public String headerValue() {
		return this.headerValue;
	}

	/** Whether a response with this status is served out of the cache (and so carries {@code Age}). */
	public boolean fromCache() {
		return this.fromCache;
	}

	/** Lower-case name used as a metric tag ({@code none} for NONE/UNKNOWN). */
	public String tag() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
