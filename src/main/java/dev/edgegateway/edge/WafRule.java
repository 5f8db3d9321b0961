package dev.edgegateway.edge;

import java.net.InetAddress;
import java.time.Clock;

import org.springframework.web.server.ServerWebExchange;

/** A compiled WAF custom rule: its matcher, action, block status and (for rate-limit) its limiter. */
record WafRule(String name, RequestMatcher matcher, WafRuleProperties.Action action, int status,
		RateLimiter limiter, String limitHeader) {

	static WafRule compile(WafRuleProperties rule, String property, String countryHeader, Clock clock) {
		String name = ConfigChecks.requireText(rule.getName(), property + ".name");
		RequestMatcher matcher = RequestMatcher.compile(rule.getWhen(), property + ".when", countryHeader);
		ConfigChecks.require(rule.getAction() != null, property + ".action", "must be set");
		ConfigChecks.require(rule.getStatus() >= 400 && rule.getStatus() <= 599, property + ".status",
				rule.getStatus() + " is not a block status (400-599)");
		if (rule.getAction() != WafRuleProperties.Action.RATE_LIMIT) {
			return new WafRule(name, matcher, rule.getAction(), rule.getStatus(), null, null);
		}
		WafRuleProperties.RateLimit limit = rule.getRateLimit();
		String path = property + ".rate-limit";
		ConfigChecks.require(limit != null, path, "must be set when the action is rate-limit");
		ConfigChecks.require(limit.getRequests() > 0, path + ".requests", "must be positive");
		ConfigChecks.require(limit.getPeriod() != null && limit.getPeriod().toMillis() > 0, path + ".period",
				"must be positive");
		ConfigChecks.require(limit.getMaxClients() > 0, path + ".max-clients", "must be positive");
		String by = ConfigChecks.requireText(limit.getBy(), path + ".by");
		String header = by.regionMatches(true, 0, "header:", 0, 7) ? by.substring(7).trim() : null;
		ConfigChecks.require(by.equalsIgnoreCase("ip") || (header != null && ConfigChecks.isToken(header)),
				path + ".by", "'" + by + "' is not ip or header:<Name>");
		RateLimiter limiter = new RateLimiter(limit.getRequests(), limit.getPeriod(), limit.getMaxClients(), clock);
		return new WafRule(name, matcher, rule.getAction(), 429, limiter, header);
	}

	/** The rate-limit key of the request's client: the header value when configured and present, else the IP. */
	String clientKey(ServerWebExchange exchange, ClientIpResolver clientIps) {
		if (this.limitHeader != null) {
			String value = exchange.getRequest().getHeaders().getFirst(this.limitHeader);
			if (value != null && !value.isEmpty()) {
				return "h:" + value;
			}
		}
		InetAddress client = clientIps.resolve(exchange);
		return "ip:" + (client != null ? client.getHostAddress() : "unknown");
	}

}
