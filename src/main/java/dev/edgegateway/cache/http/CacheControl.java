package dev.edgegateway.cache.http;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parsed {@code Cache-Control} (or {@code CDN-Cache-Control}) directives, RFC 9111 §5.2.
 * <p>
 * Parsing is per directive and case-insensitive, over all field lines, so a combined
 * {@code no-cache, no-store, max-age=0} is understood. Robustness rules (RFC 9111 §4.2.1, §5.2):
 * a duplicated delta-seconds directive keeps its first value; an invalid value of a freshness
 * directive ({@code max-age=abc}) makes the response stale (lifetime 0); quoted values are accepted;
 * values that overflow are capped at 2^31 (§1.2.2). Unknown directives are ignored.
 */
public final class CacheControl {

	/** Returned by the delta-seconds accessors when the directive is absent. */
	public static final long ABSENT = -1;

	/** Delta-seconds values larger than this are taken as this (RFC 9111 §1.2.2). */
	public static final long MAX_DELTA = 2147483648L;

	/** No directives at all. */
	public static final CacheControl EMPTY = new CacheControl();

	private boolean noStore;

	private boolean noCache;

	private Set<String> noCacheFields = Set.of();

	private boolean isPrivate;

	private Set<String> privateFields = Set.of();

	private boolean isPublic;

	private boolean mustRevalidate;

	private boolean proxyRevalidate;

	private boolean immutable;

	private boolean onlyIfCached;

	private boolean noTransform;

	private long maxAge = ABSENT;

	private long sMaxAge = ABSENT;

	private long staleWhileRevalidate = ABSENT;

	private long staleIfError = ABSENT;

	private long maxStale = ABSENT;

	private long minFresh = ABSENT;

	private boolean present;

	private CacheControl() {
	}

	/** Parses every field line of the header; null or empty means no directives. */
	public static CacheControl parse(List<String> fieldLines) {
		if (fieldLines == null || fieldLines.isEmpty()) {
			return EMPTY;
		}
		CacheControl cc = new CacheControl();
		for (String line : fieldLines) {
			if (line != null) {
				cc.parseLine(line);
			}
		}
		return cc;
	}

	/** Parses one header value. */
	public static CacheControl parse(String value) {
		return value == null ? EMPTY : parse(List.of(value));
	}

	private void parseLine(String line) {
		int i = 0;
		int n = line.length();
		while (i < n) {
			// one directive: token [ "=" ( token | quoted-string ) ]
			while (i < n && (line.charAt(i) == ',' || isWhitespace(line.charAt(i)))) {
				i++;
			}
			int nameStart = i;
			while (i < n && line.charAt(i) != '=' && line.charAt(i) != ',') {
				i++;
			}
			String name = line.substring(nameStart, i).trim().toLowerCase(Locale.ROOT);
			String value = null;
			if (i < n && line.charAt(i) == '=') {
				i++;
				while (i < n && isWhitespace(line.charAt(i))) {
					i++;
				}
				if (i < n && line.charAt(i) == '"') {
					StringBuilder quoted = new StringBuilder();
					i++;
					while (i < n && line.charAt(i) != '"') {
						if (line.charAt(i) == '\\' && i + 1 < n) {
							i++;
						}
						quoted.append(line.charAt(i++));
					}
					i++; // closing quote (or end)
					value = quoted.toString();
					while (i < n && line.charAt(i) != ',') {
						i++;
					}
				}
				else {
					int valueStart = i;
					while (i < n && line.charAt(i) != ',') {
						i++;
					}
					value = line.substring(valueStart, i).trim();
				}
			}
			if (!name.isEmpty()) {
				apply(name, value);
			}
		}
	}

