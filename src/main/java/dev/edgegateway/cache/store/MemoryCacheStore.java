package dev.edgegateway.cache.store;

import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import reactor.core.publisher.Mono;

/**
 * The in-process store on Caffeine: bounded in bytes by a weigher ({@link CachedResponse#weight()}),
 * each entry dropped at its own {@link CachedResponse#expiresAt()}. Time comes from the injected
 * {@link Clock}, so tests move it instead of sleeping.
 */
public class MemoryCacheStore implements CacheStore {

	private final Cache<String, CachedResponse> cache;

	private final LongAdder evictions = new LongAdder();

	private final PurgeIndex index = new PurgeIndex();

	private final PurgeFence fence = new PurgeFence();

	public MemoryCacheStore(long maxBytes, Clock clock) {
		this.cache = Caffeine.newBuilder()
			.maximumWeight(maxBytes)
			.weigher((String key, CachedResponse entry) -> entry.weight())
			.expireAfter(new EntryExpiry(clock))
			.ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
			.executor(Runnable::run)
			.removalListener((String key, CachedResponse entry, RemovalCause cause) -> removed(key, entry, cause))
			.build();
	}

	@Override
	public Mono<CachedResponse> get(String key) {
		return Mono.justOrEmpty(this.cache.getIfPresent(key));
	}

	/** The entry stored under a key, or null, without a reactive wrapper (for the HIT lane). */
	public CachedResponse getIfPresent(String key) {
		return this.cache.getIfPresent(key);
	}

	@Override
	public Mono<Void> put(String key, CachedResponse entry) {
		return Mono.fromRunnable(() -> store(key, entry));
	}

	private void store(String key, CachedResponse entry) {
		this.index.add(key, entry.tags());
		this.cache.put(key, entry);
	}

	@Override
	public long purgeStamp() {
		return this.fence.stamp();
	}

	@Override
	public Mono<Boolean> put(String key, CachedResponse entry, long purgeStamp) {
		return Mono.fromSupplier(() -> {
			store(key, entry);
			return switch (this.fence.since(purgeStamp, key, entry.tags())) {
				case NONE -> true;
				case SOFT -> {
					this.cache.asMap().computeIfPresent(key, (k, held) -> held == entry ? held.markedStale() : held);
					yield false;
				}
				case HARD -> {
					this.cache.asMap().remove(key, entry);
					yield false;
				}
			};
		});
	}

	/** What the purges since {@code purgeStamp} did to an entry stored under {@code key} (see {@link PurgeFence}). */
	public PurgeFence.Verdict purgedSince(long purgeStamp, String key, Set<String> tags) {
		return this.fence.since(purgeStamp, key, tags);
	}

	private void removed(String key, CachedResponse entry, RemovalCause cause) {
		if (cause.wasEvicted()) {
			this.evictions.increment();
		}
		if (entry == null) {
			return;
		}
		// a replaced entry's key stays indexed with the tags of the entry that replaced it
		CachedResponse current = this.cache.asMap().get(key);
		this.index.remove(key, entry.tags(), current != null ? current.tags() : null);
	}

	@Override
	public Mono<PurgeResult> purge(PurgeRequest request) {
		return Mono.fromSupplier(() -> new PurgeResult(purgeNow(request), 0));
	}

	private long purgeNow(PurgeRequest request) {
		this.fence.purging(request);
		if (request.kind() == PurgeRequest.Kind.EVERYTHING) {
			long count = this.cache.estimatedSize();
			if (request.soft()) {
				return markStale(List.copyOf(this.cache.asMap().keySet()));
			}
			this.cache.invalidateAll();
			this.index.clear();
			return count;
		}
		Set<String> keys = new LinkedHashSet<>();
		for (String value : request.values()) {
			switch (request.kind()) {
				case KEYS -> keys.addAll(this.index.keyAndVariants(value));
				case PREFIXES -> keys.addAll(this.index.keysWithPrefix(value));
				case HOSTS -> keys.addAll(this.index.keysOfHost(value));
				case TAGS -> keys.addAll(this.index.keysWithTag(value));
				default -> {
				}
			}
		}
		if (request.soft()) {
			return markStale(keys);
		}
		long count = 0;
		for (String key : keys) {
			if (this.cache.asMap().remove(key) != null) {
				count++;
			}
		}
		return count;
	}

	private long markStale(Collection<String> keys) {
		long count = 0;
		for (String key : keys) {
			if (this.cache.asMap().computeIfPresent(key, (k, entry) -> entry.markedStale()) != null) {
				count++;
			}
		}
		return count;
	}

	/** The purge indexes (for their size). */
	public PurgeIndex index() {
		return this.index;
	}

	@Override
	public Mono<Boolean> remove(String key) {
		return Mono.fromSupplier(() -> this.cache.asMap().remove(key) != null);
	}

	@Override
	public long entryCount() {
		return this.cache.estimatedSize();
	}

	@Override
	public long sizeBytes() {
		return this.cache.policy().eviction().map(eviction -> eviction.weightedSize().orElse(0)).orElse(0L);
	}

	@Override
	public long evictionCount() {
		return this.evictions.sum();
	}

	/** Runs pending maintenance (evictions, expirations) now. */
	public void cleanUp() {
		this.cache.cleanUp();
	}

	private static final class EntryExpiry implements Expiry<String, CachedResponse> {

		private final Clock clock;

		EntryExpiry(Clock clock) {
			this.clock = clock;
		}

		private long remaining(CachedResponse entry) {
			return TimeUnit.MILLISECONDS.toNanos(Math.max(0, entry.expiresAt() - this.clock.millis()));
		}

		@Override
		public long expireAfterCreate(String key, CachedResponse entry, long currentTime) {
			return remaining(entry);
		}

		@Override
		public long expireAfterUpdate(String key, CachedResponse entry, long currentTime, long currentDuration) {
			return remaining(entry);
		}

		@Override
		public long expireAfterRead(String key, CachedResponse entry, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}
