package dev.edgegateway.cache;

import org.springframework.web.server.ServerWebExchange;

/**
 * A traffic-port WebFilter that tells the {@link HitLane} whether it may stay on. The lane serves
 * HITs below WebFlux, past every WebFilter, so it stays off while any WebFilter is neither
 * {@linkplain #transparentToGets() transparent} nor {@linkplain #decidesBySignature() decided by the
 * signature} (a WebFilter that does not implement this interface is neither).
 */
public interface HitLaneTransparent {

	/** Whether this filter, as configured, neither answers nor changes any GET request or its response. */
	default boolean transparentToGets() {
		return false;
	}

	/**
	 * Whether this filter, as configured, decides a GET from its method, target and headers alone (what
	 * the lane's signature holds), and calls {@link #notRepeatable} for every exchange it lets through
	 * after reading anything else (the client's address, a rate limiter) or with a side effect the
	 * lane would not repeat (a counter, a log line). A request it let through untouched is let through
	 * untouched again when repeated, so the lane may answer the repeat; one it answered never was a HIT.
	 */
	default boolean decidesBySignature() {
		return false;
	}

	/** Marks the exchange so that its HIT is not remembered by the lane: a repeat must go through the filters. */
	static void notRepeatable(ServerWebExchange exchange) {
		exchange.getAttributes().put(HitLane.NOT_REPEATABLE_ATTR, Boolean.TRUE);
	}

}
