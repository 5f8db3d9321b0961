package dev.edgegateway.cache;

import dev.edgegateway.cache.store.CachedResponse;

/**
 * What a store lookup found for a request: the entry that matches it (or null) and, when the
 * key's responses vary, the {@code Vary} marker (or null).
 */
record Lookup(String primaryKey, CachedResponse entry, CachedResponse marker) {

	static Lookup miss(String primaryKey) {
		return new Lookup(primaryKey, null, null);
	}

}
