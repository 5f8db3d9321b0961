package dev.edgegateway.edge;

import org.springframework.context.ApplicationContext;
import org.springframework.web.server.ServerWebExchange;

/**
 * Tells traffic-port exchanges from management-port ones. With a separate
 * {@code management.server.port}, Boot's management child context builds its HTTP handler with
 * the parent's WebFilters too; edge rules must not redirect or block health probes and metric
 * scrapes, so they pass any exchange handled by another application context straight through.
 */
final class TrafficPort {

	private final ApplicationContext trafficContext;

	TrafficPort(ApplicationContext trafficContext) {
		this.trafficContext = trafficContext;
	}

	/** Whether the exchange came in on the traffic port (the application context the rules live in). */
	boolean handles(ServerWebExchange exchange) {
		ApplicationContext handling = exchange.getApplicationContext();
		return handling == null || handling == this.trafficContext;
	}

}
