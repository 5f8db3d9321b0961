package dev.edgegateway.cache;

import java.time.Clock;

import dev.edgegateway.cache.http.Conditionals;
import dev.edgegateway.cache.store.CachedResponse;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes a stored response to the client: the stored status, headers and body (the shared byte
 * array is wrapped, never copied), the outcome's status and {@code Age}, and a 304 when the
 * client's own conditional request matches (RFC 9111 §4.3.2).
 */
public class CacheResponder {

	private final Clock clock;

	public CacheResponder(Clock clock) {
		this.clock = clock;
	}

	/** Serves an entry on the exchange's response (nothing was written to it yet). */
	public Mono<Void> serve(ServerWebExchange exchange, CachedResponse entry, CacheStatus status, String detail) {
		return write(exchange.getRequest(), exchange.getResponse(), CacheOutcome.of(exchange), entry, status, detail,
				false);
	}

	/**
	 * Serves an entry in place of an origin response whose status and headers were already set
	 * on {@code target} (REVALIDATED, STALE): those are replaced.
	 */
	public Mono<Void> replace(ServerHttpRequest request, ServerHttpResponse target, CacheOutcome outcome,
			CachedResponse entry, CacheStatus status, String detail) {
		return write(request, target, outcome, entry, status, detail, true);
	}

	private Mono<Void> write(ServerHttpRequest request, ServerHttpResponse response, CacheOutcome outcome,
			CachedResponse entry, CacheStatus status, String detail, boolean replace) {
		long age = entry.currentAge(this.clock.millis());
		// the request that fills the local tier from the shared one carries no Age (DESIGN.md §2)
		outcome.status(status, detail).ageSeconds(entry.sharedTierFill() ? -1 : age).ttlSeconds(entry.lifetime() - age);
		if (response.isCommitted()) {
			return Mono.empty();
		}
		HttpHeaders headers = response.getHeaders();
		if (replace) {
			headers.clear();
		}
		headers.putAll(entry.headers());
		HttpHeaders requestHeaders = request.getHeaders();
		if (entry.status() == 200 && Conditionals.notModified(requestHeaders.get(HttpHeaders.IF_NONE_MATCH),
				requestHeaders.getFirst(HttpHeaders.IF_MODIFIED_SINCE), headers.getFirst(HttpHeaders.ETAG),
				headers.getFirst(HttpHeaders.LAST_MODIFIED), java.time.Instant.ofEpochMilli(entry.dateMillis()))) {
			response.setStatusCode(HttpStatus.NOT_MODIFIED);
			headers.remove(HttpHeaders.CONTENT_LENGTH);
			return response.setComplete();
		}
		response.setRawStatusCode(entry.status());
		outcome.addBytes(entry.body().length);
		return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(entry.body())));
	}

}
