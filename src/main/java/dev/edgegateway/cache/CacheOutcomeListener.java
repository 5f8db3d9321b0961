package dev.edgegateway.cache;

import org.springframework.web.server.ServerWebExchange;

/**
 * Told once per traffic-port exchange, when it ends (completed, failed or cancelled), what the
 * cache did. Metrics and the access log implement it. Must not block and must not throw.
 */
@FunctionalInterface
public interface CacheOutcomeListener {

	void exchangeCompleted(ServerWebExchange exchange, CacheOutcome outcome);

}
