package dev.edgegateway.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.edgegateway.cache.store.CachedResponse;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Request collapsing: the first miss of a key becomes the leader and goes to the origin; later
 * misses of the same key wait for what the leader stores. When the leader's response is not
 * storable, the waiters go to the origin themselves and the key is remembered as uncacheable for
 * a while, so later requests do not queue behind each other (Varnish's hit-for-miss).
 *
 * <p>With a {@link ClusterLock} (the shared Redis tier), collapsing also spans replicas: a local
 * leader takes the key's cluster lock before it goes to the origin; when another replica holds it,
 * the leader waits (bounded) for the entry that replica stores, and goes to the origin itself when
 * none appears. Any lock failure means going to the origin, never an error.
 */
public class RequestCollapser {

	private final ConcurrentHashMap<String, Flight> flights = new ConcurrentHashMap<>();

	private final Cache<String, Boolean> uncacheable;

	private final Duration timeout;

	private final LongAdder collapsed = new LongAdder();

	private final ClusterLock clusterLock;

	public RequestCollapser(Duration timeout, Duration uncacheableTtl, Clock clock) {
		this(timeout, uncacheableTtl, clock, null);
	}

	/** A collapser that also collapses across replicas through {@code clusterLock} (may be null). */
	public RequestCollapser(Duration timeout, Duration uncacheableTtl, Clock clock, ClusterLock clusterLock) {
		this.timeout = timeout;
		this.clusterLock = clusterLock;
		this.uncacheable = Caffeine.newBuilder()
			.maximumSize(100_000)
			.expireAfterWrite(uncacheableTtl)
			.ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
			.executor(Runnable::run)
			.build();
	}

	/** Joins the flight of a key: the first caller leads, the others follow. */
	public Flight join(String key) {
		Flight fresh = new Flight(key);
		Flight existing = this.flights.putIfAbsent(key, fresh);
		if (existing == null) {
			return fresh;
		}
		this.collapsed.increment();
		return existing.follower();
	}

	/**
	 * For a local leader: emits true when this replica leads across replicas too (it holds the
	 * key's cluster lock, there is no cluster, or the lock could not be asked), false when another
	 * replica is fetching the key.
	 */
	public Mono<Boolean> leadAcrossReplicas(Flight flight) {
		if (this.clusterLock == null || !flight.leader) {
			return Mono.just(flight.leader);
		}
		return this.clusterLock.tryLock(flight.key)
			.map(token -> {
				flight.clusterToken = token;
				return true;
			})
			.defaultIfEmpty(false)
			.onErrorReturn(true);
	}

	/**
	 * For a local leader that does not lead across replicas: polls {@code lookup} for the entry the
	 * other replica stores, until it appears, the other replica's lock is gone without one (looked
	 * up once more, to let its write land), or the collapse timeout; empty when none appeared.
	 */
	public Mono<CachedResponse> awaitPeer(Flight flight, Supplier<Mono<CachedResponse>> lookup) {
		if (this.clusterLock == null) {
			return Mono.empty();
		}
		Duration interval = this.clusterLock.pollInterval();
		Mono<CachedResponse> afterMiss = Mono.defer(() -> this.clusterLock.isLocked(flight.key))
			.flatMap(locked -> locked ? Mono.<CachedResponse>empty()
					: Mono.delay(interval).then(Mono.defer(lookup)).switchIfEmpty(Mono.error(PeerGaveUp.INSTANCE)));
		Mono<CachedResponse> attempt = Mono.defer(lookup).switchIfEmpty(afterMiss);
		return attempt.repeatWhenEmpty(ticks -> ticks.delayElements(interval))
			.timeout(this.timeout, Mono.empty())
			.onErrorResume(error -> Mono.empty())
			.doOnNext(entry -> this.collapsed.increment());
	}

	/** Fetches under way (a flight ends once its answer is stored, just after the client has the body). */
	public int inFlight() {
		return this.flights.size();
	}

	/**
	 * Whether a recent response of this key was not storable (do not queue on it). Asked for every
	 * miss, so a quiet read: no read buffer, no maintenance on the request's thread (the marks
	 * expire by write time and are evicted by how often they are written).
	 */
	public boolean isUncacheable(String key) {
		return this.uncacheable.policy().getIfPresentQuietly(key) != null;
	}

	/** Forgets that a key was uncacheable (it was stored after all, or purged). */
	public void forgetUncacheable(String key) {
		this.uncacheable.invalidate(key);
	}

	/** Requests that waited on another request's origin fetch so far. */
	public long collapsedCount() {
		return this.collapsed.sum();
	}

	/** A lock per key shared by all replicas, taken by the replica that goes to the origin. */
	public interface ClusterLock {

		/** Takes the key's lock; emits the token that releases it, or empty when another replica holds it. */
		Mono<String> tryLock(String key);

		/** Releases the key's lock if {@code token} still holds it. */
		Mono<Void> unlock(String key, String token);

		/** Whether any replica holds the key's lock. */
		Mono<Boolean> isLocked(String key);

		/** How often a waiting replica looks for the entry the lock holder stores. */
		Duration pollInterval();

	}

	/** The other replica released its lock and stored nothing. */
	private static final class PeerGaveUp extends RuntimeException {

		static final PeerGaveUp INSTANCE = new PeerGaveUp();

		private PeerGaveUp() {
			super("peer stored nothing", null, false, false);
		}

	}

	/** One origin fetch that concurrent misses of a key share. */
	public final class Flight {

		private final String key;

		private final Sinks.One<CachedResponse> result;

		private final boolean leader;

		/** The cluster lock token this flight holds, if it holds one. */
		private volatile String clusterToken;

		private Flight(String key) {
			this.key = key;
			this.result = Sinks.one();
			this.leader = true;
		}

		private Flight(Flight lead) {
			this.key = lead.key;
			this.result = lead.result;
			this.leader = false;
		}

		private Flight follower() {
			return new Flight(this);
		}

		public boolean isLeader() {
			return this.leader;
		}

		/** For followers: the entry the leader stored, or empty when it stored none (or took too long). */
		public Mono<CachedResponse> stored() {
			return this.result.asMono().timeout(RequestCollapser.this.timeout, Mono.empty());
		}

		/** For the leader: the response was stored as {@code entry}. */
		public void completed(CachedResponse entry) {
			if (this.leader && release()) {
				RequestCollapser.this.uncacheable.invalidate(this.key);
				this.result.tryEmitValue(entry);
			}
		}

		/** For the leader: the response was not storable; followers go to the origin. */
		public void uncacheable() {
			if (this.leader && release()) {
				RequestCollapser.this.uncacheable.put(this.key, Boolean.TRUE);
				this.result.tryEmitEmpty();
			}
		}

		/** For the leader: the fetch failed or was cancelled; followers go to the origin. */
		public void abandoned() {
			if (this.leader && release()) {
				this.result.tryEmitEmpty();
			}
		}

		private boolean release() {
			String token = this.clusterToken;
			if (token != null) {
				this.clusterToken = null;
				RequestCollapser.this.clusterLock.unlock(this.key, token).subscribe(null, error -> {
					// the lock expires on its own
				});
			}
			return RequestCollapser.this.flights.remove(this.key, this);
		}

	}

}
