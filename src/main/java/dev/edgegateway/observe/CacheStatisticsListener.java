package dev.edgegateway.observe;

import dev.edgegateway.cache.CacheKeys;
import dev.edgegateway.cache.CacheOutcome;
import dev.edgegateway.cache.CacheOutcomeListener;
import dev.edgegateway.cache.CacheStatus;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * Counts every finished traffic-port exchange by route and cache status, and samples the URLs that
 * went to the origin. This is where cache HITs and edge-rule answers are counted: they never
 * reach Spring Cloud Gateway's own metrics filter.
 */
public class CacheStatisticsListener implements CacheOutcomeListener {

	private static final int MAX_URL_LENGTH = 1024;

	private final CacheStatistics statistics;

	private final TopMissedSampler sampler;

	public CacheStatisticsListener(CacheStatistics statistics, TopMissedSampler sampler) {
		this.statistics = statistics;
		this.sampler = sampler;
	}

	@Override
	public void exchangeCompleted(ServerWebExchange exchange, CacheOutcome outcome) {
		CacheStatus status = outcome.status();
		this.statistics.record(routeId(exchange, outcome), status, bytesSent(exchange, outcome));
		if (!status.fromCache() && status != CacheStatus.NONE) {
			this.sampler.record(url(exchange.getRequest(), outcome), status.headerValue());
		}
	}

	@Override
	public boolean countsLaneHits() {
		return true;
	}

	@Override
	public void laneHit(String routeId, long bytes) {
		this.statistics.record(routeId, CacheStatus.HIT, bytes);
	}

	/** The id of the route the exchange matched, or {@code none}. */
	static String routeId(ServerWebExchange exchange, CacheOutcome outcome) {
		if (outcome.routeId() != null) {
			return outcome.routeId();
		}
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		return route != null ? route.getId() : CacheStatistics.NO_ROUTE;
	}

	/** Body bytes the client received: none for HEAD, whose body the server drops after counting. */
	static long bytesSent(ServerWebExchange exchange, CacheOutcome outcome) {
		return exchange.getRequest().getMethod() == HttpMethod.HEAD ? 0 : outcome.bytes();
	}

	/** The cache key, or for requests the cache did not key, the URL as the client named it. */
	private static String url(ServerHttpRequest request, CacheOutcome outcome) {
		String url = outcome.key();
		if (url == null) {
			String query = request.getURI().getRawQuery();
			url = request.getURI().getScheme() + "://" + CacheKeys.host(request) + request.getPath().value()
					+ (query != null ? "?" + query : "");
		}
		return url.length() > MAX_URL_LENGTH ? url.substring(0, MAX_URL_LENGTH) : url;
	}

}
