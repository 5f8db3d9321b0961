package dev.edgegateway.cache;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;

/**
 * Adds the body bytes the origin sends through a request the cache does not handle (DYNAMIC,
 * BYPASS by rule, unsafe methods) to the exchange's {@link CacheOutcome}, so metrics and the access
 * log see origin bytes too. Cached and eligible responses are counted where they are written.
 */
final class ByteCountingResponse extends ServerHttpResponseDecorator {

	private final CacheOutcome outcome;

	ByteCountingResponse(ServerHttpResponse delegate, CacheOutcome outcome) {
		super(delegate);
		this.outcome = outcome;
	}

	@Override
	public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
		return super.writeWith(counted(body));
	}

	@Override
	public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
		return super.writeAndFlushWith(Flux.from(body).map(this::counted));
	}

	private Flux<? extends DataBuffer> counted(Publisher<? extends DataBuffer> body) {
		return Flux.from(body).doOnNext(buffer -> this.outcome.addBytes(buffer.readableByteCount()));
	}

}
