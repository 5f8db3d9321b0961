package dev.edgegateway.cache;

import java.time.Instant;

import dev.edgegateway.cache.store.CachedResponse;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;

/**
 * The origin's response on its way to the client, on every request the gateway forwards.
 * <p>
 * For an eligible request ({@link #fetching}) it sees the answer when the gateway writes it, before
 * anything is committed, and decides: a 304 freshens the stale entry (REVALIDATED); a 5xx within
 * stale-if-error serves the stale entry (STALE); anything else is evaluated, and a storable body
 * is teed into the store as it streams to the client (MISS/EXPIRED), the original buffers passed
 * on unchanged. For a request the cache does not handle (DYNAMIC, BYPASS by rule, unsafe methods;
 * {@link #counting}) it only adds the body bytes to the exchange's {@link CacheOutcome}, for metrics
 * and the access log. One class for both, so the gateway's own filters see one response type on
 * every forwarded request. Installed before {@code NettyWriteResponseFilter}, which writes through it.
 */
final class OriginResponseDecorator extends ServerHttpResponseDecorator {

	/** The fetch this response answers, or null when the response is only counted. */
	private final Fetch fetch;

	private final CacheEngine engine;

	private final CacheOutcome outcome;

	private OriginResponseDecorator(ServerHttpResponse delegate, Fetch fetch, CacheEngine engine,
			CacheOutcome outcome) {
		super(delegate);
		this.fetch = fetch;
		this.engine = engine;
		this.outcome = outcome;
	}

	/** The response to a fetch for an eligible request: stored, revalidated or replaced as it says. */
	static OriginResponseDecorator fetching(ServerHttpResponse delegate, Fetch fetch, CacheEngine engine) {
		return new OriginResponseDecorator(delegate, fetch, engine, fetch.outcome());
	}

	/** The response to a request the cache does not handle: passed on, its body bytes counted. */
	static OriginResponseDecorator counting(ServerHttpResponse delegate, CacheOutcome outcome) {
		return new OriginResponseDecorator(delegate, null, null, outcome);
	}

