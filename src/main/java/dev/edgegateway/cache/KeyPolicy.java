package dev.edgegateway.cache;

import java.util.List;
import java.util.Set;

/**
 * What goes into the cache key of a request (Cloudflare's cache key settings).
 *
 * @param host whether the host is part of the key
 * @param query which query parameters are part of the key
 * @param queryParameters the parameters named by {@link QueryMode#INCLUDE} or {@link QueryMode#EXCLUDE}
 * @param sortQuery whether parameters are sorted so that their order does not matter
 * @param headers request headers whose values are part of the key (lower case)
 * @param cookies cookies whose values are part of the key
 */
public record KeyPolicy(boolean host, QueryMode query, Set<String> queryParameters, boolean sortQuery,
		List<String> headers, List<String> cookies) {

	/** Cloudflare's default key: scheme, host, path and the whole query string as sent. */
	public static final KeyPolicy DEFAULT = new KeyPolicy(true, QueryMode.ALL, Set.of(), false, List.of(), List.of());

	/** Query-string handling. */
	public enum QueryMode {

		/** The whole query string. */
		ALL,
		/** No query string. */
		NONE,
		/** Only the named parameters. */
		INCLUDE,
		/** All parameters but the named ones. */
		EXCLUDE

	}

	public KeyPolicy {
		queryParameters = Set.copyOf(queryParameters);
		headers = List.copyOf(headers);
		cookies = List.copyOf(cookies);
	}

}
