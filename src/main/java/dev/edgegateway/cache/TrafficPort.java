package dev.edgegateway.cache;

import org.springframework.context.ApplicationContext;
import org.springframework.web.server.ServerWebExchange;

/**
 * Tells traffic-port exchanges from management-port ones. With a separate
 * {@code management.server.port}, Boot's management child context builds its HTTP handler with
 * the parent's WebFilters too; the cache headers and edge rules must not touch health probes and
 * metric scrapes, so they pass any exchange handled by another application context straight through.
 */
public final class TrafficPort {

	private final ApplicationContext trafficContext;

	public TrafficPort(ApplicationContext trafficContext) {
		this.trafficContext = trafficContext;
	}

	/** Whether the exchange came in on the traffic port (the application context the rules live in). */
	public boolean handles(ServerWebExchange exchange) {
		ApplicationContext handling = exchange.getApplicationContext();
		return handling == null || handling == this.trafficContext;
	}

}
