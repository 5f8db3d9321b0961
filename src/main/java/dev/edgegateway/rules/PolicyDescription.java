package dev.edgegateway.rules;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import dev.edgegateway.cache.KeyPolicy;
import dev.edgegateway.cache.RequestPolicy;
import dev.edgegateway.cache.TtlPolicy;

/** Renders a {@link RequestPolicy} for people: the cacheexplain JSON and parts of Edge-Cache-Debug. */
final class PolicyDescription {

	private PolicyDescription() {
	}

	/** The JSON body of the policy (durations in seconds). */
	static Map<String, Object> of(RequestPolicy policy) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("eligible", policy.eligible());
		if (!policy.eligible()) {
			body.put("status", policy.ineligibleStatus().headerValue());
			body.put("reason", policy.reason());
		}
		body.put("rules", policy.rules());
		body.put("keyPolicy", key(policy.key()));
		if (policy.eligible()) {
			body.put("edgeTtl", edgeTtl(policy.ttl()));
			Map<String, Object> browser = new LinkedHashMap<>();
			browser.put("mode", policy.browserTtl() == null ? "respect-origin" : "override");
			if (policy.browserTtl() != null) {
				browser.put("seconds", policy.browserTtl().toSeconds());
			}
			body.put("browserTtl", browser);
			body.put("serveStale", stale(policy.ttl()));
			body.put("deceptionArmor", policy.deceptionArmor());
		}
		return body;
	}

	private static Map<String, Object> key(KeyPolicy key) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("host", key.host());
		body.put("query", mode(key.query().name()));
		body.put("queryParameters", key.queryParameters().stream().sorted().toList());
		body.put("sortQuery", key.sortQuery());
		body.put("headers", key.headers());
		body.put("cookies", key.cookies());
		return body;
	}

	private static Map<String, Object> edgeTtl(TtlPolicy ttl) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("mode", mode(ttl.mode().name()));
		body.put("byStatusSeconds", ranges(ttl.ttlByStatus()));
		return body;
	}

	/** TTLs by status with runs of consecutive statuses sharing a TTL written as ranges ("500-599"). */
	static Map<String, Long> ranges(Map<Integer, Duration> ttlByStatus) {
		Map<String, Long> ranges = new LinkedHashMap<>();
		int from = -1;
		int to = -1;
		long seconds = 0;
		for (Map.Entry<Integer, Duration> entry : new TreeMap<>(ttlByStatus).entrySet()) {
			long value = entry.getValue().toSeconds();
			if (from >= 0 && entry.getKey() == to + 1 && value == seconds) {
				to = entry.getKey();
				continue;
			}
			if (from >= 0) {
				ranges.put(from == to ? Integer.toString(from) : from + "-" + to, seconds);
			}
			from = entry.getKey();
			to = from;
			seconds = value;
		}
		if (from >= 0) {
			ranges.put(from == to ? Integer.toString(from) : from + "-" + to, seconds);
		}
		return ranges;
	}

	private static Map<String, Object> stale(TtlPolicy ttl) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("whileRevalidateSeconds", seconds(ttl.staleWhileRevalidate()));
		body.put("ifErrorSeconds", seconds(ttl.staleIfError()));
		body.put("disabled", ttl.staleDisabled());
		return body;
	}

	/** An enum constant as written in configuration: {@code RESPECT_ORIGIN} → {@code respect-origin}. */
	static String mode(String constant) {
		return constant.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

	static long seconds(Duration duration) {
		return duration == null ? 0 : duration.toSeconds();
	}

}
