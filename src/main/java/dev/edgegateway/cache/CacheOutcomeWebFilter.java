package dev.edgegateway.cache;

import java.util.List;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
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
public class CacheOutcomeWebFilter implements WebFilter, Ordered, ApplicationContextAware {

	/** Before everything, so edge rules and the cache filter always find an outcome to update. */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

	private final CacheHeaders headers;

	private final List<CacheOutcomeListener> listeners;

	private final List<CacheHeaderContributor> contributors;

	private ApplicationContext context;

	public CacheOutcomeWebFilter(CacheHeaders headers, List<CacheOutcomeListener> listeners,
			List<CacheHeaderContributor> contributors) {
		this.headers = headers;
		this.listeners = List.copyOf(listeners);
		this.contributors = List.copyOf(contributors);
	}

	@Override
	public void setApplicationContext(ApplicationContext context) {
		this.context = context;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!isTraffic(exchange)) {
			return chain.filter(exchange);
		}
		CacheOutcome outcome = new CacheOutcome();
		exchange.getAttributes().put(CacheOutcome.CACHE_OUTCOME_ATTR, outcome);
		ServerHttpResponse response = exchange.getResponse();
		response.beforeCommit(() -> {
			this.headers.write(response.getHeaders(), outcome);
			for (CacheHeaderContributor contributor : this.contributors) {
				contributor.contribute(exchange, response.getHeaders(), outcome);
			}
			return Mono.empty();
		});
		if (this.listeners.isEmpty()) {
			return chain.filter(exchange);
		}
		return chain.filter(exchange).doFinally(signal -> notifyListeners(exchange, outcome));
	}

	/**
	 * A separate management server applies this context's WebFilters too: its exchanges belong to
	 * the management child context and are neither cache traffic nor counted.
	 */
	private boolean isTraffic(ServerWebExchange exchange) {
		ApplicationContext owner = exchange.getApplicationContext();
		return this.context == null || owner == null || owner == this.context;
	}

	private void notifyListeners(ServerWebExchange exchange, CacheOutcome outcome) {
		for (CacheOutcomeListener listener : this.listeners) {
			listener.exchangeCompleted(exchange, outcome);
		}
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
