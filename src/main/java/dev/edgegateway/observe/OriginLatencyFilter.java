package dev.edgegateway.observe;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;

/**
 * Times the origin round trip of every forwarded request (misses, revalidations, bypassed and
 * dynamic requests, background refreshes) as {@code edge.cache.origin.latency} by {@code route}
 * and {@code outcome} ({@code response}, {@code error} or {@code cancelled}): from handing the request to the routing
 * filter until the origin's status and headers arrived (the routing filter completes then; the
 * body streams afterwards).
 */
public class OriginLatencyFilter implements GlobalFilter, Ordered {

	/** Right before the routing filter, so only the origin round trip is timed. */
	public static final int ORDER = NettyRoutingFilter.ORDER - 1;

	private static final String[] OUTCOMES = { "response", "error", "cancelled" };

	private static final int RESPONSE = 0;

	private static final int ERROR = 1;

	private static final int CANCELLED = 2;

	private final MeterRegistry registry;

	private final Map<String, Timer[]> timers = new ConcurrentHashMap<>();

	public OriginLatencyFilter(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		URI target = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
		String scheme = target != null ? target.getScheme() : null;
		if (!"http".equals(scheme) && !"https".equals(scheme)) {
			return chain.filter(exchange);
		}
		long start = System.nanoTime();
		return chain.filter(exchange).doFinally(signal -> record(exchange, signal, System.nanoTime() - start));
	}

	private void record(ServerWebExchange exchange, SignalType signal, long nanos) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		String routeId = route != null ? route.getId() : CacheStatistics.NO_ROUTE;
		Timer[] timers = this.timers.computeIfAbsent(routeId, id -> new Timer[OUTCOMES.length]);
		int outcome = switch (signal) {
			case ON_COMPLETE -> RESPONSE;
			case CANCEL -> CANCELLED;
			default -> ERROR;
		};
		Timer timer = timers[outcome];
		if (timer == null) { // registered on first use, then kept: no lookup by name and tags per request
			timer = Timer.builder("edge.cache.origin.latency")
				.description("Time until the origin's response headers arrived, for forwarded requests")
				.tag("route", routeId)
				.tag("outcome", OUTCOMES[outcome])
				.register(this.registry);
			timers[outcome] = timer;
		}
		timer.record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
