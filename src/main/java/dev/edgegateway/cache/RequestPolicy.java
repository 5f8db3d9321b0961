package dev.edgegateway.cache;

/**
 * The cache's decision about a request before anything is looked up: eligible or not (and why),
 * how its key is built and how its response's freshness is decided. Produced by a
 * {@link CachePolicy}.
 *
 * @param eligible whether the request may be served from and stored in the cache
 * @param ineligibleStatus when not eligible: {@link CacheStatus#DYNAMIC} or {@link CacheStatus#BYPASS}
 * @param reason RFC 9211 detail token saying why it is not eligible (null when eligible)
 * @param key the key settings
 * @param ttl the freshness settings
 * @param rules names of the cache rules that matched, for explanation (may be empty)
 */
public record RequestPolicy(boolean eligible, CacheStatus ineligibleStatus, String reason, KeyPolicy key,
		TtlPolicy ttl, java.util.List<String> rules) {

	/** An eligible request. */
	public static RequestPolicy eligible(KeyPolicy key, TtlPolicy ttl, java.util.List<String> rules) {
		return new RequestPolicy(true, null, null, key, ttl, rules);
	}

	/** A request the cache does not touch. */
	public static RequestPolicy ineligible(CacheStatus status, String reason, java.util.List<String> rules) {
		return new RequestPolicy(false, status, reason, KeyPolicy.DEFAULT, null, rules);
	}

}
