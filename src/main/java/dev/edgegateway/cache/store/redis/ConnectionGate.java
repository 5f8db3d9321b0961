package dev.edgegateway.cache.store.redis;

import java.time.Duration;
import java.util.function.Supplier;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;

/**
 * Keeps Redis calls off the connection factory until its shared connection exists. Spring Data
 * Redis opens the shared Lettuce connection synchronously on first use, which on an event-loop
 * thread would block requests for the connect timeout while Redis is unreachable at start-up. The
 * gate opens it in the background (retrying) and until then fails every call at once; once open,
 * Lettuce reconnects that connection on its own and the gate stays open.
 */
final class ConnectionGate implements DisposableBean {

	private final Disposable opening;

	private volatile boolean open;

	ConnectionGate(ReactiveRedisConnectionFactory connections, Duration maxRetryDelay) {
		this.opening = Mono.fromCallable(connections::getReactiveConnection)
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap(connection -> connection.closeLater().onErrorResume(error -> Mono.empty()))
			.then(Mono.fromRunnable(() -> this.open = true))
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100)).maxBackoff(maxRetryDelay))
			.subscribe();
	}

	/** The call, or an error at once while the connection was never opened. */
	<T> Mono<T> mono(Supplier<Mono<T>> call) {
		return this.open ? call.get() : Mono.error(NotConnected.INSTANCE);
	}

	/** The call, or an error at once while the connection was never opened. */
	<T> Flux<T> flux(Supplier<Flux<T>> call) {
		return this.open ? call.get() : Flux.error(NotConnected.INSTANCE);
	}

	boolean isOpen() {
		return this.open;
	}

	@Override
	public void destroy() {
		this.opening.dispose();
	}

	/** Redis was never reached since start-up. */
	static final class NotConnected extends IllegalStateException {

		static final NotConnected INSTANCE = new NotConnected();

		private NotConnected() {
			super("Redis not connected yet");
			setStackTrace(new StackTraceElement[0]);
		}

	}

}
