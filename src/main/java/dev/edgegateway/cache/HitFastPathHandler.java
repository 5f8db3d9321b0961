package dev.edgegateway.cache;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.handler.FilteringWebHandler;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * Answers fresh HITs before Spring Cloud Gateway's filter chain: the web handler the gateway's
 * route mapping hands a matched request to, in front of the gateway's own {@link FilteringWebHandler}.
 * Every WebFilter has run, the route was matched once by the gateway's own mapping (predicates,
 * weights and CORS as usual); an eligible GET/HEAD whose stored entry is fresh is served from here.
 * Everything else (a miss, a stale entry, an ineligible request) goes on to the gateway's chain,
 * where {@link EdgeCacheFilter} finds the policy and the lookup already made. A request for a path
 * nothing was ever stored for (pass-through, DYNAMIC, a first MISS) is handed on at once, with no
 * work and no reactive operator of its own (see {@link StoredPaths}).
 * <p>
 * On the gateway's chain a HIT is answered by {@link EdgeCacheFilter}, and only global or route
 * filters ordered before it would have run: this handler steps aside for a route with such a
 * filter, and is not installed when a global filter other than the gateway's own body-cache
 * housekeeping is ordered before the cache, so no filter is skipped that would have run.
 * <p>
 * A {@code FilteringWebHandler} by type only, because that is what the gateway's route mapping
 * takes; it has no filters of its own and delegates to the gateway's handler.
 */
final class HitFastPathHandler extends FilteringWebHandler {

	private static final Log logger = LogFactory.getLog(HitFastPathHandler.class);

	private final FilteringWebHandler gateway;

	private final CachePolicy policy;

	private final CacheEngine engine;

	private HitFastPathHandler(FilteringWebHandler gateway, CachePolicy policy, CacheEngine engine) {
		super(List.of(), false);
		this.gateway = gateway;
		this.policy = policy;
		this.engine = engine;
	}

	/**
	 * The handler for the gateway's route mapping: the fast path in front of the gateway's handler,
	 * or the gateway's handler itself when global filters run before the cache.
	 */
	static FilteringWebHandler inFrontOf(FilteringWebHandler gateway, CachePolicy policy, CacheEngine engine,
			List<GlobalFilter> globalFilters) {
		List<String> before = EdgeCacheFilter.globalFiltersBeforeCache(globalFilters);
		if (!before.isEmpty()) {
			logger.info("HIT fast path off: global filters run before the cache " + before);
			return gateway;
		}
		return new HitFastPathHandler(gateway, policy, engine);
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		HttpMethod method = request.getMethod();
		CacheOutcome outcome = CacheOutcome.of(exchange);
		if (outcome == null || (method != HttpMethod.GET && method != HttpMethod.HEAD)
				|| !this.engine.mayHold(request.getPath().value())) {
			return this.gateway.handle(exchange); // the gateway's chain, as if this handler were not there
		}
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		if (route == null || !EdgeCacheFilter.forwardsToOrigin(route) || EdgeCacheFilter.hasFilterBeforeCache(route)) {
			return this.gateway.handle(exchange);
		}
		RequestPolicy decision = this.policy.resolve(exchange);
		EdgeCacheFilter.resolved(exchange, route, decision);
		if (!decision.eligible()) {
			return this.gateway.handle(exchange);
		}
		outcome.routeId(route.getId());
		return this.engine.serveFresh(exchange, decision, () -> this.gateway.handle(exchange));
	}

}
