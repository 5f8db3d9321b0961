package dev.edgegateway.cache;

import java.time.Clock;

import dev.edgegateway.cache.http.Conditionals;
import dev.edgegateway.cache.store.CachedResponse;
import dev.edgegateway.cache.store.StoredHeaders;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.AbstractServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes a stored response to the client: the stored status, headers and body (a small body's
 * shared array is wrapped, a large one copied once into a pooled direct buffer), the outcome's
 * status and {@code Age}, and a 304 when the client's own conditional request matches (RFC 9111
 * §4.3.2).
 */
public class CacheResponder {

	/**
	 * From this size on, a body is copied into a pooled direct buffer here: handed a heap buffer,
	 * the transport would copy it into a freshly allocated, unpooled direct one (Netty's adaptive
	 * allocator pools only smaller sizes), which costs more than the copy.
	 */
	static final int POOLED_COPY_THRESHOLD = 16 * 1024;

	private static final NettyDataBufferFactory BUFFERS = new NettyDataBufferFactory(PooledByteBufAllocator.DEFAULT);

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
		outcome.served(entry).status(status, detail).ageSeconds(entry.sharedTierFill() ? -1 : age).ttlSeconds(entry.lifetime() - age);
		if (response.isCommitted()) {
			return Mono.empty();
		}
		HttpHeaders headers = response.getHeaders();
		if (replace) {
			headers.clear();
		}
		copyHeaders(entry.headers(), response);
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
		return response.writeWith(Mono.fromSupplier(() -> BUFFERS.wrap(bodyBuffer(entry.body()))));
	}

	/**
	 * A stored body as a buffer to write: a small body's shared array wrapped, a large one copied
	 * once into a pooled direct buffer (see {@link #POOLED_COPY_THRESHOLD}).
	 */
	static ByteBuf bodyBuffer(byte[] body) {
		if (body.length < POOLED_COPY_THRESHOLD) {
			return Unpooled.wrappedBuffer(body);
		}
		return PooledByteBufAllocator.DEFAULT.directBuffer(body.length).writeBytes(body);
	}

	/**
	 * The stored headers onto the response, each replacing a header of the same name. On Reactor
	 * Netty they go straight from the stored arrays into the Netty response headers, without the
	 * per-call copies that iterating Spring's {@code HttpHeaders} makes (a measurable share of a HIT).
	 */
	private static void copyHeaders(HttpHeaders stored, ServerHttpResponse response) {
		io.netty.handler.codec.http.HttpHeaders netty = nettyHeaders(response);
		if (netty == null) {
			response.getHeaders().putAll(stored);
			return;
		}
		StoredHeaders compact = StoredHeaders.of(stored); // never null: CachedResponse keeps them so
		for (int i = 0; i < compact.count(); i++) {
			Object value = compact.value(i);
			if (value instanceof String single) {
				netty.set(compact.name(i), single);
			}
			else {
				netty.set(compact.name(i), (Iterable<?>) value);
			}
		}
	}

	private static io.netty.handler.codec.http.HttpHeaders nettyHeaders(ServerHttpResponse response) {
		ServerHttpResponse inner = response;
		while (inner instanceof ServerHttpResponseDecorator decorator) {
			inner = decorator.getDelegate();
		}
		if (inner instanceof AbstractServerHttpResponse server
				&& server.getNativeResponse() instanceof HttpServerResponse netty) {
			return netty.responseHeaders();
		}
		return null;
	}

}
