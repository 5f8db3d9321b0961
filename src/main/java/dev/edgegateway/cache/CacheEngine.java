package dev.edgegateway.cache;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

import dev.edgegateway.cache.EdgeCacheProperties.Semantics;
import dev.edgegateway.cache.http.CacheControl;
import dev.edgegateway.cache.store.CachedResponse;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * Serves an eligible GET/HEAD: looks the key up and answers HIT, UPDATING (with one background
 * refresh) or STALE from the store, or goes to the origin (MISS, collapsed with concurrent misses;
 * EXPIRED/REVALIDATED/STALE when revalidating), as DESIGN.md §2 describes.
 */
public class CacheEngine {

	/** Exchange attribute: the {@link Lookup} the HIT fast path made, handed on to {@link #handle}. */
	private static final String LOOKUP_ATTR = CacheEngine.class.getName() + ".lookup";

	private final Clock clock;

	private final Semantics semantics;

	private final CacheWriter writer;

	private final ResponseEvaluator evaluator;

	private final CacheResponder responder;

	private final RequestCollapser collapser;

	private final boolean collapse;

	private final BackgroundRevalidator revalidator;

	private final int maxObjectSize;

	public CacheEngine(Clock clock, EdgeCacheProperties properties, CacheWriter writer, RequestCollapser collapser,
			BackgroundRevalidator revalidator) {
		this.clock = clock;
		this.semantics = properties.getSemantics();
		this.writer = writer;
		this.evaluator = new ResponseEvaluator(this.semantics);
		this.responder = new CacheResponder(clock);
		this.collapser = collapser;
		this.collapse = properties.getCollapse().isEnabled();
		this.revalidator = revalidator;
		this.maxObjectSize = (int) properties.getMemory().getMaxObjectSize().toBytes();
	}

	/**
	 * Answers a fresh HIT before Spring Cloud Gateway's filter chain ({@link HitFastPathHandler}),
	 * or runs {@code otherwise} with the lookup kept on the exchange for {@link #handle}, so a miss
	 * reads the store once.
	 */
	Mono<Void> serveFresh(ServerWebExchange exchange, RequestPolicy policy, Supplier<Mono<Void>> otherwise) {
		ServerHttpRequest request = exchange.getRequest();
		String key = CacheKeys.primary(request, policy.key());
		return this.writer.lookup(key, request).flatMap(lookup -> {
			CachedResponse entry = lookup.entry();
			if (entry != null && isFresh(entry, requestCacheControl(request))) {
				CacheOutcome.of(exchange).policy(policy).key(key);
				return this.responder.serve(exchange, entry, CacheStatus.HIT, null);
			}
			exchange.getAttributes().put(LOOKUP_ATTR, new LookedUp(request, policy, lookup));
			return otherwise.get();
		});
	}

	/** Whether a request for the path may find a stored entry; false only when none was ever stored for it. */
	boolean mayHold(String path) {
		return this.writer.mayHold(path);
	}

	/** Handles an eligible request. */
	public Mono<Void> handle(ServerWebExchange exchange, GatewayFilterChain chain, RequestPolicy policy) {
		ServerHttpRequest request = exchange.getRequest();
		CacheControl requestCc = requestCacheControl(request);
		Object handedOn = exchange.getAttributes().remove(LOOKUP_ATTR);
		if (handedOn instanceof LookedUp earlier && earlier.request() == request && earlier.policy() == policy) {
			// the same request under the same policy: the same key, no second lookup
			CacheOutcome.of(exchange).key(earlier.lookup().primaryKey());
			return decide(exchange, chain, policy, earlier.lookup(), requestCc);
		}
		String key = CacheKeys.primary(request, policy.key());
		CacheOutcome.of(exchange).key(key);
		return this.writer.lookup(key, request)
			.flatMap(found -> decide(exchange, chain, policy, found, requestCc));
	}

	/** The fast path's lookup, for the request and policy it was made for. */
	private record LookedUp(ServerHttpRequest request, RequestPolicy policy, Lookup lookup) {
	}

	private Mono<Void> decide(ServerWebExchange exchange, GatewayFilterChain chain, RequestPolicy policy,
			Lookup lookup, CacheControl requestCc) {
		return lookup.entry() == null ? miss(exchange, chain, policy, lookup, requestCc)
				: found(exchange, chain, policy, lookup, requestCc);
	}

