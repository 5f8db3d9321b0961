package dev.edgegateway.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.edgegateway.cache.EdgeCacheProperties.Semantics;
import dev.edgegateway.cache.TtlPolicy.EdgeTtlMode;
import dev.edgegateway.cache.http.CacheControl;
import dev.edgegateway.cache.http.Freshness;
import dev.edgegateway.cache.http.HeaderNames;
import dev.edgegateway.cache.http.HttpDates;

import org.springframework.http.HttpHeaders;

/**
 * Decides whether an origin response to an eligible request is stored, for how long, and with
 * which stale windows: RFC 9111 §3 and §4.2 with the differences of the two semantics (DESIGN.md
 * §2) as data, not as two code paths.
 */
public class ResponseEvaluator {

	/** Consumed by the edge, never forwarded (Cloudflare's targeted field). */
	public static final String CLOUDFLARE_CDN_CACHE_CONTROL = "Cloudflare-CDN-Cache-Control";

	/** RFC 9213 targeted field, forwarded. */
	public static final String CDN_CACHE_CONTROL = "CDN-Cache-Control";

	private final Semantics semantics;

	public ResponseEvaluator(Semantics semantics) {
		this.semantics = semantics;
	}

	public Semantics semantics() {
		return this.semantics;
	}

	/**
	 * Evaluates a response.
	 * @param ttl the request's TTL settings
	 * @param authorized whether the request carried {@code Authorization}
	 * @param status the origin's status code
	 * @param headers the origin's response headers
	 * @param responseTime when the response arrived (stands in for a missing {@code Date})
	 */
	public StorageDecision evaluate(TtlPolicy ttl, boolean authorized, int status, HttpHeaders headers,
			Instant responseTime) {
		if (HeaderNames.vary(headers.get(HttpHeaders.VARY)).contains("*")) {
			return StorageDecision.bypass("vary-star");
		}
		if (status == 206) {
			return StorageDecision.notStorable("partial-content");
		}
		Duration statusTtl = ttl.ttlByStatus().get(status);
		if (statusTtl != null && statusTtl.isNegative()) {
			return StorageDecision.bypass("rule-status-ttl");
		}
		if (ttl.mode() == EdgeTtlMode.OVERRIDE) {
			return override(ttl, status);
		}
		boolean cdnTargeted = headers.containsHeader(CLOUDFLARE_CDN_CACHE_CONTROL)
				|| headers.containsHeader(CDN_CACHE_CONTROL);
		CacheControl cc = CacheControl.parse(headers.get(headers.containsHeader(CLOUDFLARE_CDN_CACHE_CONTROL)
				? CLOUDFLARE_CDN_CACHE_CONTROL : cdnTargeted ? CDN_CACHE_CONTROL : HttpHeaders.CACHE_CONTROL));
		String refusal = refusal(cc, authorized, headers);
		if (refusal != null) {
			return StorageDecision.bypass(refusal);
		}
		Instant date = date(headers, responseTime);
		long lifetime = Freshness.explicitLifetime(cc, cdnTargeted ? null : headers.get(HttpHeaders.EXPIRES), date);
		String source = cc.sMaxAge() != CacheControl.ABSENT ? "s-maxage"
				: cc.maxAge() != CacheControl.ABSENT ? "max-age" : "expires";
		boolean revalidateAlways = this.semantics == Semantics.RFC9111 && cc.noCache();
		if (lifetime == 0 && this.semantics == Semantics.CLOUDFLARE) {
			return StorageDecision.bypass(source.equals("expires") ? "expired" : source + "=0");
		}
		if (lifetime == Freshness.NONE) {
			if (ttl.mode() == EdgeTtlMode.BYPASS_BY_DEFAULT) {
				return StorageDecision.bypass("no-origin-ttl");
			}
			if (this.semantics == Semantics.RFC9111) {
				lifetime = Freshness.HEURISTICALLY_CACHEABLE.contains(status)
						? Freshness.heuristicLifetime(headers.getFirst(HttpHeaders.LAST_MODIFIED), date) : Freshness.NONE;
				source = "heuristic";
				if (lifetime == Freshness.NONE && revalidateAlways && hasValidator(headers)) {
					lifetime = 0;
				}
			}
			Duration fallback = ttl.ttlFor(status);
			if (lifetime == Freshness.NONE && fallback != null) {
				lifetime = fallback.toSeconds();
				source = "default-ttl";
			}
			if (lifetime == Freshness.NONE) {
				return StorageDecision.notStorable("no-freshness");
			}
		}
		boolean staleForbidden = ttl.staleDisabled() || cc.mustRevalidate() || cc.proxyRevalidate()
				|| cc.sMaxAge() != CacheControl.ABSENT || cc.noCache();
		return new StorageDecision(true, null, lifetime, window(cc.staleWhileRevalidate(), ttl.staleWhileRevalidate()),
				window(cc.staleIfError(), ttl.staleIfError()), staleForbidden, revalidateAlways || lifetime == 0,
				stripped(cc), source);
	}

	private StorageDecision override(TtlPolicy ttl, int status) {
		Duration fixed = ttl.ttlFor(status);
		if (fixed == null) {
			return StorageDecision.notStorable("status");
		}
		long lifetime = fixed.toSeconds();
		return new StorageDecision(true, null, lifetime, window(CacheControl.ABSENT, ttl.staleWhileRevalidate()),
				window(CacheControl.ABSENT, ttl.staleIfError()), ttl.staleDisabled(), lifetime == 0,
				Set.of("set-cookie"), "rule-override");
	}

	/** Why a response must not be stored, or null (RFC 9111 §3, §3.5; Cloudflare's BYPASS list). */
	private String refusal(CacheControl cc, boolean authorized, HttpHeaders headers) {
		if (cc.noStore()) {
			return "no-store";
		}
		if (cc.isPrivate()) {
			return "private";
		}
		if (authorized && !cc.isPublic() && cc.sMaxAge() == CacheControl.ABSENT && !cc.mustRevalidate()) {
			return "authorization";
		}
		if (this.semantics == Semantics.CLOUDFLARE) {
			if (cc.noCache()) {
				return "no-cache";
			}
			if (headers.containsHeader(HttpHeaders.SET_COOKIE)) {
				return "set-cookie";
			}
		}
		return null;
	}

	/** Headers a qualified {@code private="…"} or {@code no-cache="…"} keeps out of the stored copy. */
	private static Set<String> stripped(CacheControl cc) {
		if (cc.privateFields().isEmpty() && cc.noCacheFields().isEmpty()) {
			return Set.of();
		}
		Set<String> names = new LinkedHashSet<>(cc.privateFields());
		names.addAll(cc.noCacheFields());
		return Set.copyOf(names);
	}

	private static long window(long directive, Duration operator) {
		if (directive != CacheControl.ABSENT) {
			return directive;
		}
		return operator != null ? operator.toSeconds() : 0;
	}

	private static boolean hasValidator(HttpHeaders headers) {
		return headers.containsHeader(HttpHeaders.ETAG) || headers.containsHeader(HttpHeaders.LAST_MODIFIED);
	}

	/** The response's {@code Date}, or the time it arrived when absent or invalid. */
	public static Instant date(HttpHeaders headers, Instant responseTime) {
		Instant date = HttpDates.parse(headers.getFirst(HttpHeaders.DATE));
		return date != null ? date : responseTime;
	}

	/** Lines of a header, never null. */
	static List<String> lines(HttpHeaders headers, String name) {
		List<String> values = headers.get(name);
		return values != null ? values : List.of();
	}

}
