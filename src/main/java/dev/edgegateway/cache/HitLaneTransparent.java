package dev.edgegateway.cache;

/**
 * A traffic-port WebFilter that can tell whether, as configured, it lets every GET through
 * unchanged, or does to it only what the lane does too (the cache's own filters). The
 * {@link HitLane} serves HITs below WebFlux, past every WebFilter: it stays off while any
 * WebFilter is not transparent (an edge rule filter, registered only when it has rules).
 */
public interface HitLaneTransparent {

	/** Whether this filter, as configured, neither answers nor changes any GET request or its response. */
	boolean transparentToGets();

}
