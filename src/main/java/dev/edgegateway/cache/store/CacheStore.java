package dev.edgegateway.cache.store;

import reactor.core.publisher.Mono;

/**
 * A reactive key-value store of {@link CachedResponse}s. Implementations never block the calling
 * thread; a failing store signals an error, which the cache treats as a miss (fail-open).
 */
public interface CacheStore {

	/** The entry under the key, or empty. */
	Mono<CachedResponse> get(String key);

	/** Stores the entry under the key, replacing any previous one. */
	Mono<Void> put(String key, CachedResponse entry);

	/** Removes the entry under the key; emits whether one was there. */
	Mono<Boolean> remove(String key);

}
