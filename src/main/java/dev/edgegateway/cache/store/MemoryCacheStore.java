package dev.edgegateway.cache.store;

import java.time.Clock;
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

	public MemoryCacheStore(long maxBytes, Clock clock) {
		this.cache = Caffeine.newBuilder()
			.maximumWeight(maxBytes)
			.weigher((String key, CachedResponse entry) -> entry.weight())
			.expireAfter(new EntryExpiry(clock))
			.ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
			.executor(Runnable::run)
			.removalListener((String key, CachedResponse entry, RemovalCause cause) -> {
				if (cause.wasEvicted()) {
					this.evictions.increment();
				}
			})
			.build();
	}

	@Override
	public Mono<CachedResponse> get(String key) {
		return Mono.justOrEmpty(this.cache.getIfPresent(key));
	}

	@Override
	public Mono<Void> put(String key, CachedResponse entry) {
		return Mono.fromRunnable(() -> this.cache.put(key, entry));
	}

	@Override
	public Mono<Boolean> remove(String key) {
		return Mono.fromSupplier(() -> this.cache.asMap().remove(key) != null);
	}

	/** Number of entries (approximate). */
	public long entries() {
		return this.cache.estimatedSize();
	}

	/** Bytes held, as weighed. */
	public long bytes() {
		return this.cache.policy().eviction().map(eviction -> eviction.weightedSize().orElse(0)).orElse(0L);
	}

	/** Entries dropped for size or expiry. */
	public long evictions() {
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
