package dev.edgegateway.cache.store.redis;

import dev.edgegateway.cache.StoreFailures;
import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.core.NestedExceptionUtils;

/**
 * Health of the shared Redis tier. Redis being away degrades the cache (L1 and origin only), it
 * does not break the gateway: the status is then {@code DEGRADED}, which is ordered between
 * {@code DOWN} and {@code UP} and answered with HTTP 200, never {@code DOWN} (the liveness and
 * readiness groups do not include it).
 */
public class SharedTierHealthIndicator implements ReactiveHealthIndicator {

	/** The status of a gateway that answers without its shared tier. */
	public static final Status DEGRADED = new Status("DEGRADED", "Redis unreachable: serving from L1 and origin");

	private final RedisCacheStore store;

	private final PurgeChannel channel;

	private final StoreFailures failures;

	SharedTierHealthIndicator(RedisCacheStore store, PurgeChannel channel, StoreFailures failures) {
		this.store = store;
		this.channel = channel;
		this.failures = failures;
	}

	@Override
	public Mono<Health> health() {
		return this.store.ping()
			.map(pong -> details(Health.up()).build())
			.onErrorResume(error -> Mono.just(details(Health.status(DEGRADED)).withDetail("error",
					NestedExceptionUtils.getMostSpecificCause(error).toString()).build()));
	}

	private Health.Builder details(Health.Builder health) {
		return health.withDetail("purgeGeneration", this.channel.lastAppliedGeneration())
			.withDetail("purgeSubscribed", this.channel.isSubscribed())
			.withDetail("storeFailures", this.failures.count())
			.withDetail("unreadableEntries", this.store.unreadableCount());
	}

}
