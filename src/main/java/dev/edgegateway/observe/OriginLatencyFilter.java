package dev.edgegateway.observe;

import java.net.URI;
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

	private final MeterRegistry registry;

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
		Timer.builder("edge.cache.origin.latency")
			.description("Time until the origin's response headers arrived, for forwarded requests")
			.tag("route", route != null ? route.getId() : CacheStatistics.NO_ROUTE)
			.tag("outcome", switch (signal) {
				case ON_COMPLETE -> "response";
				case CANCEL -> "cancelled";
				default -> "error";
			})
			.register(this.registry)
			.record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
