package dev.edgegateway.cache;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.edgegateway.cache.http.HeaderNames;
import dev.edgegateway.cache.store.CachedResponse;

import org.springframework.http.HttpHeaders;

/**
 * Turns an origin response into a {@link CachedResponse}: keeps the end-to-end headers exactly
 * (minus hop-by-hop fields, those {@code Connection} names, {@code Cache-Tag}, the consumed
 * {@code Cloudflare-CDN-Cache-Control} and what the decision strips), records the timing RFC 9111
 * §4.2.3 needs, and freshens an entry from a 304 (§4.3.4).
 */
public class EntryFactory {

	/** The origin's surrogate keys, stored as tags and never shown to clients. */
	public static final String CACHE_TAG = "Cache-Tag";

	private final long keepWindowSeconds;

	public EntryFactory(long keepWindowSeconds) {
		this.keepWindowSeconds = keepWindowSeconds;
	}

	/** Builds the entry stored after a complete origin response. */
	public CachedResponse create(String key, int status, HttpHeaders origin, byte[] body, long requestTime,
			long responseTime, StorageDecision decision, List<String> vary, String variantId) {
		HttpHeaders stored = storedHeaders(origin, decision.stripHeaders());
		stored.setContentLength(body.length);
		long date = ResponseEvaluator.date(origin, Instant.ofEpochMilli(responseTime)).toEpochMilli();
		long age = dev.edgegateway.cache.http.Freshness.parseAge(origin.get(HttpHeaders.AGE));
		return new CachedResponse(key, status, stored, body, requestTime,
				responseTime, date, age, decision.lifetime(), decision.staleWhileRevalidate(), decision.staleIfError(),
				decision.staleForbidden(), decision.revalidateAlways(), tags(origin), vary, variantId,
				expiresAt(responseTime, decision), false);
	}

	/**
	 * The entry after a 304 (RFC 9111 §4.3.4): {@code merged} is {@link #overlay} of the stored
	 * headers and the 304's; the timing restarts.
	 */
	public CachedResponse freshen(CachedResponse entry, HttpHeaders merged, long requestTime, long responseTime,
			StorageDecision decision) {
		HttpHeaders stored = storedHeaders(merged, decision.stripHeaders());
		stored.setContentLength(entry.body().length);
		long date = ResponseEvaluator.date(merged, Instant.ofEpochMilli(responseTime)).toEpochMilli();
		return entry.freshened(stored, requestTime, responseTime, date,
				decision.lifetime(), decision.staleWhileRevalidate(), decision.staleIfError(), decision.staleForbidden(),
				decision.revalidateAlways(), expiresAt(responseTime, decision));
	}

	/**
	 * The stored headers overlaid with a 304's: its fields replace stored ones of the same name,
	 * except {@code Content-Length} (RFC 9111 §3.2). The 304's {@code Date} becomes the entry's.
	 */
	public static HttpHeaders overlay(CachedResponse entry, HttpHeaders notModified) {
		HttpHeaders merged = new HttpHeaders();
		merged.putAll(entry.headers());
		notModified.forEach((name, values) -> {
			if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH)) {
				merged.put(name, values);
			}
		});
		return merged;
	}

	long expiresAt(long responseTime, StorageDecision decision) {
		long stale = Math.max(decision.staleWhileRevalidate(), decision.staleIfError());
		return responseTime + (decision.lifetime() + stale + this.keepWindowSeconds) * 1000;
	}

	/** End-to-end headers worth storing and replaying. */
	static HttpHeaders storedHeaders(HttpHeaders origin, Set<String> strip) {
		Set<String> hopByHop = HeaderNames.hopByHop(origin.get(HttpHeaders.CONNECTION));
		HttpHeaders stored = new HttpHeaders();
		origin.forEach((name, values) -> {
			String lower = name.toLowerCase(Locale.ROOT);
			if (!hopByHop.contains(lower) && !strip.contains(lower) && !isEdgeOnly(lower)) {
				stored.put(name, List.copyOf(values));
			}
		});
		return stored;
	}

	private static boolean isEdgeOnly(String lowerName) {
		return lowerName.equals("cache-tag") || lowerName.equals("cloudflare-cdn-cache-control")
				|| lowerName.equals("age");
	}

	/** {@code Cache-Tag} values: comma-separated, several lines allowed, case-insensitive. */
	public static Set<String> tags(HttpHeaders origin) {
		List<String> lines = origin.get(CACHE_TAG);
		if (lines == null || lines.isEmpty()) {
			return Set.of();
		}
		Set<String> tags = new LinkedHashSet<>();
		for (String line : lines) {
			for (String tag : line.split(",")) {
				if (!tag.isBlank()) {
					tags.add(tag.trim().toLowerCase(Locale.ROOT));
				}
			}
		}
		return Set.copyOf(tags);
	}

}
