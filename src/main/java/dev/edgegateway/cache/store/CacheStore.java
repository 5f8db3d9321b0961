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

	/**
	 * What a fetch remembers before it asks the origin, so that storing its answer cannot undo a
	 * purge that ran meanwhile (see {@link #put(String, CachedResponse, long)}).
	 */
	default long purgeStamp() {
		return 0;
	}

	/**
	 * Stores an entry fetched since {@code purgeStamp}. A purge since then that names the entry takes
	 * it out again (a soft one marks it stale). Emits whether the entry is kept as it was given.
	 */
	default Mono<Boolean> put(String key, CachedResponse entry, long purgeStamp) {
		return put(key, entry).thenReturn(true);
	}

	/** Removes the entry under the key; emits whether one was there. */
	Mono<Boolean> remove(String key);

	/**
	 * Removes (or, for a soft purge, marks stale) every entry the request names, including the
	 * {@code Vary} variants of a purged key, without scanning the whole store.
	 */
	Mono<PurgeResult> purge(PurgeRequest request);

	/** Entries held (approximate), or -1 when the store cannot tell cheaply. */
	default long entryCount() {
		return -1;
	}

	/** Bytes held, or -1 when the store cannot tell cheaply. */
	default long sizeBytes() {
		return -1;
	}

	/** Entries evicted for size or expiry so far, or -1 when the store cannot tell. */
	default long evictionCount() {
		return -1;
	}

}
