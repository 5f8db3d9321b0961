package dev.edgegateway.cache;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.config.GlobalCorsProperties;
import org.springframework.cloud.gateway.handler.FilteringWebHandler;
import org.springframework.cloud.gateway.handler.RoutePredicateHandlerMapping;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.core.env.Environment;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * Spring Cloud Gateway's route handler mapping, which takes the route the {@link HitFastPathWebFilter}
 * already looked up for this very request instead of evaluating every route's predicates a second
 * time when the request goes on to the dispatcher (a miss, a pass-through, a DYNAMIC request). The
 * route is reused only while the exchange still carries the request it was looked up for: a
 * WebFilter in between that changed the request gets a fresh lookup.
 */
public class RouteReusingHandlerMapping extends RoutePredicateHandlerMapping {

	private static final String LOOKED_UP_ATTR = RouteReusingHandlerMapping.class.getName() + ".route";

	public RouteReusingHandlerMapping(FilteringWebHandler webHandler, RouteLocator routeLocator,
			GlobalCorsProperties globalCorsProperties, Environment environment) {
		super(webHandler, routeLocator, globalCorsProperties, environment);
	}

	/** Keeps the route looked up for the exchange's current request, for the dispatcher's lookup. */
	static void lookedUp(ServerWebExchange exchange, Route route) {
		exchange.getAttributes().put(LOOKED_UP_ATTR, new LookedUp(exchange.getRequest(), route));
	}

	@Override
	protected Mono<Route> lookupRoute(ServerWebExchange exchange) {
		Object earlier = exchange.getAttributes().remove(LOOKED_UP_ATTR);
		if (earlier instanceof LookedUp lookedUp && lookedUp.request() == exchange.getRequest()) {
			return Mono.just(lookedUp.route());
		}
		return super.lookupRoute(exchange);
	}

	private record LookedUp(ServerHttpRequest request, Route route) {
	}

}
