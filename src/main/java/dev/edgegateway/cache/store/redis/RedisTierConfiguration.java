package dev.edgegateway.cache.store.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.edgegateway.cache.StoreFailures;
import dev.edgegateway.cache.store.CacheStore;
import dev.edgegateway.cache.store.MemoryCacheStore;
import dev.edgegateway.cache.store.PurgeRequest;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Delay;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * Wiring of the shared tier, active when {@code edge.cache.store} is {@code redis} or
 * {@code tiered}: the store, the purge channel, the cross-replica collapsing lock and the health
 * indicator, on the connection Spring Boot builds from {@code spring.data.redis.*}.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(RedisTierConfiguration.SharedStoreCondition.class)
public class RedisTierConfiguration {

	/** Fail fast while disconnected instead of queueing commands until the timeout: Redis down costs nothing. */
	@Bean
	LettuceClientOptionsBuilderCustomizer edgeFailFastClientOptions() {
		return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
	}

	/** Reconnect soon after Redis comes back, not after Lettuce's default 30s backoff. */
	@Bean
	ClientResourcesBuilderCustomizer edgeReconnectDelay(RedisStoreProperties properties) {
		return resources -> resources.reconnectDelay(Delay.exponential(Duration.ofMillis(50),
				properties.getReconnectMaxDelay(), 2, TimeUnit.MILLISECONDS));
	}

	@Bean
	RedisKeys edgeRedisKeys(RedisStoreProperties properties) {
		return new RedisKeys(properties.getKeyPrefix());
	}

	@Bean
	ConnectionGate edgeRedisConnectionGate(ReactiveRedisConnectionFactory connections,
			RedisStoreProperties properties) {
		return new ConnectionGate(connections, properties.getReconnectMaxDelay());
	}

	@Bean
	PurgeChannel purgeChannel(ReactiveRedisConnectionFactory connections, RedisKeys keys,
			RedisStoreProperties properties, StoreFailures failures, ConnectionGate gate) {
		return new PurgeChannel(new ReactiveStringRedisTemplate(connections), keys, properties.getTimeout(),
				properties.getGenerationCheckInterval(), failures, gate);
	}

	@Bean
	RedisCollapseLock redisCollapseLock(ReactiveRedisConnectionFactory connections, RedisKeys keys,
			RedisStoreProperties properties, ConnectionGate gate) {
		return new RedisCollapseLock(new ReactiveStringRedisTemplate(connections), keys, properties.getLockTtl(),
				properties.getTimeout(), properties.getLockPollInterval(), gate);
	}

	@Bean
	@ConditionalOnProperty(prefix = "edge.cache", name = "store", havingValue = "redis")
	RedisCacheStore redisCacheStore(ReactiveRedisConnectionFactory connections, RedisKeys keys,
			RedisStoreProperties properties, PurgeChannel channel, StoreFailures failures, Clock clock,
			ConnectionGate gate) {
		RedisCacheStore store = sharedStore(connections, keys, properties, channel, failures, clock, gate);
		// no local tier to purge: other replicas' purges only fence the fetches under way here
		channel.listen(store::applyRemote,
				() -> store.applyRemote(new PurgeRequest(PurgeRequest.Kind.EVERYTHING, List.of(), false)));
		return store;
	}

	@Bean
	@ConditionalOnProperty(prefix = "edge.cache", name = "store", havingValue = "tiered")
	TieredCacheStore tieredCacheStore(ReactiveRedisConnectionFactory connections, RedisKeys keys,
			RedisStoreProperties properties, TieredStoreProperties tiered, PurgeChannel channel,
			StoreFailures failures, Clock clock, ConnectionGate gate) {
		MemoryCacheStore l1 = new MemoryCacheStore(tiered.getL1MaxSize().toBytes(), clock);
		RedisCacheStore l2 = sharedStore(connections, keys, properties, channel, failures, clock, gate);
		TieredCacheStore store = new TieredCacheStore(l1, l2, channel, failures, clock,
				properties.getMaxPendingWrites());
		channel.listen(store::applyRemote, store::clearLocal);
		return store;
	}

	@Bean
	SharedTierHealthIndicator sharedTierHealthIndicator(CacheStore store, PurgeChannel channel,
			StoreFailures failures) {
		RedisCacheStore shared = store instanceof TieredCacheStore tiered ? tiered.shared() : (RedisCacheStore) store;
		return new SharedTierHealthIndicator(shared, channel, failures);
	}

	private static RedisCacheStore sharedStore(ReactiveRedisConnectionFactory connections, RedisKeys keys,
			RedisStoreProperties properties, PurgeChannel channel, StoreFailures failures, Clock clock,
			ConnectionGate gate) {
		RedisSerializationContext<String, byte[]> context = RedisSerializationContext
			.<String, byte[]>newSerializationContext()
			.key(RedisSerializer.string())
			.value(RedisSerializer.byteArray())
			.hashKey(RedisSerializer.string())
			.hashValue(RedisSerializer.byteArray())
			.string(RedisSerializer.string())
			.build();
		return new RedisCacheStore(new ReactiveRedisTemplate<>(connections, context),
				new ReactiveStringRedisTemplate(connections), keys, clock, properties.getTimeout(), channel, failures, gate);
	}

	/** {@code edge.cache.store} is {@code redis} or {@code tiered}. */
	static final class SharedStoreCondition extends AnyNestedCondition {

		SharedStoreCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty(prefix = "edge.cache", name = "store", havingValue = "redis")
		static final class Redis {

		}

		@ConditionalOnProperty(prefix = "edge.cache", name = "store", havingValue = "tiered")
		static final class Tiered {

		}

	}

}
