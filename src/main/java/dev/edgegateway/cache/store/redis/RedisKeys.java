package dev.edgegateway.cache.store.redis;

import java.util.Locale;

/**
 * The Redis key space of the shared tier, all under one prefix: entries ({@code e:<cache key>}),
 * per-host and per-tag purge indexes (sorted sets of cache keys scored by expiry), collapsing
 * locks, the purge generation counter and the purge channel.
 */
final class RedisKeys {

	private final String prefix;

	RedisKeys(String prefix) {
		this.prefix = prefix;
	}

	String entry(String cacheKey) {
		return this.prefix + "e:" + cacheKey;
	}

	String entryPattern() {
		return this.prefix + "e:*";
	}

	/** The cache key of an entry's Redis key. */
	String cacheKey(String entryKey) {
		return entryKey.substring(this.prefix.length() + 2);
	}

	String hostIndex(String host) {
		return this.prefix + "h:" + host.toLowerCase(Locale.ROOT);
	}

	String hostIndexPattern() {
		return this.prefix + "h:*";
	}

	String tagIndex(String tag) {
		return this.prefix + "t:" + tag.toLowerCase(Locale.ROOT);
	}

	String tagIndexPattern() {
		return this.prefix + "t:*";
	}

	String lock(String cacheKey) {
		return this.prefix + "l:" + cacheKey;
	}

	String generation() {
		return this.prefix + "purge-generation";
	}

	String channel() {
		return this.prefix + "purge";
	}

	/** The host of a cache key ({@code scheme://host/path?query|...}), lower case; empty without one. */
	static String hostOf(String cacheKey) {
		int start = cacheKey.indexOf("://");
		start = start < 0 ? 0 : start + 3;
		int end = start;
		while (end < cacheKey.length() && "/?|".indexOf(cacheKey.charAt(end)) < 0) {
			end++;
		}
		return cacheKey.substring(start, end).toLowerCase(Locale.ROOT);
	}

	/** The host part of a {@code host/path} purge prefix. */
	static String hostOfPrefix(String prefix) {
		int slash = prefix.indexOf('/');
		return (slash < 0 ? prefix : prefix.substring(0, slash)).toLowerCase(Locale.ROOT);
	}

}
