package dev.edgegateway.cache;

import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Adjusts a traffic-port response's headers just before it commits, after the cache headers are
 * written (browser TTL rewriting, debug headers). Runs on the event loop: must be cheap and must
 * not throw.
 */
@FunctionalInterface
public interface CacheHeaderContributor {

	void contribute(ServerWebExchange exchange, HttpHeaders headers, CacheOutcome outcome);

	/**
	 * Whether what this contributor writes on a HIT depends only on the request and the stored
	 * entry (never on the age or the time), so the {@link HitLane} may replay it; false keeps the
	 * lane off.
	 */
	default boolean replayableOnHits() {
		return false;
	}

}
