package dev.edgegateway.cache.store.redis;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.edgegateway.cache.RequestCollapser;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The cross-replica collapsing lock: {@code SET key token NX PX ttl}, released only by its holder
 * (compare-and-delete), expiring on its own if the holder dies.
 */
class RedisCollapseLock implements RequestCollapser.ClusterLock {

	private static final RedisScript<Long> RELEASE = RedisScript.of("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
			return 0
			""", Long.class);

	private final ReactiveStringRedisTemplate redis;

	private final RedisKeys keys;

	private final Duration ttl;

	private final Duration timeout;

	private final Duration pollInterval;

	private final ConnectionGate gate;

	RedisCollapseLock(ReactiveStringRedisTemplate redis, RedisKeys keys, Duration ttl, Duration timeout,
			Duration pollInterval, ConnectionGate gate) {
		this.gate = gate;
		this.redis = redis;
		this.keys = keys;
		this.ttl = ttl;
		this.timeout = timeout;
		this.pollInterval = pollInterval;
	}

	@Override
	public Mono<String> tryLock(String key) {
		String token = UUID.randomUUID().toString();
		return this.gate.mono(() -> this.redis.opsForValue().setIfAbsent(this.keys.lock(key), token, this.ttl))
			.timeout(this.timeout)
			.filter(Boolean::booleanValue)
			.map(taken -> token);
	}

	@Override
	public Mono<Void> unlock(String key, String token) {
		return this.gate.flux(() -> this.redis.execute(RELEASE, List.of(this.keys.lock(key)), List.of(token)))
			.timeout(this.timeout)
			.then();
	}

	@Override
	public Mono<Boolean> isLocked(String key) {
		return this.gate.mono(() -> this.redis.hasKey(this.keys.lock(key))).timeout(this.timeout);
	}

	@Override
	public Duration pollInterval() {
		return this.pollInterval;
	}

}
