package dev.edgegateway.cache;

import java.time.Duration;
import java.util.List;

/**
 * The cache's decision about a request before anything is looked up: eligible or not (and why),
 * how its key is built and how its response's freshness is decided. Produced by a
 * {@link CachePolicy}; kept on the {@link CacheOutcome} so headers and explanations can use it.
 *
 * @param eligible whether the request may be served from and stored in the cache
 * @param ineligibleStatus when not eligible: {@link CacheStatus#DYNAMIC} or {@link CacheStatus#BYPASS}
 * @param reason RFC 9211 detail token saying why it is not eligible (null when eligible)
 * @param key the key settings
 * @param ttl the freshness settings (null when not eligible)
 * @param browserTtl the {@code max-age} sent to clients instead of the origin's, or null to pass
 * the origin's {@code Cache-Control} on (Cloudflare's browser TTL)
 * @param deceptionArmor whether a response whose {@code Content-Type} does not match the path's
 * extension is refused storage (Cloudflare's cache deception armor)
 * @param rules names of the cache rules that matched, for explanation (may be empty)
 */
public record RequestPolicy(boolean eligible, CacheStatus ineligibleStatus, String reason, KeyPolicy key,
		TtlPolicy ttl, Duration browserTtl, boolean deceptionArmor, List<String> rules) {

	public RequestPolicy {
		rules = List.copyOf(rules);
	}

	/** An eligible request with deception armor on and the origin's browser TTL. */
	public static RequestPolicy eligible(KeyPolicy key, TtlPolicy ttl, List<String> rules) {
		return new RequestPolicy(true, null, null, key, ttl, null, true, rules);
	}

	/** A request the cache does not touch. */
	public static RequestPolicy ineligible(CacheStatus status, String reason, List<String> rules) {
		return new RequestPolicy(false, status, reason, KeyPolicy.DEFAULT, null, null, false, rules);
	}

}
