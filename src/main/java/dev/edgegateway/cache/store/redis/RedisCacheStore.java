package dev.edgegateway.cache.store.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import dev.edgegateway.cache.StoreFailures;
import dev.edgegateway.cache.store.CacheStore;
import dev.edgegateway.cache.store.CachedResponse;
import dev.edgegateway.cache.store.PurgeFence;
import dev.edgegateway.cache.store.PurgeIndex;
import dev.edgegateway.cache.store.PurgeRequest;
import dev.edgegateway.cache.store.PurgeResult;
import dev.edgegateway.cache.store.redis.EntryCodec.UnreadableEntryException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The shared store on Redis: each entry in the {@link EntryCodec} format under its own key, with a
 * Redis TTL of the entry's {@link CachedResponse#expiresAt()}; purge indexes per host and per tag
 * as sorted sets of cache keys scored by expiry (members whose entries expired are pruned on every
 * write, and the index key expires with its last member). Every call is bounded by a timeout and
 * fails as a Mono error, so the cache falls back to the origin (fail-open).
 *
 * <p>Every command touches one key, so the store also runs on Redis Cluster.
 */
public class RedisCacheStore implements CacheStore {

	/** Adds a member to an index, prunes expired members and keeps the index key as long as its last member. */
	private static final RedisScript<Long> INDEX = RedisScript.of("""
			redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
			redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[3])
			local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
			local ttl = math.max(1000, tonumber(last[2]) - tonumber(ARGV[3]) + 60000)
			redis.call('PEXPIRE', KEYS[1], math.floor(ttl))
			return 1
			""", Long.class);

	private static final int PURGE_CONCURRENCY = 16;

	private final ReactiveRedisTemplate<String, byte[]> entries;

	private final ReactiveStringRedisTemplate strings;

	private final RedisKeys keys;

	private final Clock clock;

	private final Duration timeout;

	private final PurgeChannel channel;

	private final StoreFailures failures;

	private final ConnectionGate gate;

	private final LongAdder unreadable = new LongAdder();

	private final PurgeFence fence = new PurgeFence();

	RedisCacheStore(ReactiveRedisTemplate<String, byte[]> entries, ReactiveStringRedisTemplate strings,
			RedisKeys keys, Clock clock, Duration timeout, PurgeChannel channel, StoreFailures failures,
			ConnectionGate gate) {
		this.gate = gate;
		this.entries = entries;
		this.strings = strings;
		this.keys = keys;
		this.clock = clock;
		this.timeout = timeout;
		this.channel = channel;
		this.failures = failures;
	}

	@Override
	public Mono<CachedResponse> get(String key) {
		return timed(this.entries.opsForValue().get(this.keys.entry(key))).flatMap(bytes -> decoded(key, bytes));
	}

	/** An entry read back, or empty (and counted) when it is of another format, garbage, or not this key's. */
	private Mono<CachedResponse> decoded(String key, byte[] bytes) {
		CachedResponse entry;
		try {
			entry = EntryCodec.decode(bytes);
			if (!entry.key().equals(key)) {
				throw new UnreadableEntryException("entry of " + entry.key() + " stored under " + key);
			}
		}
		catch (UnreadableEntryException ex) {
			this.unreadable.increment();
			this.failures.record("read (unreadable shared entry treated as a miss)", ex);
			if (!ex.isNewer()) {
				// a newer format belongs to a replica of the next version during a rolling upgrade: leave it
				timed(this.entries.delete(this.keys.entry(key))).subscribe(null, error -> {
				});
			}
			return Mono.empty();
		}
		return entry.expiresAt() > this.clock.millis() ? Mono.just(entry) : Mono.empty();
	}

	@Override
	public Mono<Void> put(String key, CachedResponse entry) {
		long now = this.clock.millis();
		long ttl = entry.expiresAt() - now;
		if (ttl <= 0) {
			return Mono.empty();
		}
		Mono<Boolean> set = this.entries.opsForValue().set(this.keys.entry(key), EntryCodec.encode(entry),
				Duration.ofMillis(ttl));
		Flux<Long> indexes = Flux.concat(index(this.keys.hostIndex(RedisKeys.hostOf(key)), key, entry, now),
				Flux.fromIterable(entry.tags()).concatMap(tag -> index(this.keys.tagIndex(tag), key, entry, now)));
		return timed(set.thenMany(indexes).then());
	}

	private Flux<Long> index(String indexKey, String key, CachedResponse entry, long now) {
		return this.strings.execute(INDEX, List.of(indexKey),
				List.of(key, Long.toString(entry.expiresAt()), Long.toString(now)));
	}

	@Override
	public Mono<Boolean> remove(String key) {
		return timed(this.entries.delete(this.keys.entry(key))).map(count -> count > 0);
	}

	/** Purges the shared tier, then tells the other replicas (which fence their fetches under way). */
	@Override
	public Mono<PurgeResult> purge(PurgeRequest request) {
		return Mono.defer(() -> {
			this.fence.purging(request);
			return this.channel.purge(request, purgeShared(request));
		});
	}

	/**
	 * Counts another replica's purge for the fetches under way here (the store alone, without a
	 * local tier); a purge of everything when purges may have been missed.
	 */
	void applyRemote(PurgeRequest request) {
		this.fence.purging(request);
	}

	@Override
	public long purgeStamp() {
		return this.fence.stamp();
	}

