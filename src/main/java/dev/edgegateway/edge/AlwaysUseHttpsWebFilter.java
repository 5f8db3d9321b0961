package dev.edgegateway.edge;

import dev.edgegateway.cache.TrafficPort;
import java.util.List;
import java.util.Locale;

import dev.edgegateway.cache.CacheOutcomeWebFilter;
import dev.edgegateway.cache.HitLaneTransparent;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Always Use HTTPS: a request that arrived over plain HTTP gets a 301 to the same host, path and
 * query on https (default port). "Arrived over HTTP" is the connection's scheme, or, when the
 * connection comes from a trusted proxy, the first {@code X-Forwarded-Proto} value or the
 * {@code proto} of the first {@code Forwarded} element. A Host that cannot go into a URL gets 400.
 */
public class AlwaysUseHttpsWebFilter implements WebFilter, Ordered, HitLaneTransparent {

	/** After the outcome exists (so the answer carries NONE/UNKNOWN), before the redirect rules. */
	public static final int ORDER = CacheOutcomeWebFilter.ORDER + 10;

	/** Rule name in metrics and the cache outcome. */
	public static final String RULE = "always-use-https";

	private final TrafficPort trafficPort;

	private final ClientIpResolver clientIps;

	private final EdgeAnswers answers;

	AlwaysUseHttpsWebFilter(TrafficPort trafficPort, ClientIpResolver clientIps, EdgeAnswers answers) {
		this.trafficPort = trafficPort;
		this.clientIps = clientIps;
		this.answers = answers;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		if (!this.trafficPort.handles(exchange) || isSecure(exchange)) {
			return chain.filter(exchange);
		}
		String host = RequestHost.of(request);
		if (!RequestHost.isValid(host)) {
			return this.answers.page(exchange, RULE, "reject", 400, MediaType.TEXT_PLAIN, "Bad Request\n",
					HttpHeaders.EMPTY);
		}
		StringBuilder location = new StringBuilder("https://").append(host).append(request.getPath().value());
		RedirectTemplate.appendQuery(location, request.getURI().getRawQuery());
		return this.answers.redirect(exchange, RULE, 301, location.toString());
	}

	private boolean isSecure(ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		if (request.getSslInfo() != null || "https".equalsIgnoreCase(request.getURI().getScheme())) {
			return true;
		}
		if (!this.clientIps.isFromTrustedProxy(request)) {
			return false;
		}
		// believed for the proxy it came through: the same request from elsewhere is redirected
		HitLaneTransparent.notRepeatable(exchange);
		String proto = forwardedProto(request);
		return proto != null && proto.trim().toLowerCase(Locale.ROOT).equals("https");
	}

	private static String forwardedProto(ServerHttpRequest request) {
		String xfp = request.getHeaders().getFirst("X-Forwarded-Proto");
		if (xfp != null) {
			int comma = xfp.indexOf(',');
			return comma >= 0 ? xfp.substring(0, comma) : xfp;
		}
		List<String> elements = ForwardedHeader.elements(request.getHeaders());
		return elements.isEmpty() ? null : ForwardedHeader.parameter(elements.get(0), "proto");
	}

	/**
	 * Lets through what arrived over TLS (the port's own scheme, or the request's) untouched; what it
	 * lets through on a trusted proxy's word it marks.
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
		return "AlwaysUseHttpsWebFilter";
	}

}
