package dev.edgegateway.cache;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.config.GlobalCorsProperties;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.handler.FilteringWebHandler;
import org.springframework.cloud.gateway.handler.RoutePredicateHandlerMapping;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.web.server.ServerWebExchange;

/**
 * The HIT fast path: Spring Cloud Gateway's route handler mapping, which, once it has found the
 * route of an eligible GET/HEAD, resolves the cache policy and reads the store, and hands the
 * dispatcher a handler that answers a fresh HIT instead of the gateway's filter chain. Everything
 * else (a miss, a stale entry, an ineligible request) gets the gateway's own handler and goes down
 * the normal path, where the cache filter finds the policy and the lookup already made: one route
 * lookup and one store read per request.
 * <p>
 * Being the route lookup itself, it runs after every WebFilter (edge rules, weights, the
 * application's own) and before CORS is applied to the handler, exactly where the normal path's
 * lookup runs. On the normal path a HIT is answered by {@link EdgeCacheFilter}, and only global or
 * route filters ordered before it would have run; this mapping steps aside for a route with such a
 * filter, and keeps to the gateway's handler when a global filter other than the gateway's own
 * body-cache housekeeping is ordered before the cache, so no filter is skipped that would have run.
 * A request for a path nothing was ever stored for is not looked at at all ({@link StoredPaths}).
 */
public class HitFastPathHandlerMapping extends RoutePredicateHandlerMapping {

	private static final Log logger = LogFactory.getLog(HitFastPathHandlerMapping.class);

	private final CachePolicy policy;

	private final CacheEngine engine;

	private final boolean enabled;

	public HitFastPathHandlerMapping(FilteringWebHandler webHandler, RouteLocator routeLocator,
			GlobalCorsProperties globalCorsProperties, Environment environment, CachePolicy policy,
			CacheEngine engine, List<GlobalFilter> globalFilters) {
		super(webHandler, routeLocator, globalCorsProperties, environment);
		this.policy = policy;
		this.engine = engine;
		List<String> before = EdgeCacheFilter.globalFiltersBeforeCache(globalFilters);
		this.enabled = before.isEmpty();
		if (!this.enabled) {
			logger.info("HIT fast path off: global filters run before the cache " + before);
		}
	}

	@Override
	protected Mono<?> getHandlerInternal(ServerWebExchange exchange) {
		Mono<?> routed = super.getHandlerInternal(exchange);
		HttpMethod method = exchange.getRequest().getMethod();
		if (!this.enabled || (method != HttpMethod.GET && method != HttpMethod.HEAD)
				|| CacheOutcome.of(exchange) == null
				|| !this.engine.mayHold(exchange.getRequest().getPath().value())) {
			return routed; // the gateway's own lookup, nothing added
		}
		return routed.flatMap(gateway -> fromCache(exchange, gateway));
	}

	private Mono<Object> fromCache(ServerWebExchange exchange, Object gateway) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		if (route == null || !EdgeCacheFilter.forwardsToOrigin(route) || EdgeCacheFilter.hasFilterBeforeCache(route)) {
			return Mono.just(gateway);
		}
		RequestPolicy decision = this.policy.resolve(exchange);
		EdgeCacheFilter.resolved(exchange, route, decision);
		if (!decision.eligible()) {
			return Mono.just(gateway);
		}
		CacheOutcome.of(exchange).routeId(route.getId());
		return this.engine.freshHit(exchange, decision).cast(Object.class).defaultIfEmpty(gateway);
	}

}
