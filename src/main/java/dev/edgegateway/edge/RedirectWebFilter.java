package dev.edgegateway.edge;

import dev.edgegateway.cache.TrafficPort;
import java.util.List;

import dev.edgegateway.cache.CacheOutcomeWebFilter;
import dev.edgegateway.cache.HitLaneTransparent;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Redirect rules, then bulk redirect lists: the first rule that matches, or the first list that
 * holds the request's host and path, answers with its redirect (NONE/UNKNOWN); otherwise the
 * request goes on to the WAF.
 */
public class RedirectWebFilter implements WebFilter, Ordered, HitLaneTransparent {

	/** After always-use-https (a plain-HTTP request is upgraded first), before the WAF rules. */
	public static final int ORDER = CacheOutcomeWebFilter.ORDER + 20;

	private final TrafficPort trafficPort;

	private final List<RedirectRule> rules;

	private final List<RedirectList> lists;

	private final ClientIpResolver clientIps;

	private final EdgeAnswers answers;

	RedirectWebFilter(TrafficPort trafficPort, List<RedirectRule> rules, List<RedirectList> lists,
			ClientIpResolver clientIps, EdgeAnswers answers) {
		this.trafficPort = trafficPort;
		this.rules = List.copyOf(rules);
		this.lists = List.copyOf(lists);
		this.clientIps = clientIps;
		this.answers = answers;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!this.trafficPort.handles(exchange)) {
			return chain.filter(exchange);
		}
		ServerHttpRequest request = exchange.getRequest();
		String rawQuery = request.getURI().getRawQuery();
		for (RedirectRule rule : this.rules) {
			RequestMatcher.PathMatch match = rule.matcher().match(exchange, this.clientIps);
			if (match != null) {
				String location = rule.target().expand(match, RequestHost.of(request), rawQuery, rule.preserveQuery());
				return this.answers.redirect(exchange, rule.name(), rule.status(), location);
			}
		}
		if (!this.lists.isEmpty()) {
			String host = RequestHost.of(request);
			String path = request.getPath().value();
			for (RedirectList list : this.lists) {
				String target = list.lookup(host, path);
				if (target != null) {
					StringBuilder location = new StringBuilder(target);
					if (list.preserveQuery()) {
						RedirectTemplate.appendQuery(location, rawQuery);
					}
					return this.answers.redirect(exchange, list.name(), list.status(), location.toString());
				}
			}
		}
		return chain.filter(exchange);
	}

	/** Rules and lists read the method, target and headers; a match the client's address decided is marked. */
	@Override
	public boolean letsLaneRepeat() {
		return true;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	/** Spring's filter chain names each filter by this on every request: a constant, no string built. */
	@Override
	public String toString() {
		return "RedirectWebFilter";
	}

	/** A compiled redirect rule. */
	record RedirectRule(String name, RequestMatcher matcher, RedirectTemplate target, int status,
			boolean preserveQuery) {

		static RedirectRule compile(RedirectRuleProperties rule, String property, String countryHeader) {
			String name = ConfigChecks.requireText(rule.getName(), property + ".name");
			RequestMatcher matcher = RequestMatcher.compile(rule.getWhen(), property + ".when", countryHeader);
			RedirectTemplate target = RedirectTemplate.parse(rule.getTo(), matcher.paths(), property + ".to");
			int status = ConfigChecks.redirectStatus(rule.getStatus(), property + ".status");
			return new RedirectRule(name, matcher, target, status, rule.isPreserveQuery());
		}

	}

}
