package dev.edgegateway.edge;

import dev.edgegateway.cache.TrafficPort;
import java.net.InetAddress;
import java.util.List;

import dev.edgegateway.cache.CacheOutcomeWebFilter;
import dev.edgegateway.cache.HitLaneTransparent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * WAF custom rules, in order: {@code block} answers with the block page, {@code skip} allows and
 * ends the evaluation, {@code log} counts, logs and goes on, {@code rate-limit} answers 429 with
 * {@code Retry-After} once the client is over its limit and otherwise goes on.
 */
public class WafWebFilter implements WebFilter, Ordered, HitLaneTransparent {

	/** Last of the edge rules: redirects answer first, like Cloudflare's redirect phase before its WAF. */
	public static final int ORDER = CacheOutcomeWebFilter.ORDER + 30;

	private static final Log logger = LogFactory.getLog(WafWebFilter.class);

	private final TrafficPort trafficPort;

	private final List<WafRule> rules;

	private final ClientIpResolver clientIps;

	private final EdgeAnswers answers;

	WafWebFilter(TrafficPort trafficPort, List<WafRule> rules, ClientIpResolver clientIps, EdgeAnswers answers) {
		this.trafficPort = trafficPort;
		this.rules = List.copyOf(rules);
		this.clientIps = clientIps;
		this.answers = answers;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!this.trafficPort.handles(exchange)) {
			return chain.filter(exchange);
		}
		for (WafRule rule : this.rules) {
			if (rule.matcher().match(exchange, this.clientIps) == null) {
				continue;
			}
			switch (rule.action()) {
				case BLOCK:
					return block(exchange, rule, rule.status(), HttpHeaders.EMPTY);
				case SKIP:
					HitLaneTransparent.notRepeatable(exchange); // counted: a repeat must be counted too
					this.answers.count(rule.name(), rule.action().tag());
					return chain.filter(exchange);
				case LOG:
					HitLaneTransparent.notRepeatable(exchange);
					this.answers.count(rule.name(), rule.action().tag());
					logger.info(describe(exchange, "matched WAF rule '" + rule.name() + "' (log)"));
					break;
				case RATE_LIMIT:
					HitLaneTransparent.notRepeatable(exchange); // every request spends from the client's budget
					long retryAfter = rule.limiter().acquire(rule.clientKey(exchange, this.clientIps));
					if (retryAfter > 0) {
						HttpHeaders headers = new HttpHeaders();
						headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
						return block(exchange, rule, 429, headers);
					}
					break;
			}
		}
		return chain.filter(exchange);
	}

	private Mono<Void> block(ServerWebExchange exchange, WafRule rule, int status, HttpHeaders extra) {
		String requestId = BlockPage.newRequestId();
		logger.info(describe(exchange, "answered " + status + " by WAF rule '" + rule.name() + "' ("
				+ rule.action().tag() + "), request id " + requestId));
		boolean json = BlockPage.prefersJson(exchange.getRequest());
		HttpStatus known = HttpStatus.resolve(status);
		String title = known != null ? known.getReasonPhrase() : "Request blocked";
		return this.answers.page(exchange, rule.name(), rule.action().tag(), status, BlockPage.mediaType(json),
				BlockPage.body(json, status, title, requestId), extra);
	}

	private String describe(ServerWebExchange exchange, String what) {
		ServerHttpRequest request = exchange.getRequest();
		InetAddress client = this.clientIps.resolve(exchange);
		return (client != null ? client.getHostAddress() : "unknown") + " " + request.getMethod().name() + " "
				+ RequestHost.of(request) + request.getPath().value() + ": " + what;
	}

	/**
	 * The rules read the method, target and headers; what a repeat must not skip is marked: a match
	 * the client's address decided, a matched skip, log or rate-limit rule.
	 */
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
		return "WafWebFilter";
	}

}
