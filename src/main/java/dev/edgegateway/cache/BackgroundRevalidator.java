package dev.edgegateway.cache;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.adapter.DefaultServerWebExchange;
import org.springframework.web.server.i18n.AcceptHeaderLocaleContextResolver;
import org.springframework.web.server.session.DefaultWebSessionManager;

/**
 * Stale-while-revalidate refreshes (RFC 5861 §3): at most one background request per key, and at
 * most {@code maxConcurrent} at once. The refresh runs the rest of the gateway filter chain (the
 * route's own filters included) on a detached exchange, so the origin sees the same request a miss
 * would send, and the cache's response decorator stores or freshens the entry.
 */
public class BackgroundRevalidator {

	private static final Log logger = LogFactory.getLog(BackgroundRevalidator.class);

	private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

	private final int maxConcurrent;

	private final LongAdder started = new LongAdder();

	private final LongAdder failed = new LongAdder();

	private final DefaultWebSessionManager sessions = new DefaultWebSessionManager();

	private final ServerCodecConfigurer codecs = ServerCodecConfigurer.create();

	private final AcceptHeaderLocaleContextResolver locales = new AcceptHeaderLocaleContextResolver();

	public BackgroundRevalidator(int maxConcurrent) {
		this.maxConcurrent = maxConcurrent;
	}

	/** Starts a refresh of the stale entry unless one is already running for it. */
	void refresh(ServerWebExchange exchange, GatewayFilterChain chain, CacheEngine engine, RequestPolicy policy,
			Lookup lookup) {
		String key = lookup.entry().key();
		if (this.inFlight.size() >= this.maxConcurrent || !this.inFlight.add(key)) {
			return;
		}
		this.started.increment();
		ServerHttpRequest request = exchange.getRequest();
		Fetch fetch = new Fetch(request, new CacheOutcome(), policy, lookup, null, engine.clock().millis(),
				request.getHeaders().containsHeader(org.springframework.http.HttpHeaders.AUTHORIZATION), true,
				engine.writer().purgeStamp());
		ServerWebExchange detached = new DefaultServerWebExchange(bodiless(engine.originRequest(request, lookup.entry())),
				OriginResponseDecorator.fetching(new DetachedResponse(), fetch, engine), this.sessions, this.codecs,
				this.locales);
		copyAttributes(exchange.getAttributes(), detached.getAttributes());
		detached.getAttributes().put(CacheOutcome.CACHE_OUTCOME_ATTR, fetch.outcome());
		chain.filter(detached).doFinally(signal -> this.inFlight.remove(key)).subscribe(null, error -> {
			this.failed.increment();
			logger.debug("Background refresh of " + key + " failed: " + error);
		});
	}

	private static void copyAttributes(Map<String, Object> from, Map<String, Object> to) {
		from.forEach((name, value) -> {
			if (!name.equals(CacheOutcome.CACHE_OUTCOME_ATTR)) {
				to.put(name, value);
			}
		});
	}

	/** A GET has no body; never re-read the client's request stream from a detached exchange. */
	private static ServerHttpRequest bodiless(ServerHttpRequest request) {
		return new ServerHttpRequestDecorator(request) {
			@Override
			public Flux<DataBuffer> getBody() {
				return Flux.empty();
			}
		};
	}

	/** Background refreshes started so far. */
	public long startedCount() {
		return this.started.sum();
	}

	/** Background refreshes that failed (origin unreachable or errored). */
	public long failedCount() {
		return this.failed.sum();
	}

}
