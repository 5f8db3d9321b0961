package dev.edgegateway.cache.store.redis;

import java.time.Duration;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

import static dev.edgegateway.cache.EdgeCacheProperties.require;

/**
 * The {@code edge.cache.redis.*} settings of the shared tier ({@code edge.cache.store: redis} or
 * {@code tiered}). The connection itself (URL, Sentinel, Cluster, TLS, password) is configured with
 * the usual {@code spring.data.redis.*} properties.
 */
@ConfigurationProperties("edge.cache.redis")
public class RedisStoreProperties implements InitializingBean {

	/** Prefix of every key and channel the gateway uses, so several gateways can share one Redis. */
	private String keyPrefix = "edge-gateway:";

	/** Longest a Redis call may take before the gateway gives up on it and carries on without Redis. */
	private Duration timeout = Duration.ofMillis(250);

	/** How often each replica compares its last applied purge generation with the one in Redis. */
	private Duration generationCheckInterval = Duration.ofSeconds(1);

	/** How long the cross-replica collapsing lock of a key lives when its holder never releases it. */
	private Duration lockTtl = Duration.ofSeconds(5);

	/** How often a replica waiting on another replica's origin fetch looks for the stored entry. */
	private Duration lockPollInterval = Duration.ofMillis(50);

	/** Longest delay between two reconnection attempts after Redis went away. */
	private Duration reconnectMaxDelay = Duration.ofSeconds(2);

	/** Most shared-tier writes in flight at once; further writes are skipped (and counted). */
	private int maxPendingWrites = 1024;

	@Override
	public void afterPropertiesSet() {
		require(!this.keyPrefix.isEmpty(), "edge.cache.redis.key-prefix", "must not be empty");
		require(this.timeout.toMillis() > 0, "edge.cache.redis.timeout", "must be positive");
		require(this.generationCheckInterval.toMillis() > 0, "edge.cache.redis.generation-check-interval",
				"must be positive");
		require(this.lockTtl.toMillis() > 0, "edge.cache.redis.lock-ttl", "must be positive");
		require(this.lockPollInterval.toMillis() > 0, "edge.cache.redis.lock-poll-interval", "must be positive");
		require(this.reconnectMaxDelay.toMillis() > 0, "edge.cache.redis.reconnect-max-delay", "must be positive");
		require(this.maxPendingWrites > 0, "edge.cache.redis.max-pending-writes", "must be positive");
	}

	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	public void setKeyPrefix(String keyPrefix) {
		this.keyPrefix = keyPrefix;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public Duration getGenerationCheckInterval() {
		return this.generationCheckInterval;
	}

	public void setGenerationCheckInterval(Duration generationCheckInterval) {
		this.generationCheckInterval = generationCheckInterval;
	}

	public Duration getLockTtl() {
		return this.lockTtl;
	}

	public void setLockTtl(Duration lockTtl) {
		this.lockTtl = lockTtl;
	}

	public Duration getLockPollInterval() {
		return this.lockPollInterval;
	}

	public void setLockPollInterval(Duration lockPollInterval) {
		this.lockPollInterval = lockPollInterval;
	}

	public Duration getReconnectMaxDelay() {
		return this.reconnectMaxDelay;
	}

	public void setReconnectMaxDelay(Duration reconnectMaxDelay) {
		this.reconnectMaxDelay = reconnectMaxDelay;
	}

	public int getMaxPendingWrites() {
		return this.maxPendingWrites;
	}

	public void setMaxPendingWrites(int maxPendingWrites) {
		this.maxPendingWrites = maxPendingWrites;
	}

}
