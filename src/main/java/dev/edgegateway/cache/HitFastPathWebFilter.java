package dev.edgegateway.cache;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.WeightCalculatorWebFilter;
import org.springframework.cloud.gateway.handler.FilteringWebHandler;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Answers fresh HITs before Spring Cloud Gateway's dispatcher and filter chain: after the edge
 * rules and the route lookup (done here through the gateway's own handler mapping, so predicates,
 * weights and CORS behave exactly as on the normal path), an eligible GET/HEAD whose stored entry
 * is fresh is served from here. Everything else (a miss, a stale entry, an ineligible request)
 * continues down the normal path, which finds the lookup already made. A request for a path
 * nothing was ever stored for (pass-through, DYNAMIC, a first MISS) is handed on at once, so it
 * costs what it costs without the cache (see {@link StoredPaths}).
 * <p>
 * On the normal path a HIT is answered by {@link EdgeCacheFilter}, and only global or route filters
 * ordered before it would have run; this filter steps aside for a route with such a filter, and
 * turns itself off when a global filter other than the gateway's own body-cache housekeeping is
 * ordered before it, so no filter is skipped that would have run before.
 */
public class HitFastPathWebFilter implements WebFilter, Ordered, HitLaneTransparent {

	/** After the edge rules and the gateway's weight calculation, which route predicates read. */
	public static final int ORDER = WeightCalculatorWebFilter.WEIGHT_CALC_FILTER_ORDER + 1;

	private static final Log logger = LogFactory.getLog(HitFastPathWebFilter.class);

	private final HandlerMapping routes;

	private final CachePolicy policy;

	private final CacheEngine engine;

	private final boolean enabled;

	public HitFastPathWebFilter(HandlerMapping routes, CachePolicy policy, CacheEngine engine,
			List<GlobalFilter> globalFilters) {
		this.routes = routes;
		this.policy = policy;
		this.engine = engine;
		List<String> before = EdgeCacheFilter.globalFiltersBeforeCache(globalFilters);
		this.enabled = before.isEmpty();
		if (!this.enabled) {
			logger.info("HIT fast path off: global filters run before the cache " + before);
		}
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		HttpMethod method = exchange.getRequest().getMethod();
		CacheOutcome outcome = CacheOutcome.of(exchange);
		if (!this.enabled || outcome == null || (method != HttpMethod.GET && method != HttpMethod.HEAD)
				|| !this.engine.mayHold(exchange.getRequest().getPath().value())) {
			return chain.filter(exchange); // the normal path, as if this filter were not there
		}
		return this.routes.getHandler(exchange)
			.map(handler -> handler instanceof FilteringWebHandler) // not when CORS refused the request
			.defaultIfEmpty(false)
			.flatMap(routed -> routed ? fromCache(exchange, chain) : chain.filter(exchange));
	}

	private Mono<Void> fromCache(ServerWebExchange exchange, WebFilterChain chain) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		if (route == null) {
			return chain.filter(exchange);
		}
		if (!EdgeCacheFilter.forwardsToOrigin(route) || EdgeCacheFilter.hasFilterBeforeCache(route)) {
			return onward(exchange, chain, route);
		}
		RequestPolicy decision = this.policy.resolve(exchange);
		EdgeCacheFilter.resolved(exchange, route, decision);
		if (!decision.eligible()) {
			return onward(exchange, chain, route);
		}
		CacheOutcome.of(exchange).routeId(route.getId());
		return this.engine.serveFresh(exchange, decision, () -> onward(exchange, chain, route));
	}

	/** Down the normal path, where the dispatcher takes the route found here instead of looking again. */
	private static Mono<Void> onward(ServerWebExchange exchange, WebFilterChain chain, Route route) {
		RouteReusingHandlerMapping.lookedUp(exchange, route);
		return chain.filter(exchange);
	}

	/** Serves HITs exactly as the gateway filter would. */
	@Override
	public boolean transparentToGets() {
		return true;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	/** Spring's filter chain names each filter by this on every request: a constant, no string built. */
	@Override
	public String toString() {
		return "HitFastPathWebFilter";
	}

}
