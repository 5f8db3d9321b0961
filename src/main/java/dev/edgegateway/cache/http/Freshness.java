package dev.edgegateway.cache.http;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Freshness lifetime and age (RFC 9111 §4.2). Pure functions of header values and instants.
 */
public final class Freshness {

	/** Lifetime returned when the response carries no explicit freshness. */
	public static final long NONE = -1;

	/** Statuses that are heuristically cacheable (RFC 9110 §15.1). */
	public static final Set<Integer> HEURISTICALLY_CACHEABLE = Set.of(200, 203, 204, 206, 300, 301, 308, 404, 405,
			410, 414, 501);

	/** Upper bound of a heuristic lifetime. */
	public static final long MAX_HEURISTIC_SECONDS = Duration.ofDays(1).toSeconds();

	private Freshness() {
	}

	/**
	 * The explicit freshness lifetime in seconds (RFC 9111 §4.2.1), or {@link #NONE}:
	 * {@code s-maxage} (shared caches) beats {@code max-age} beats {@code Expires}. An invalid
	 * {@code Expires} means already expired (lifetime 0); with several {@code Expires} lines the
	 * first is used.
	 * @param date the {@code Date} of the response, or the time it was received when it has none
	 */
	public static long explicitLifetime(CacheControl cc, List<String> expires, Instant date) {
		if (cc.sMaxAge() != CacheControl.ABSENT) {
			return cc.sMaxAge();
		}
		if (cc.maxAge() != CacheControl.ABSENT) {
			return cc.maxAge();
		}
		if (expires != null && !expires.isEmpty()) {
			Instant expiresAt = HttpDates.parse(expires.get(0));
			if (expiresAt == null) {
				return 0;
			}
			return Math.max(0, Duration.between(date, expiresAt).toSeconds());
		}
		return NONE;
	}

	/**
	 * Heuristic lifetime (RFC 9111 §4.2.2): 10% of the time since {@code Last-Modified}, at most a
	 * day; {@link #NONE} when there is no valid {@code Last-Modified}.
	 */
	public static long heuristicLifetime(String lastModified, Instant date) {
		Instant modified = HttpDates.parse(lastModified);
		if (modified == null || modified.isAfter(date)) {
			return NONE;
		}
		return Math.min(Duration.between(modified, date).toSeconds() / 10, MAX_HEURISTIC_SECONDS);
	}

	/** Parses an {@code Age} value: a non-negative integer; anything else is ignored (0). */
	public static long parseAge(List<String> values) {
		if (values == null || values.isEmpty()) {
			return 0;
		}
		long age = CacheControl.parseDeltaSeconds(values.get(0).trim());
		return Math.max(age, 0);
	}

	/**
	 * The current age in seconds (RFC 9111 §4.2.3).
	 * @param ageValue the {@code Age} the origin sent (0 if none)
	 * @param date the origin's {@code Date}, or {@code responseTime} when it sent none
	 * @param requestTime when the request that got this response was sent
	 * @param responseTime when the response was received
	 * @param now the current time
	 */
	public static long currentAge(long ageValue, Instant date, Instant requestTime, Instant responseTime,
			Instant now) {
		long apparentAge = Math.max(0, Duration.between(date, responseTime).toSeconds());
		long responseDelay = Math.max(0, Duration.between(requestTime, responseTime).toSeconds());
		long correctedAgeValue = ageValue + responseDelay;
		long correctedInitialAge = Math.max(apparentAge, correctedAgeValue);
		long residentTime = Math.max(0, Duration.between(responseTime, now).toSeconds());
		return correctedInitialAge + residentTime;
	}

}
