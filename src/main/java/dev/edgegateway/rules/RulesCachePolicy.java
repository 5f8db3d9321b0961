package dev.edgegateway.rules;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import dev.edgegateway.cache.CachePolicy;
import dev.edgegateway.cache.DefaultCachePolicy;
import dev.edgegateway.cache.EdgeCacheProperties;
import dev.edgegateway.cache.EdgeCacheProperties.Semantics;
import dev.edgegateway.cache.RequestPolicy;
import dev.edgegateway.cache.TtlPolicy;
import dev.edgegateway.rules.PolicyStack.Stacked;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * The cache policy with cache rules: the route's {@code metadata.edge-cache} settings, then every
 * matching {@code edge.cache.rules} entry in order, stacked on DESIGN.md §2's defaults. Without
 * rules it decides exactly as {@link DefaultCachePolicy}. Everything is compiled at start-up; the
 * stacked policy of each combination of matched rules is computed once and reused.
 */
public class RulesCachePolicy implements CachePolicy {

	/** Upper bound of memoised rule combinations; beyond it policies are stacked per request. */
	private static final int MAX_MEMOISED = 4096;

	private final List<CompiledRule> rules;

	private final RouteMetadataRules routeRules;

	private final TtlPolicy baseTtl;

	private final Set<Integer> defaultStatuses;

	private final Semantics semantics;

	private final Set<String> extensions;

	private final Map<Combination, Stacked> memo = new ConcurrentHashMap<>();

	public RulesCachePolicy(EdgeCacheProperties properties, RulesProperties rules, List<RouteDefinition> routes) {
		List<CompiledRule> compiled = new ArrayList<>();
		for (int i = 0; i < rules.getRules().size(); i++) {
			String path = "edge.cache.rules[" + i + "]";
			compiled.add(RuleCompiler.compile(rules.getRules().get(i), path, "rules[" + i + "]"));
		}
		this.rules = List.copyOf(compiled);
		this.routeRules = new RouteMetadataRules(routes);
		this.baseTtl = DefaultCachePolicy.defaultTtl(properties);
		this.defaultStatuses = Set.copyOf(properties.getDefaultTtlByStatus().keySet());
		this.semantics = properties.getSemantics();
		this.extensions = Set.copyOf(properties.getDefaultCacheableExtensions());
	}

	@Override
	public RequestPolicy resolve(ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		Stacked stacked = stacked(route, request);
		if (stacked.bypassOnCookie() != null && hasCookie(request, stacked.bypassOnCookie())) {
			return stacked.cookieBypass();
		}
		if (stacked.cache() != null) {
			return stacked.cache() ? stacked.eligible() : stacked.bypass();
		}
		boolean byDefault = this.semantics == Semantics.RFC9111
				|| DefaultCachePolicy.hasCacheableExtension(request.getPath().value(), this.extensions);
		return byDefault ? stacked.eligible() : stacked.dynamic();
	}

	private Stacked stacked(Route route, ServerHttpRequest request) {
		CompiledRule routeRule = this.routeRules.forRoute(route);
		if (routeRule != null && !routeRule.matcher().matches(request, route)) {
			routeRule = null;
		}
		BitSet matched = new BitSet(this.rules.size());
		for (int i = 0; i < this.rules.size(); i++) {
			if (this.rules.get(i).matcher().matches(request, route)) {
				matched.set(i);
			}
		}
		Combination combination = new Combination(routeRule, matched);
		Stacked stacked = this.memo.get(combination);
		if (stacked == null) {
			stacked = stack(routeRule, matched);
			if (this.memo.size() < MAX_MEMOISED) {
				this.memo.put(combination, stacked);
			}
		}
		return stacked;
	}

	private Stacked stack(CompiledRule routeRule, BitSet matched) {
		PolicyStack stack = new PolicyStack(this.baseTtl, this.defaultStatuses);
		if (routeRule != null) {
			stack.apply(routeRule);
		}
		matched.stream().forEach(i -> stack.apply(this.rules.get(i)));
		return stack.build();
	}

	/** Whether the request carries a cookie whose name matches (RFC 6265 names, unanchored regex). */
	private static boolean hasCookie(ServerHttpRequest request, Pattern names) {
		for (Map.Entry<String, List<HttpCookie>> cookie : request.getCookies().entrySet()) {
			if (names.matcher(cookie.getKey()).find()) {
				return true;
			}
		}
		return false;
	}

	/** The route rule (by identity) and the indexes of the global rules that matched. */
	private record Combination(CompiledRule routeRule, BitSet matched) {
	}

}
