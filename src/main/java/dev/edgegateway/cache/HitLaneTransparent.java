package dev.edgegateway.cache;

import org.springframework.web.server.ServerWebExchange;

/**
 * A traffic-port WebFilter that tells the {@link HitLane} whether it may stay on. The lane serves
 * HITs below WebFlux, past every WebFilter, so it stays off while any WebFilter cannot
 * {@linkplain #letsLaneRepeat() let it repeat} a GET (a WebFilter that does not implement this
 * interface cannot).
 */
public interface HitLaneTransparent {

	/**
	 * Whether, as configured, the lane may answer the repeat of a GET this filter let through without
	 * {@link #notRepeatable}: the filter does to a GET only what the lane does too, or decides it from
	 * its method, target and headers alone (what the lane's signature holds) and marks every exchange
	 * it lets through after reading anything else (the client's address, a rate limiter) or with a
	 * side effect the lane would not repeat (a counter, a log line). A request it answered never was a
	 * HIT.
	 */
	boolean letsLaneRepeat();

	/** Marks the exchange so that its HIT is not remembered by the lane: a repeat must go through the filters. */
	static void notRepeatable(ServerWebExchange exchange) {
		exchange.getAttributes().put(HitLane.NOT_REPEATABLE_ATTR, Boolean.TRUE);
	}

}
