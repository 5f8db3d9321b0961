package dev.edgegateway.cache.store;

import java.util.List;

/**
 * What to take out of the store. Keys, prefixes and hosts are in the store's key space:
 * {@code KEYS} are primary keys ({@code scheme://host/path?query}, as built by the cache),
 * {@code PREFIXES} are {@code host/path} prefixes matched against keys without their scheme
 * (whatever the query), {@code HOSTS} are hosts as clients send them, {@code TAGS} are
 * {@code Cache-Tag} values (case-insensitive).
 *
 * @param kind what the values name
 * @param values the keys, prefixes, hosts or tags (empty for {@link Kind#EVERYTHING})
 * @param soft mark matching entries stale (the next request revalidates) instead of deleting them
 */
public record PurgeRequest(Kind kind, List<String> values, boolean soft) {

	public PurgeRequest {
		values = List.copyOf(values);
	}

	/** The purge kinds of the Cloudflare API. */
	public enum Kind {

		KEYS, PREFIXES, HOSTS, TAGS, EVERYTHING

	}

}