	private void apply(String name, String value) {
		this.present = true;
		switch (name) {
			case "no-store" -> this.noStore = true;
			case "no-cache" -> {
				this.noCache = true;
				this.noCacheFields = union(this.noCacheFields, value);
			}
			case "private" -> {
				this.isPrivate = true;
				this.privateFields = union(this.privateFields, value);
			}
			case "public" -> this.isPublic = true;
			case "must-revalidate" -> this.mustRevalidate = true;
			case "proxy-revalidate" -> this.proxyRevalidate = true;
			case "immutable" -> this.immutable = true;
			case "only-if-cached" -> this.onlyIfCached = true;
			case "no-transform" -> this.noTransform = true;
			case "max-age" -> this.maxAge = first(this.maxAge, value, 0);
			case "s-maxage" -> this.sMaxAge = first(this.sMaxAge, value, 0);
			case "stale-while-revalidate" -> this.staleWhileRevalidate = first(this.staleWhileRevalidate, value, ABSENT);
			case "stale-if-error" -> this.staleIfError = first(this.staleIfError, value, ABSENT);
			// max-stale without a value accepts any staleness
			case "max-stale" -> this.maxStale = value == null ? MAX_DELTA : first(this.maxStale, value, ABSENT);
			case "min-fresh" -> this.minFresh = first(this.minFresh, value, ABSENT);
			default -> {
			}
		}
	}

	/** First occurrence wins (RFC 9111 §4.2.1); an invalid value becomes {@code invalid}. */
	private static long first(long current, String value, long invalid) {
		if (current != ABSENT) {
			return current;
		}
		long parsed = parseDeltaSeconds(value);
		return parsed < 0 ? invalid : parsed;
	}

	/** Parses delta-seconds (RFC 9111 §1.2.2): digits only, capped at 2^31; -1 if invalid. */
	public static long parseDeltaSeconds(String value) {
		if (value == null || value.isEmpty()) {
			return -1;
		}
		long result = 0;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			result = Math.min(result * 10 + (c - '0'), MAX_DELTA);
		}
		return result;
	}

	private static Set<String> union(Set<String> fields, String value) {
		if (value == null || value.isBlank()) {
			return fields;
		}
		Set<String> result = new LinkedHashSet<>(fields);
		for (String field : value.split(",")) {
			if (!field.isBlank()) {
				result.add(field.trim().toLowerCase(Locale.ROOT));
			}
		}
		return Collections.unmodifiableSet(result);
	}

	private static boolean isWhitespace(char c) {
		return c == ' ' || c == '\t';
	}

	/** Whether any directive was present. */
	public boolean isPresent() {
		return this.present;
	}

	public boolean noStore() {
		return this.noStore;
	}

	/** Unqualified {@code no-cache} (no field names): the whole response must be revalidated. */
	public boolean noCache() {
		return this.noCache && this.noCacheFields.isEmpty();
	}

	/** Header names of a qualified {@code no-cache="Set-Cookie"}, lower case. */
	public Set<String> noCacheFields() {
		return this.noCacheFields;
	}

	/** Unqualified {@code private}: a shared cache must not store the response. */
	public boolean isPrivate() {
		return this.isPrivate && this.privateFields.isEmpty();
	}

	/** Header names of a qualified {@code private="Set-Cookie"}, lower case. */
	public Set<String> privateFields() {
		return this.privateFields;
	}

	public boolean isPublic() {
		return this.isPublic;
	}

	public boolean mustRevalidate() {
		return this.mustRevalidate;
	}

	public boolean proxyRevalidate() {
		return this.proxyRevalidate;
	}

	public boolean immutable() {
		return this.immutable;
	}

	public boolean onlyIfCached() {
		return this.onlyIfCached;
	}

	public boolean noTransform() {
		return this.noTransform;
	}

	/** {@code max-age} in seconds, 0 if invalid, {@link #ABSENT} if absent. */
	public long maxAge() {
		return this.maxAge;
	}

	/** {@code s-maxage} in seconds, 0 if invalid, {@link #ABSENT} if absent. */
	public long sMaxAge() {
		return this.sMaxAge;
	}

	/** {@code stale-while-revalidate} (RFC 5861) in seconds, or {@link #ABSENT}. */
	public long staleWhileRevalidate() {
		return this.staleWhileRevalidate;
	}

	/** {@code stale-if-error} (RFC 5861) in seconds, or {@link #ABSENT}. */
	public long staleIfError() {
		return this.staleIfError;
	}

	/** Request {@code max-stale}: seconds, {@link #MAX_DELTA} when given without a value, or {@link #ABSENT}. */
	public long maxStale() {
		return this.maxStale;
	}

	/** Request {@code min-fresh} in seconds, or {@link #ABSENT}. */
	public long minFresh() {
		return this.minFresh;
	}

}