	@Override
	public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
		if (this.fetch == null) {
			return passOn(body, getHeaders().getContentLength());
		}
		HttpStatusCode statusCode = getStatusCode();
		int status = statusCode != null ? statusCode.value() : 200;
		HttpHeaders headers = getHeaders();
		long responseTime = this.engine.clock().millis();
		CacheOutcome outcome = this.outcome;
		outcome.originStatus(status);
		CachedResponse stale = this.fetch.stale();
		if (stale != null && status == 304) {
			return revalidated(body, headers, stale, responseTime);
		}
		if (stale != null && isServerError(status) && !this.fetch.background()
				&& this.engine.staleIfErrorAllowed(stale, responseTime)) {
			this.fetch.abandoned();
			return drain(body).then(this.engine.responder()
				.replace(this.fetch.clientRequest(), getDelegate(), outcome, stale, CacheStatus.STALE, "stale-if-error"));
		}
		StorageDecision decision = this.engine.evaluator()
			.evaluate(this.fetch.policy().ttl(), this.fetch.authorized(), status, headers,
					Instant.ofEpochMilli(responseTime));
		if (decision.store() && this.fetch.policy().deceptionArmor()
				&& !DeceptionArmor.allows(this.fetch.clientRequest().getPath().value(), headers.getContentType())) {
			decision = StorageDecision.bypass("deception-armor");
		}
		outcome.decision(decision);
		CacheStatus cacheStatus = this.fetch.missStatus();
		long length = headers.getContentLength();
		if (!decision.store() || length > this.engine.maxObjectSize()) {
			String detail = decision.store() ? "too-large" : decision.source();
			outcome.status(decision.bypass() != null ? CacheStatus.BYPASS : cacheStatus, detail);
			if (stale != null) {
				this.engine.writer().remove(stale.key());
			}
			this.fetch.notStorable();
			return passOn(body, length);
		}
		outcome.status(cacheStatus, null).stored(true).ttlSeconds(decision.lifetime());
		return super.writeWith(tee(body, status, snapshot(headers), decision, responseTime, length));
	}

	private Flux<? extends DataBuffer> tee(Publisher<? extends DataBuffer> body, int status, HttpHeaders headers,
			StorageDecision decision, long responseTime, long length) {
		BodyCapture capture = new BodyCapture(this.engine.maxObjectSize(), length);
		CacheOutcome outcome = this.outcome;
		return Flux.from(body)
			.doOnNext(buffer -> {
				outcome.addBytes(buffer.readableByteCount());
				capture.append(buffer);
			})
			.doOnComplete(() -> {
				if (capture.overflowed()) {
					this.fetch.notStorable();
					return;
				}
				this.fetch.storing(this.engine.writer()
					.store(this.fetch.lookup(), this.fetch.clientRequest(), status, headers, capture.body(),
							this.fetch.requestTime(), responseTime, decision, this.fetch.purgeStamp()));
			})
			.doOnCancel(this.fetch::abandoned)
			.doOnError(error -> this.fetch.abandoned());
	}

	/** RFC 9111 §4.3.4: a 304 freshens the stored response, which is then served. */
	private Mono<Void> revalidated(Publisher<? extends DataBuffer> body, HttpHeaders headers, CachedResponse stale,
			long responseTime) {
		HttpHeaders merged = EntryFactory.overlay(stale, headers);
		StorageDecision decision = this.engine.evaluator()
			.evaluate(this.fetch.policy().ttl(), this.fetch.authorized(), stale.status(), merged,
					Instant.ofEpochMilli(responseTime));
		CachedResponse fresh;
		if (decision.store()) {
			fresh = this.engine.writer()
				.factory()
				.freshen(stale, merged, this.fetch.requestTime(), responseTime, decision);
			this.fetch.storing(this.engine.writer().put(stale.key(), fresh, this.fetch.purgeStamp()));
		}
		else {
			fresh = stale;
			this.engine.writer().remove(stale.key());
			this.fetch.notStorable();
		}
		if (this.fetch.background()) {
			return drain(body);
		}
		return drain(body).then(this.engine.responder()
			.replace(this.fetch.clientRequest(), getDelegate(), this.outcome, fresh, CacheStatus.REVALIDATED,
					null));
	}

	@Override
	public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
		// streaming media (SSE, gRPC): passed through untouched, never stored
		if (this.fetch != null) {
			this.outcome.status(this.fetch.missStatus(), "streaming");
			this.fetch.notStorable();
		}
		return super.writeAndFlushWith(Flux.from(body).map(part -> counted(part, this.outcome)));
	}

	@Override
	public Mono<Void> setComplete() {
		if (this.fetch != null) {
			this.fetch.abandoned();
		}
		return super.setComplete();
	}

	private static boolean isServerError(int status) {
		return status == 500 || status == 502 || status == 503 || status == 504;
	}

	/**
	 * Passes the origin's body on to the client, its bytes counted for metrics and the access log:
	 * a body of known length is counted whole as it is handed on (as a HIT's is), with no operator
	 * of its own on the body; a chunked one is counted as it streams.
	 */
	private Mono<Void> passOn(Publisher<? extends DataBuffer> body, long contentLength) {
		if (contentLength >= 0) {
			this.outcome.addBytes(contentLength);
			return super.writeWith(body);
		}
		return super.writeWith(counted(body, this.outcome));
	}

	/** Counts the origin's body bytes on their way to the client (for metrics and the access log). */
	private static Flux<? extends DataBuffer> counted(Publisher<? extends DataBuffer> body, CacheOutcome outcome) {
		return Flux.from(body).doOnNext(buffer -> outcome.addBytes(buffer.readableByteCount()));
	}

	private static HttpHeaders snapshot(HttpHeaders headers) {
		HttpHeaders copy = new HttpHeaders();
		copy.putAll(headers);
		return copy;
	}

	private static Mono<Void> drain(Publisher<? extends DataBuffer> body) {
		return Flux.from(body).doOnNext(DataBufferUtils::release).then();
	}

}
