package dev.edgegateway.rules;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.edgegateway.cache.KeyPolicy.QueryMode;
import dev.edgegateway.cache.TtlPolicy.EdgeTtlMode;

/**
 * The validated settings of one rule (or of a route's metadata), every one null when the rule
 * does not set it, so that rules stack: a later rule wins exactly the settings it sets.
 *
 * @param cache true for {@code cache: eligible}, false for {@code cache: bypass}
 * @param edgeTtlMode the edge TTL mode
 * @param defaultTtl the TTL of the statuses cached by default
 * @param byStatus TTLs by status, ranges already expanded, in configuration order
 * @param browserTtlSet whether {@code browser-ttl} is set ({@code browserTtl} null then means respect-origin)
 * @param browserTtl the browser TTL override
 * @param staleWhileRevalidate operator stale-while-revalidate window
 * @param staleIfError operator stale-if-error window
 * @param staleDisabled whether stale serving is off
 * @param query the key's query mode
 * @param queryParameters the parameters of an include/exclude query mode
 * @param sortQuery whether the query is sorted in the key
 * @param keyHeaders request headers in the key (lower case)
 * @param keyCookies cookies in the key
 * @param keyHost whether the host is in the key
 * @param deceptionArmor whether deception armor is on
 * @param bypassOnCookie regex of cookie names that make the request BYPASS
 */
record RuleSettings(Boolean cache, EdgeTtlMode edgeTtlMode, Duration defaultTtl, Map<Integer, Duration> byStatus,
		boolean browserTtlSet, Duration browserTtl, Duration staleWhileRevalidate, Duration staleIfError,
		Boolean staleDisabled, QueryMode query, Set<String> queryParameters, Boolean sortQuery, List<String> keyHeaders,
		List<String> keyCookies, Boolean keyHost, Boolean deceptionArmor, Pattern bypassOnCookie) {

}
