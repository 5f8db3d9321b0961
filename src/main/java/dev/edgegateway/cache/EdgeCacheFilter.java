package dev.edgegateway.cache;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import org.springframework.cloud.gateway.filter.AdaptCachedBodyGlobalFilter;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.filter.RemoveCachedBodyFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.OrderUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * The cache, as a gateway filter on every route that forwards to an origin: classifies the request
 * (eligible GET/HEAD, DYNAMIC, BYPASS), hands eligible ones to the {@link CacheEngine}, maps an
 * unreachable origin to 502/504, and lets a successful unsafe request invalidate the stored GET of
 * its URL (RFC 9111 §4.4).
 */
public class EdgeCacheFilter implements GlobalFilter, Ordered {

	/**
	 * Before NettyWriteResponseFilter (-1) and ModifyResponseBody (-2), so the response decorator
	 * sees (and stores) the body as the route's filters left it.
	 */
	public static final int ORDER = NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 3;

	private static final String RESOLVED_POLICY_ATTR = EdgeCacheFilter.class.getName() + ".policy";

	private static final Set<String> ORIGIN_SCHEMES = Set.of("http", "https", "lb");

	/** Global filters before the cache that only look after a cached request body. */
	private static final Set<Class<?>> HOUSEKEEPING = Set.of(RemoveCachedBodyFilter.class,
			AdaptCachedBodyGlobalFilter.class);

	private static final Function<Context, Context> CONTEXT_AS_IS = Function.identity();

	private static final Set<HttpMethod> INVALIDATING = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
			HttpMethod.DELETE);

	private final CachePolicy policy;

	private final CacheEngine engine;

	private final CacheWriter writer;

	public EdgeCacheFilter(CachePolicy policy, CacheEngine engine, CacheWriter writer) {
		this.policy = policy;
		this.engine = engine;
		this.writer = writer;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		CacheOutcome outcome = CacheOutcome.of(exchange);
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		if (outcome == null || route == null || !forwardsToOrigin(route)) {
			return chain.filter(exchange); // answered without an origin: NONE/UNKNOWN
		}
		outcome.routeId(route.getId());
		HttpMethod method = exchange.getRequest().getMethod();
		if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
			outcome.status(CacheStatus.DYNAMIC, "method");
			if (INVALIDATING.contains(method)) {
				// before commit: the client never sees the answer before the stored GET is gone
				exchange.getResponse().beforeCommit(() -> Mono.fromRunnable(() -> invalidate(exchange)));
			}
			return proxy(exchange, chain);
		}
		RequestPolicy decision = resolvedEarlier(exchange, route);
		if (decision == null) {
			decision = this.policy.resolve(exchange);
		}
		outcome.policy(decision);
		if (!decision.eligible()) {
			outcome.status(decision.ineligibleStatus(), decision.reason());
			return proxy(exchange, chain);
		}
		return this.engine.handle(exchange, chain, decision);
	}

	/** Keeps the policy the HIT fast path resolved for a route, so this filter need not resolve it again. */
	static void resolved(ServerWebExchange exchange, Route route, RequestPolicy decision) {
		exchange.getAttributes().put(RESOLVED_POLICY_ATTR, new Resolved(route, decision));
	}

	private static RequestPolicy resolvedEarlier(ServerWebExchange exchange, Route route) {
		Object resolved = exchange.getAttributes().remove(RESOLVED_POLICY_ATTR);
		return resolved instanceof Resolved earlier && earlier.route() == route ? earlier.decision() : null;
	}

	private record Resolved(Route route, RequestPolicy decision) {
	}

	/** Whether the route forwards to an origin (not, say, {@code no://op} or {@code forward:}). */
	static boolean forwardsToOrigin(Route route) {
		return ORIGIN_SCHEMES.contains(route.getUri().getScheme());
	}

	/**
	 * The global filters, other than the gateway's own request-body housekeeping (nothing on a
	 * GET), that run before this filter: a HIT served ahead of the gateway's chain would skip them.
	 */
	static List<String> globalFiltersBeforeCache(List<GlobalFilter> globalFilters) {
		return globalFilters.stream()
			.filter(filter -> runsBeforeCache(filter) && !HOUSEKEEPING.contains(filter.getClass()))
			.map(filter -> filter.getClass().getName())
			.toList();
	}

	/** Whether one of the route's own filters runs before this filter. */
	static boolean hasFilterBeforeCache(Route route) {
		for (GatewayFilter filter : route.getFilters()) {
			if (runsBeforeCache(filter)) {
				return true;
			}
		}
		return false;
	}

	private static boolean runsBeforeCache(Object filter) {
		int order = filter instanceof Ordered ordered ? ordered.getOrder()
				: OrderUtils.getOrder(filter.getClass(), Ordered.LOWEST_PRECEDENCE);
		return order < ORDER;
	}

	private static Mono<Void> proxy(ServerWebExchange exchange, GatewayFilterChain chain) {
		ServerWebExchange counted = exchange.mutate()
			.response(OriginResponseDecorator.counting(exchange.getResponse(), CacheOutcome.of(exchange)))
			.build();
		return forward(chain, counted).onErrorResume(OriginErrors::isOriginFailure,
				error -> OriginErrors.write(exchange, error));
	}

	/**
	 * The rest of the gateway's chain for a request going to the origin, with the Reactor context
	 * held right here. Reactor operators look the context up on every discarded value, send and
	 * subscription (for hooks), and the look-up walks from subscriber to subscriber until one holds
	 * it: without this, each of the many look-ups of the origin exchange walks back up through every
	 * operator of the gateway, the dispatcher and the web filters. The context is the one already in
	 * force (fixed at subscription), so nothing else changes.
	 */
	static Mono<Void> forward(GatewayFilterChain chain, ServerWebExchange exchange) {
		return chain.filter(exchange).contextWrite(CONTEXT_AS_IS);
	}

	/** After a 2xx/3xx answer to an unsafe method, the stored GET of the URL is gone. */
	private void invalidate(ServerWebExchange exchange) {
		HttpStatusCode status = exchange.getResponse().getStatusCode();
		if (status == null || !(status.is2xxSuccessful() || status.is3xxRedirection())) {
			return;
		}
		ServerHttpRequest asGet = exchange.getRequest().mutate().method(HttpMethod.GET).build();
		ServerWebExchange getExchange = exchange.mutate().request(asGet).build();
		RequestPolicy decision = this.policy.resolve(getExchange);
		if (decision.eligible()) {
			this.writer.remove(CacheKeys.primary(asGet, decision.key()));
		}
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
