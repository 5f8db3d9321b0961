package dev.edgegateway.cache;

import java.util.Set;

/**
 * Whether and how an origin response is stored (the outcome of {@link ResponseEvaluator}).
 *
 * @param store whether the response is stored
 * @param bypass when not stored because of a directive or rule: the RFC 9211 detail (status
 * BYPASS); null when simply not storable (status stays MISS/EXPIRED)
 * @param lifetime freshness lifetime in seconds
 * @param staleWhileRevalidate stale-while-revalidate window in seconds (0 when none)
 * @param staleIfError stale-if-error window in seconds (0 when none)
 * @param staleForbidden whether stale may never be served (must-revalidate, proxy-revalidate,
 * s-maxage, no-cache)
 * @param revalidateAlways whether every use must be revalidated ({@code no-cache} under rfc9111,
 * or a zero TTL)
 * @param stripHeaders header names (lower case) removed from the stored copy (e.g.
 * {@code set-cookie} under an override TTL)
 * @param source which directive decided, for explanation
 */
public record StorageDecision(boolean store, String bypass, long lifetime, long staleWhileRevalidate,
		long staleIfError, boolean staleForbidden, boolean revalidateAlways, Set<String> stripHeaders,
		String source) {

	static StorageDecision bypass(String reason) {
		return new StorageDecision(false, reason, 0, 0, 0, true, false, Set.of(), reason);
	}

	static StorageDecision notStorable(String reason) {
		return new StorageDecision(false, null, 0, 0, 0, true, false, Set.of(), reason);
	}

}
