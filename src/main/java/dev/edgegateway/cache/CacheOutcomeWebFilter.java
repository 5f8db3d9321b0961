package dev.edgegateway.cache;

import java.util.List;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * First filter on the traffic port: creates the exchange's {@link CacheOutcome} (NONE/UNKNOWN
 * until someone says otherwise), writes the status header, {@code Age} and {@code Cache-Status}
 * from it just before the response commits, and tells the {@link CacheOutcomeListener}s when the
 * exchange ends. Runs for every request, also those that match no route.
 */
public class CacheOutcomeWebFilter implements WebFilter, Ordered, HitLaneTransparent {

	/** Before everything, so edge rules and the cache filter always find an outcome to update. */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

	private final CacheHeaders headers;

	private final List<CacheOutcomeListener> listeners;

	private final List<CacheHeaderContributor> contributors;

	private final TrafficPort trafficPort;

	private final HitLane lane;

	public CacheOutcomeWebFilter(TrafficPort trafficPort, CacheHeaders headers, List<CacheOutcomeListener> listeners,
			List<CacheHeaderContributor> contributors, HitLane lane) {
		this.trafficPort = trafficPort;
		this.lane = lane;
		this.headers = headers;
		this.listeners = List.copyOf(listeners);
		this.contributors = List.copyOf(contributors);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!this.trafficPort.handles(exchange)) {
			return chain.filter(exchange); // the management port: no cache headers on probes and scrapes
		}
		CacheOutcome outcome = new CacheOutcome();
		exchange.getAttributes().put(CacheOutcome.CACHE_OUTCOME_ATTR, outcome);
		ServerHttpResponse response = exchange.getResponse();
		response.beforeCommit(() -> {
			this.headers.write(response.getHeaders(), outcome);
			for (CacheHeaderContributor contributor : this.contributors) {
				contributor.contribute(exchange, response.getHeaders(), outcome);
			}
			if (this.lane != null && outcome.status() == CacheStatus.HIT) {
				this.lane.promote(exchange, outcome, response.getHeaders());
			}
			return Mono.empty();
		});
		if (this.listeners.isEmpty()) {
			return chain.filter(exchange);
		}
		return chain.filter(exchange).doFinally(signal -> notifyListeners(exchange, outcome));
	}

	private void notifyListeners(ServerWebExchange exchange, CacheOutcome outcome) {
		for (CacheOutcomeListener listener : this.listeners) {
			listener.exchangeCompleted(exchange, outcome);
		}
	}

	/** The lane writes the same headers and counts through the same listeners. */
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
		return "CacheOutcomeWebFilter";
	}

}
