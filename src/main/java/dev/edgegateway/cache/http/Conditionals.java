package dev.edgegateway.cache.http;

import java.time.Instant;
import java.util.List;

/**
 * Evaluation of a client's conditional request against a stored response (RFC 9110 §13.1,
 * RFC 9111 §4.3.2): {@code If-None-Match} with weak comparison, else {@code If-Modified-Since}.
 */
public final class Conditionals {

	private Conditionals() {
	}

	/**
	 * Whether a GET/HEAD with these conditional headers may be answered 304 from the stored response.
	 * @param ifNoneMatch the request's {@code If-None-Match} lines (may be empty)
	 * @param ifModifiedSince the request's {@code If-Modified-Since} (may be null)
	 * @param etag the stored {@code ETag} (may be null)
	 * @param lastModified the stored {@code Last-Modified} (may be null)
	 * @param date the stored response's {@code Date} (used when it has no {@code Last-Modified})
	 */
	public static boolean notModified(List<String> ifNoneMatch, String ifModifiedSince, String etag,
			String lastModified, Instant date) {
		if (ifNoneMatch != null && !ifNoneMatch.isEmpty()) {
			return etagMatches(ifNoneMatch, etag);
		}
		if (ifModifiedSince == null) {
			return false;
		}
		Instant since = HttpDates.parse(ifModifiedSince);
		if (since == null) {
			return false; // an invalid date is ignored (RFC 9110 §13.1.3)
		}
		Instant modified = lastModified != null ? HttpDates.parse(lastModified) : date;
		return modified != null && !modified.isAfter(since);
	}

	/** Weak comparison of {@code If-None-Match} members against an entity tag; {@code *} matches any. */
	static boolean etagMatches(List<String> ifNoneMatch, String etag) {
		for (String line : ifNoneMatch) {
			for (String candidate : line.split(",")) {
				String tag = candidate.trim();
				if (tag.equals("*")) {
					return true;
				}
				if (etag != null && opaque(tag).equals(opaque(etag.trim())) && !opaque(tag).isEmpty()) {
					return true;
				}
			}
		}
		return false;
	}

	private static String opaque(String tag) {
		return tag.startsWith("W/") ? tag.substring(2) : tag;
	}

	/** Whether the request carries any conditional header the cache evaluates. */
	public static boolean isConditional(List<String> ifNoneMatch, String ifModifiedSince) {
		return (ifNoneMatch != null && !ifNoneMatch.isEmpty()) || ifModifiedSince != null;
	}

}
