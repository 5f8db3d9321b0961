package dev.edgegateway.cache.store.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import dev.edgegateway.cache.StoreFailures;
import dev.edgegateway.cache.store.PurgeRequest;
import dev.edgegateway.cache.store.PurgeResult;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;

/**
 * Carries purges between replicas: each purge increments the purge generation in Redis before it
 * purges Redis, and is then published on the purge channel, so every replica applies it to its
 * local tier and to its fetches under way; the PUBLISH receiver count (minus this replica) is the
 * number of replicas that got it.
 *
 * <p>A replica remembers the last generation it applied. It advances only one step at a time as
 * the messages arrive; when a periodic check (or the first check after a Redis failure) finds the
 * generation in Redis elsewhere, purges were missed (say, while this replica was cut off), and the
 * local tier is cleared as a whole rather than ever serving something that was purged meanwhile.
 */
public class PurgeChannel implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(PurgeChannel.class);

	private static final String FORMAT = "v1";

	private final ReactiveStringRedisTemplate redis;

	private final RedisKeys keys;

	private final Duration timeout;

	private final StoreFailures failures;

	private final ConnectionGate gate;

	private final String replicaId = UUID.randomUUID().toString();

	private final AtomicLong lastApplied = new AtomicLong(-1);

	private final Duration checkInterval;

	private volatile Disposable.Composite running;

	private volatile boolean subscribed;

	private volatile boolean suspect = true;

	private volatile long lastTimedOutCheck = System.nanoTime() - Duration.ofDays(1).toNanos();

	private volatile Consumer<PurgeRequest> onPurge = request -> {
	};

	private volatile Runnable onMissedPurges = () -> {
	};

	PurgeChannel(ReactiveStringRedisTemplate redis, RedisKeys keys, Duration timeout, Duration checkInterval,
			StoreFailures failures, ConnectionGate gate) {
		this.gate = gate;
		this.checkInterval = checkInterval;
		this.redis = redis;
		this.keys = keys;
		this.timeout = timeout;
		this.failures = failures;
	}

	/**
	 * What to do on the local tier: {@code onPurge} gets every other replica's purge,
	 * {@code onMissedPurges} runs when purges may have been missed (the local tier must be cleared,
	 * the fetches under way fenced as by a purge of everything).
	 */
	void listen(Consumer<PurgeRequest> onPurge, Runnable onMissedPurges) {
		this.onPurge = onPurge;
		this.onMissedPurges = onMissedPurges;
	}

	/** Subscribes to the purge channel and starts the periodic generation check. */
	@Override
	public void start() {
		Disposable.Composite running = Disposables.composite();
		ChannelTopic topic = ChannelTopic.of(this.keys.channel());
		// Spring's listener container may connect synchronously: keep that off the parallel
		// scheduler, whose threads run every timeout of the request path
		running.add(Mono.defer(() -> this.gate.mono(() -> this.redis.listenToLater(topic)))
			.subscribeOn(Schedulers.boundedElastic())
			.doOnNext(messages -> this.subscribed = true)
			.flatMapMany(messages -> messages)
			.doOnNext(message -> received(message.getMessage()))
			.doOnError(error -> {
				this.subscribed = false;
				this.suspect = true;
				this.failures.record("purge subscription", error);
			})
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100))
				.maxBackoff(Duration.ofSeconds(2))
				.scheduler(Schedulers.boundedElastic()))
			.subscribe());
		// the first check at once: until a replica knows the generation, every shared-tier put is taken back
		running.add(Flux.interval(Duration.ZERO, this.checkInterval, Schedulers.boundedElastic())
			.onBackpressureDrop()
			.concatMap(tick -> check().onErrorResume(error -> Mono.empty()))
			.subscribe());
		this.running = running;
	}

	/** Stops listening; runs before the Redis connection factory stops (a higher phase stops first). */
	@Override
	public void stop() {
		Disposable.Composite running = this.running;
		this.running = null;
		this.subscribed = false;
		if (running != null) {
			running.dispose();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running != null;
	}

	/**
	 * Runs this replica's purge of the shared tier between counting it and announcing it: the purge
	 * generation in Redis goes up before {@code purgeShared} looks for entries, so a put that reads
	 * the generation after storing either is found by the purge or finds it ({@link #allApplied()});
	 * once the entries are gone the other replicas are told. Emits the entries purged and how many
	 * other replicas received the purge.
	 */
	Mono<PurgeResult> purge(PurgeRequest request, Mono<Long> purgeShared) {
		return this.gate.mono(() -> this.redis.opsForValue().increment(this.keys.generation()))
			.timeout(this.timeout)
			.flatMap(generation -> {
				// this replica applied its own purge already
				this.lastApplied.compareAndSet(generation - 1, generation);
				return purgeShared.flatMap(entries -> send(generation, request)
					.map(replicas -> new PurgeResult(entries, replicas)));
			})
			.doOnError(error -> this.suspect = true);
	}

	/**
	 * Whether this replica has applied every purge Redis has counted so far (read after a put, see
	 * {@link #purge}): false while another replica's purge is under way or its message on the way.
	 */
	Mono<Boolean> allApplied() {
		return generation().map(generation -> generation <= this.lastApplied.get())
			.doOnError(error -> this.suspect = true);
	}

	/** The purge generation in Redis (0 before the first purge), read within the timeout. */
	private Mono<Long> generation() {
		return this.gate.mono(() -> this.redis.opsForValue().get(this.keys.generation()))
			.timeout(this.timeout)
			.map(Long::parseLong)
			.defaultIfEmpty(0L);
	}

	/** Tells the other replicas to drop a key from their local tier (an unsafe method invalidated it). */
	Mono<Void> invalidate(String key) {
		return send(0, new PurgeRequest(PurgeRequest.Kind.KEYS, List.of(key), false)).then();
	}

	private Mono<Long> send(long generation, PurgeRequest request) {
		StringBuilder message = new StringBuilder(FORMAT).append('\n')
			.append(generation).append('\n')
			.append(this.replicaId).append('\n')
			.append(request.kind()).append('\n')
			.append(request.soft());
		request.values().forEach(value -> message.append('\n').append(value));
		return this.gate.mono(() -> this.redis.convertAndSend(this.keys.channel(), message.toString()))
			.timeout(this.timeout)
			.map(receivers -> Math.max(0, receivers - (this.subscribed ? 1 : 0)));
	}

	private void received(String message) {
		String[] lines = message.split("\n", -1);
		if (lines.length < 5 || !FORMAT.equals(lines[0])) {
			logger.debug("Ignoring a purge message of an unknown format");
			return;
		}
		try {
			long generation = Long.parseLong(lines[1]);
			if (!lines[2].equals(this.replicaId)) {
				List<String> values = new ArrayList<>(List.of(lines).subList(5, lines.length));
				this.onPurge.accept(new PurgeRequest(PurgeRequest.Kind.valueOf(lines[3]), values,
						Boolean.parseBoolean(lines[4])));
			}
			if (generation > 0) {
				this.lastApplied.compareAndSet(generation - 1, generation);
			}
		}
		catch (RuntimeException ex) {
			this.failures.record("purge message", ex);
		}
	}

	/**
	 * Completes once the local tier may be served: at once while Redis answers as expected; after
	 * a Redis failure, when a generation check succeeded (clearing the local tier if purges were
	 * missed) or failed again (Redis is still away: the local tier is all there is; while
	 * disconnected the check fails at once, and after a check timed out the next requests do not
	 * wait for another one within the timeout). Never errors.
	 */
	Mono<Void> verified() {
		// after a check timed out (Redis slow, not known to be down) do not make every request wait for the next
		if (!this.suspect || System.nanoTime() - this.lastTimedOutCheck < this.timeout.toNanos()) {
			return Mono.empty();
		}
		return check().onErrorResume(error -> Mono.empty());
	}

	/** Compares the generation in Redis with the last applied one (clearing the local tier when purges were missed). */
	Mono<Void> check() {
		return generation().doOnNext(this::caughtUp)
			.doOnError(error -> {
				this.suspect = true;
				if (error instanceof TimeoutException) {
					this.lastTimedOutCheck = System.nanoTime();
				}
				this.failures.record("purge generation check", error);
			})
			.then();
	}

	private synchronized void caughtUp(long generation) {
		long last = this.lastApplied.get();
		if (generation != last) {
			if (last >= 0) {
				logger.info("Purges were missed (generation " + last + ", Redis has " + generation
						+ "): clearing the local tier");
			}
			this.onMissedPurges.run();
			this.lastApplied.set(generation);
		}
		this.suspect = false;
	}

	/** Marks the local tier as possibly out of date after a failed Redis call. */
	void suspect() {
		this.suspect = true;
	}

	/** The last purge generation this replica applied (-1 before the first check). */
	public long lastAppliedGeneration() {
		return this.lastApplied.get();
	}

	/** Whether this replica's purge subscription is active. */
	public boolean isSubscribed() {
		return this.subscribed;
	}

}
