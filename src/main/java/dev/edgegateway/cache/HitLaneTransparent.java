package dev.edgegateway.cache;

/**
 * A traffic-port WebFilter that can tell whether, as configured, it lets every GET through
 * unchanged (an edge rule filter without rules, say). The {@link HitLane} serves HITs below
 * WebFlux, past every WebFilter: it stays off while any WebFilter is not transparent.
 */
public interface HitLaneTransparent {

	/** Whether this filter, as configured, neither answers nor changes any GET request or its response. */
	boolean transparentToGets();

}