	/**
	 * As {@link #put(String, CachedResponse)}, then takes the entry out again when a purge this
	 * replica ran or heard of since {@code purgeStamp} names it (after a soft one too: the next
	 * request is a MISS rather than a revalidation), or when another replica's purge may have.
	 */
	@Override
	public Mono<Boolean> put(String key, CachedResponse entry, long purgeStamp) {
		return put(key, entry, () -> this.fence.since(purgeStamp, key, entry.tags()) == PurgeFence.Verdict.NONE);
	}

	/**
	 * Puts the entry, then keeps it only when no purge since its fetch began may name it. After the
	 * put the purge generation in Redis is read: a purge counted there that this replica has not
	 * applied yet (another replica's, its message still on the way) might, so the entry is taken out
	 * again; the purges applied here are asked through {@code unpurged}. A purge is counted in Redis
	 * before it looks for entries, so either it finds this entry or this put finds the purge.
	 * Emits whether the entry is kept.
	 */
	Mono<Boolean> put(String key, CachedResponse entry, BooleanSupplier unpurged) {
		return put(key, entry).then(this.channel.allApplied()).flatMap(allApplied -> {
			if (allApplied && unpurged.getAsBoolean()) {
				return Mono.just(true);
			}
			return remove(key).thenReturn(false);
		});
	}

	/** Purges the entries the request names from Redis; emits how many were removed or marked stale. */
	Mono<Long> purgeShared(PurgeRequest request) {
		long now = this.clock.millis();
		Flux<String> cacheKeys = switch (request.kind()) {
			case EVERYTHING -> scan(this.keys.entryPattern()).map(this.keys::cacheKey);
			case TAGS -> Flux.fromIterable(request.values())
				.concatMap(tag -> liveMembers(this.keys.tagIndex(tag), now));
			case HOSTS -> Flux.fromIterable(request.values())
				.concatMap(host -> liveMembers(this.keys.hostIndex(host), now));
			case PREFIXES -> Flux.fromIterable(request.values())
				.concatMap(prefix -> matching(this.keys.hostIndex(RedisKeys.hostOfPrefix(prefix)), now,
						index -> index.keysWithPrefix(prefix)));
			case KEYS -> Flux.fromIterable(request.values())
				.concatMap(key -> matching(this.keys.hostIndex(RedisKeys.hostOf(key)), now,
						index -> index.keyAndVariants(key)));
		};
		Mono<Long> purged = cacheKeys.distinct()
			.flatMap(key -> request.soft() ? markStale(key, now) : remove(key), PURGE_CONCURRENCY)
			.filter(Boolean::booleanValue)
			.count();
		if (request.soft()) {
			return purged;
		}
		return purged.flatMap(count -> dropIndexes(request).thenReturn(count));
	}

	/** Cache keys of an index whose entries have not expired. */
	private Flux<String> liveMembers(String indexKey, long now) {
		return this.gate
			.flux(() -> this.strings.opsForZSet()
				.rangeByScore(indexKey, Range.rightUnbounded(Range.Bound.inclusive((double) now))))
			.timeout(this.timeout)
			.doOnError(error -> this.channel.suspect());
	}

	/** Members of a host index that a {@link PurgeIndex} query selects (prefix and variant matching). */
	private Flux<String> matching(String indexKey, long now, Function<PurgeIndex, Collection<String>> query) {
		return liveMembers(indexKey, now).collectList().flatMapIterable(members -> {
			PurgeIndex index = new PurgeIndex();
			members.forEach(member -> index.add(member, Set.of()));
			return query.apply(index);
		});
	}

	/** After a hard purge by tag, host or everything, the indexes that named the purged keys go too. */
	private Mono<Void> dropIndexes(PurgeRequest request) {
		Flux<String> indexKeys = switch (request.kind()) {
			case TAGS -> Flux.fromIterable(request.values()).map(this.keys::tagIndex);
			case HOSTS -> Flux.fromIterable(request.values()).map(this.keys::hostIndex);
			case EVERYTHING -> Flux.concat(scan(this.keys.hostIndexPattern()), scan(this.keys.tagIndexPattern()));
			default -> Flux.empty();
		};
		return indexKeys.flatMap(indexKey -> timed(this.strings.delete(indexKey)), PURGE_CONCURRENCY).then();
	}

	private Flux<String> scan(String pattern) {
		return this.gate.flux(() -> this.strings.scan(ScanOptions.scanOptions().match(pattern).count(500).build()))
			.timeout(this.timeout)
			.doOnError(error -> this.channel.suspect());
	}

	/** Soft purge: the entry stays, marked stale, so the next request revalidates it. */
	private Mono<Boolean> markStale(String key, long now) {
		return get(key).flatMap(entry -> {
			long ttl = entry.expiresAt() - now;
			if (ttl <= 0) {
				return Mono.just(false);
			}
			return timed(this.entries.opsForValue().set(this.keys.entry(key), EntryCodec.encode(entry.markedStale()),
					Duration.ofMillis(ttl)));
		}).defaultIfEmpty(false);
	}

	/** Entries read from Redis that were of an unknown format or unreadable (treated as misses). */
	public long unreadableCount() {
		return this.unreadable.sum();
	}

	/** Answers PONG, within the timeout. */
	Mono<String> ping() {
		return timed(this.strings.execute(connection -> connection.ping()).next());
	}

	private <T> Mono<T> timed(Mono<T> call) {
		return this.gate.mono(() -> call).timeout(this.timeout).doOnError(error -> this.channel.suspect());
	}

}
