package dev.edgegateway.cache;

import org.springframework.web.server.ServerWebExchange;

/**
 * Told once per traffic-port exchange, when it ends (completed, failed or cancelled), what the
 * cache did. Metrics and the access log implement it. Must not block and must not throw.
 */
@FunctionalInterface
public interface CacheOutcomeListener {

	void exchangeCompleted(ServerWebExchange exchange, CacheOutcome outcome);

	/**
	 * Whether this listener can count HITs the {@link HitLane} serves, for which no exchange
	 * exists; false (the default) keeps the lane off.
	 */
	default boolean countsLaneHits() {
		return false;
	}

	/** Counts one HIT the {@link HitLane} served on a route, with its body bytes. */
	default void laneHit(String routeId, long bytes) {
	}

}
