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

}
