package dev.edgegateway.cache;

import org.springframework.http.HttpHeaders;

/**
 * Writes the status header, {@code Age} and the RFC 9211 {@code Cache-Status} header from a
 * {@link CacheOutcome}. {@code Age} is written only for responses served out of the cache
 * (DESIGN.md §2); an origin's own {@code Age} on a forwarded response passes through untouched.
 */
public class CacheHeaders {

	private final String statusHeader;

	private final boolean cacheStatusHeader;

	private final String cacheName;

	public CacheHeaders(String statusHeader, boolean cacheStatusHeader, String cacheName) {
		this.statusHeader = statusHeader;
		this.cacheStatusHeader = cacheStatusHeader;
		this.cacheName = cacheName;
	}

	/** Name of the status header ({@code CF-Cache-Status} by default). */
	public String statusHeader() {
		return this.statusHeader;
	}

	void write(HttpHeaders headers, CacheOutcome outcome) {
		// edge-only fields never reach clients (DESIGN.md §2)
		headers.remove(EntryFactory.CACHE_TAG);
		headers.remove(ResponseEvaluator.CLOUDFLARE_CDN_CACHE_CONTROL);
		CacheStatus status = outcome.status();
		headers.set(this.statusHeader, status.headerValue());
		if (status.fromCache() && outcome.ageSeconds() >= 0) {
			headers.set(HttpHeaders.AGE, Long.toString(outcome.ageSeconds()));
		}
		if (this.cacheStatusHeader) {
			headers.set("Cache-Status", cacheStatus(outcome));
		}
	}

	/** The RFC 9211 value, e.g. {@code edge-gateway; hit; ttl=3542}. */
	String cacheStatus(CacheOutcome outcome) {
		String key = outcome.key();
		// room for the key and the usual parameters, so the value is built without growing
		StringBuilder value = new StringBuilder(96 + (key != null ? key.length() : 0)).append(this.cacheName);
		switch (outcome.status()) {
			case HIT, UPDATING -> value.append("; hit");
			case MISS -> value.append("; fwd=uri-miss");
			case EXPIRED, REVALIDATED, STALE -> value.append("; fwd=stale");
			case BYPASS, DYNAMIC -> value.append("; fwd=").append(
					"method".equals(outcome.detail()) ? "method" : "bypass");
			case NONE -> { }
		}
		if (outcome.originStatus() > 0) {
			value.append("; fwd-status=").append(outcome.originStatus());
		}
		if (outcome.ttlSeconds() != Long.MIN_VALUE) {
			value.append("; ttl=").append(outcome.ttlSeconds());
		}
		if (outcome.stored()) {
			value.append("; stored");
		}
		if (outcome.collapsed()) {
			value.append("; collapsed");
		}
		if (key != null && outcome.status() != CacheStatus.NONE) {
			value.append("; key=\"").append(quoted(key)).append('"');
		}
		if (outcome.detail() != null && !"method".equals(outcome.detail())) {
			value.append("; detail=").append(outcome.detail());
		}
		return value.toString();
	}

	/** RFC 8941 sf-string escaping; keys rarely hold a quote or backslash, so no copy then. */
	private static String quoted(String key) {
		if (key.indexOf('"') < 0 && key.indexOf('\\') < 0) {
			return key;
		}
		return key.replace("\\", "\\\\").replace("\"", "\\\"");
	}

}