	private CacheControl requestCacheControl(ServerHttpRequest request) {
		return this.semantics == Semantics.RFC9111
				? CacheControl.parse(request.getHeaders().get(HttpHeaders.CACHE_CONTROL)) : CacheControl.EMPTY;
	}

	/** Whether the entry may be served as a HIT to a request with these directives. */
	private boolean isFresh(CachedResponse entry, CacheControl requestCc) {
		long age = entry.currentAge(this.clock.millis());
		long remaining = entry.lifetime() - age;
		return remaining > 0 && !entry.revalidateAlways() && acceptsFresh(requestCc, age, remaining);
	}

	private Mono<Void> found(ServerWebExchange exchange, GatewayFilterChain chain, RequestPolicy policy,
			Lookup lookup, CacheControl requestCc) {
		CachedResponse entry = lookup.entry();
		if (isFresh(entry, requestCc)) {
			return this.responder.serve(exchange, entry, CacheStatus.HIT, null);
		}
		long remaining = entry.lifetime() - entry.currentAge(this.clock.millis());
		long staleness = -remaining;
		boolean mayServeStale = remaining <= 0 && !entry.staleForbidden() && !entry.revalidateAlways()
				&& !requestCc.noCache();
		if (mayServeStale && requestCc.maxStale() != CacheControl.ABSENT && staleness <= requestCc.maxStale()) {
			return this.responder.serve(exchange, entry, CacheStatus.STALE, "max-stale");
		}
		if (mayServeStale && staleness <= entry.staleWhileRevalidate()) {
			this.revalidator.refresh(exchange, chain, this, policy, lookup);
			return this.responder.serve(exchange, entry, CacheStatus.UPDATING, "stale-while-revalidate");
		}
		if (requestCc.onlyIfCached()) {
			return onlyIfCached(exchange);
		}
		return fetch(exchange, chain, policy, lookup, null);
	}

	/** RFC 9111 §5.2.1: request {@code max-age} and {@code min-fresh} narrow what counts as fresh. */
	private static boolean acceptsFresh(CacheControl requestCc, long age, long remaining) {
		if (requestCc.noCache()) {
			return false;
		}
		if (requestCc.maxAge() != CacheControl.ABSENT && age > requestCc.maxAge()) {
			return false;
		}
		return requestCc.minFresh() == CacheControl.ABSENT || remaining >= requestCc.minFresh();
	}

	private Mono<Void> miss(ServerWebExchange exchange, GatewayFilterChain chain, RequestPolicy policy, Lookup lookup,
			CacheControl requestCc) {
		if (requestCc.onlyIfCached()) {
			return onlyIfCached(exchange);
		}
		String key = lookup.primaryKey();
		if (!this.collapse || this.collapser.isUncacheable(key)) {
			return fetch(exchange, chain, policy, lookup, null);
		}
		RequestCollapser.Flight flight = this.collapser.join(key);
		if (flight.isLeader()) {
			return this.collapser.leadAcrossReplicas(flight)
				.flatMap(leads -> leads ? fetch(exchange, chain, policy, lookup, flight)
						: awaitPeer(exchange, chain, policy, lookup, flight));
		}
		return flight.stored()
			.filter(entry -> matches(entry, lookup.primaryKey(), exchange.getRequest().getHeaders()))
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap(stored -> stored.isPresent() ? serveCollapsed(exchange, stored.get())
					: fetch(exchange, chain, policy, lookup, null));
	}

	/** Another replica is fetching the key: serve what it stores, or fetch (still leading this replica). */
	private Mono<Void> awaitPeer(ServerWebExchange exchange, GatewayFilterChain chain, RequestPolicy policy,
			Lookup lookup, RequestCollapser.Flight flight) {
		ServerHttpRequest request = exchange.getRequest();
		return this.collapser
			.awaitPeer(flight, () -> this.writer.lookup(lookup.primaryKey(), request).mapNotNull(Lookup::entry))
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap(stored -> {
				if (stored.isEmpty()) {
					return fetch(exchange, chain, policy, lookup, flight);
				}
				flight.completed(stored.get());
				return serveCollapsed(exchange, stored.get());
			});
	}

	private Mono<Void> serveCollapsed(ServerWebExchange exchange, CachedResponse entry) {
		CacheOutcome.of(exchange).collapsed(true);
		return this.responder.serve(exchange, entry, CacheStatus.HIT, null);
	}

	/** Whether an entry another request stored is the variant this request would get. */
	private static boolean matches(CachedResponse entry, String primaryKey, HttpHeaders requestHeaders) {
		return entry.vary().isEmpty()
				|| entry.key().equals(CacheKeys.secondary(primaryKey, entry.variantId(), entry.vary(), requestHeaders));
	}

