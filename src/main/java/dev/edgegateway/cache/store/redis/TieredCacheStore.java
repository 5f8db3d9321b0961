package dev.edgegateway.cache.store.redis;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import dev.edgegateway.cache.StoreFailures;
import dev.edgegateway.cache.store.CacheStore;
import dev.edgegateway.cache.store.CachedResponse;
import dev.edgegateway.cache.store.MemoryCacheStore;
import dev.edgegateway.cache.store.PurgeFence;
import dev.edgegateway.cache.store.PurgeRequest;
import dev.edgegateway.cache.store.PurgeResult;
import reactor.core.publisher.Mono;

/**
 * A small per-replica L1 ({@link MemoryCacheStore}) in front of the shared Redis L2. A read that
 * misses L1 and hits L2 fills L1 (the entry keeps its own expiry, so L1 holds it for the remaining
 * TTL) and returns the {@linkplain CachedResponse#asSharedTierFill() shared-tier fill} copy, served
 * as a HIT without {@code Age}. A write completes when L1 has the entry; the L2 write is fired
 * behind it, bounded, its errors counted, never delaying the client. Purges and invalidations reach
 * the other replicas' L1 through the {@link PurgeChannel}, and after a Redis failure L1 is only
 * served again once the purge generation was checked (or Redis is still away).
 */
public class TieredCacheStore implements CacheStore {

	private final MemoryCacheStore l1;

	private final RedisCacheStore l2;

	private final PurgeChannel channel;

	private final StoreFailures failures;

	private final Clock clock;

	private final int maxPendingWrites;

	private final AtomicInteger pendingWrites = new AtomicInteger();

	private final LongAdder skippedWrites = new LongAdder();

	TieredCacheStore(MemoryCacheStore l1, RedisCacheStore l2, PurgeChannel channel, StoreFailures failures,
			Clock clock, int maxPendingWrites) {
		this.l1 = l1;
		this.l2 = l2;
		this.channel = channel;
		this.failures = failures;
		this.clock = clock;
		this.maxPendingWrites = maxPendingWrites;
	}

	@Override
	public Mono<CachedResponse> get(String key) {
		return this.channel.verified()
			.then(Mono.defer(() -> this.l1.get(key)))
			.switchIfEmpty(Mono.defer(() -> {
				long stamp = this.l1.purgeStamp();
				return this.l2.get(key).flatMap(entry -> fill(entry, stamp));
			}));
	}

	/**
	 * Keeps an L2 entry in L1 and returns the copy that tells the responder it came from the shared
	 * tier; empty when a purge named the entry while it was read.
	 */
	private Mono<CachedResponse> fill(CachedResponse entry, long stamp) {
		return this.l1.put(entry.key(), entry, stamp).filter(Boolean::booleanValue).map(kept -> {
			long age = entry.currentAge(this.clock.millis());
			boolean fresh = age < entry.lifetime() && !entry.revalidateAlways();
			// only a HIT goes without Age (DESIGN.md §2); stale serving keeps its Age
			return fresh ? entry.asSharedTierFill() : entry;
		});
	}

	@Override
	public Mono<Void> put(String key, CachedResponse entry) {
		return this.l1.put(key, entry).then(Mono.fromRunnable(() -> writeBehind(this.l2.put(key, entry))));
	}

	@Override
	public long purgeStamp() {
		return this.l1.purgeStamp();
	}

	/**
	 * As {@link #put(String, CachedResponse)}; an entry a purge took out of L1 again is not written to
	 * L2, and one that a purge since {@code purgeStamp} names by the time it is in L2 is taken out of
	 * L2 again (see {@link RedisCacheStore#put(String, CachedResponse, java.util.function.BooleanSupplier)}).
	 */
	@Override
	public Mono<Boolean> put(String key, CachedResponse entry, long purgeStamp) {
		return this.l1.put(key, entry, purgeStamp).doOnNext(kept -> {
			if (kept) {
				writeBehind(this.l2.put(key, entry,
						() -> this.l1.purgedSince(purgeStamp, key, entry.tags()) == PurgeFence.Verdict.NONE));
			}
		});
	}

	private void writeBehind(Mono<?> write) {
		if (this.pendingWrites.incrementAndGet() > this.maxPendingWrites) {
			this.pendingWrites.decrementAndGet();
			this.skippedWrites.increment();
			this.failures.record("shared-tier put", new IllegalStateException(
					"more than " + this.maxPendingWrites + " shared-tier writes pending; write skipped"));
			return;
		}
		write
			.doFinally(signal -> this.pendingWrites.decrementAndGet())
			.subscribe(null, error -> this.failures.record("shared-tier put", error));
	}

	@Override
	public Mono<Boolean> remove(String key) {
		return this.l1.remove(key)
			.flatMap(local -> this.l2.remove(key)
				.flatMap(shared -> this.channel.invalidate(key).thenReturn(local || shared)));
	}

	/** Purges L1 first (it is served even while Redis is away), then Redis, then the other replicas. */
	@Override
	public Mono<PurgeResult> purge(PurgeRequest request) {
		return this.l1.purge(request)
			.flatMap(local -> this.channel.purge(request, this.l2.purgeShared(request))
				.map(shared -> new PurgeResult(Math.max(local.entries(), shared.entries()), shared.replicas())));
	}

	/** Applies another replica's purge (or invalidation) to L1. */
	void applyRemote(PurgeRequest request) {
		this.l1.purge(request).subscribe(null, error -> this.failures.record("local purge", error));
	}

	/** Drops all of L1: purges may have been missed. */
	void clearLocal() {
		applyRemote(new PurgeRequest(PurgeRequest.Kind.EVERYTHING, List.of(), false));
	}

	/** Entries in this replica's L1. */
	@Override
	public long entryCount() {
		return this.l1.entryCount();
	}

	/** Bytes in this replica's L1. */
	@Override
	public long sizeBytes() {
		return this.l1.sizeBytes();
	}

	/** Entries evicted from this replica's L1. */
	@Override
	public long evictionCount() {
		return this.l1.evictionCount();
	}

	/** Shared-tier writes under way. */
	public int pendingWriteCount() {
		return this.pendingWrites.get();
	}

	/** Shared-tier writes skipped because too many were pending. */
	public long skippedWriteCount() {
		return this.skippedWrites.sum();
	}

	/** The shared tier. */
	public RedisCacheStore shared() {
		return this.l2;
	}

}
