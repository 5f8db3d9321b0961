package dev.edgegateway.cache;

import java.net.URI;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.server.ServerWebExchange;

/**
 * Works out, for a URL no client sent, what the cache would do with a request for it: the route it
 * matches, the cache policy and the primary key. Purge (files) and explain use it, so they compute
 * keys exactly as the traffic path does.
 */
public class UrlResolver {

	private final RouteLocator routes;

	private final CachePolicy policy;

	public UrlResolver(RouteLocator routes, CachePolicy policy) {
		this.routes = routes;
		this.policy = policy;
	}

	/** Resolves a GET of the URL with these request headers. */
	public Mono<Resolution> resolve(URI url, HttpHeaders headers) {
		ServerWebExchange exchange = SyntheticExchange.of(HttpMethod.GET, url, headers);
		return this.routes.getRoutes()
			.concatMap(route -> Mono.from(route.getPredicate().apply(exchange))
				.filter(Boolean::booleanValue)
				.map(matched -> route))
			.next()
			.map(route -> {
				exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR, route);
				RequestPolicy decision = this.policy.resolve(exchange);
				String key = decision.eligible() ? CacheKeys.primary(exchange.getRequest(), decision.key()) : null;
				return new Resolution(exchange, route, decision, key);
			})
			.defaultIfEmpty(new Resolution(exchange, null, null, null));
	}

	/**
	 * What a request for a URL would get.
	 *
	 * @param exchange the synthetic exchange
	 * @param route the matching route, or null when none matches
	 * @param policy the cache policy, or null when no route matches
	 * @param key the primary cache key, or null when the request is not eligible
	 */
	public record Resolution(ServerWebExchange exchange, Route route, RequestPolicy policy, String key) {
	}

}