	/** Forwards to the origin with the response decorator that stores or revalidates. */
	Mono<Void> fetch(ServerWebExchange exchange, GatewayFilterChain chain, RequestPolicy policy, Lookup lookup,
			RequestCollapser.Flight flight) {
		ServerHttpRequest request = exchange.getRequest();
		Fetch fetch = new Fetch(request, CacheOutcome.of(exchange), policy, lookup, flight, this.clock.millis(),
				request.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION), false, this.writer.purgeStamp());
		fetch.outcome().status(fetch.missStatus(), null); // what a failed origin leaves; its answer decides otherwise
		ServerWebExchange forwarded = exchange.mutate()
			.request(originRequest(request, lookup.entry()))
			.response(OriginResponseDecorator.fetching(exchange.getResponse(), fetch, this))
			.build();
		Mono<Void> forwarding = EdgeCacheFilter.forward(chain, forwarded)
			.onErrorResume(OriginErrors::isOriginFailure, error -> originFailed(exchange, lookup.entry(), error));
		// a flight not completed by then (cancelled, failed) lets its followers go to the origin
		return flight != null ? forwarding.doFinally(signal -> fetch.abandoned()) : forwarding;
	}

	/**
	 * The request sent to the origin: always a full GET (a HEAD miss fills the cache too, ranges
	 * are served from the full object), with the stored validators instead of the client's.
	 */
	ServerHttpRequest originRequest(ServerHttpRequest request, CachedResponse stale) {
		HttpHeaders sent = request.getHeaders();
		if (stale == null && request.getMethod() == HttpMethod.GET && !sent.containsHeader(HttpHeaders.RANGE)
				&& !sent.containsHeader(HttpHeaders.IF_RANGE) && !sent.containsHeader(HttpHeaders.IF_NONE_MATCH)
				&& !sent.containsHeader(HttpHeaders.IF_MODIFIED_SINCE)) {
			return request; // nothing to strip or add: no copy of the request on the common miss
		}
		return request.mutate().method(HttpMethod.GET).headers(headers -> {
			headers.remove(HttpHeaders.RANGE);
			headers.remove(HttpHeaders.IF_RANGE);
			headers.remove(HttpHeaders.IF_NONE_MATCH);
			headers.remove(HttpHeaders.IF_MODIFIED_SINCE);
			if (stale != null) {
				String etag = stale.headers().getFirst(HttpHeaders.ETAG);
				String lastModified = stale.headers().getFirst(HttpHeaders.LAST_MODIFIED);
				if (etag != null) {
					headers.set(HttpHeaders.IF_NONE_MATCH, etag);
				}
				if (lastModified != null) {
					headers.set(HttpHeaders.IF_MODIFIED_SINCE, lastModified);
				}
			}
		}).build();
	}

	private Mono<Void> originFailed(ServerWebExchange exchange, CachedResponse stale, Throwable error) {
		if (stale != null && staleIfErrorAllowed(stale, this.clock.millis()) && !exchange.getResponse().isCommitted()) {
			exchange.getResponse().getHeaders().clear();
			return this.responder.serve(exchange, stale, CacheStatus.STALE, "stale-if-error");
		}
		return OriginErrors.write(exchange, error);
	}

	/** Whether a stale entry may stand in for a failed origin (RFC 5861 §4). */
	boolean staleIfErrorAllowed(CachedResponse entry, long nowMillis) {
		return !entry.staleForbidden() && entry.currentAge(nowMillis) - entry.lifetime() <= entry.staleIfError();
	}

	/** RFC 9111 §5.2.1.7: nothing usable stored and the client forbids going to the origin. */
	private Mono<Void> onlyIfCached(ServerWebExchange exchange) {
		CacheOutcome.of(exchange).status(CacheStatus.MISS, "only-if-cached");
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(HttpStatus.GATEWAY_TIMEOUT);
		byte[] body = "504 Gateway Timeout: only-if-cached and nothing usable is stored\n"
			.getBytes(StandardCharsets.UTF_8);
		return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
	}

	Clock clock() {
		return this.clock;
	}

	ResponseEvaluator evaluator() {
		return this.evaluator;
	}

	CacheResponder responder() {
		return this.responder;
	}

	CacheWriter writer() {
		return this.writer;
	}

	int maxObjectSize() {
		return this.maxObjectSize;
	}

}
