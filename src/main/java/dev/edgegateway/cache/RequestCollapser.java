package dev.edgegateway.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

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
 */
public class RequestCollapser {

	private final ConcurrentHashMap<String, Flight> flights = new ConcurrentHashMap<>();

	private final Cache<String, Boolean> uncacheable;

	private final Duration timeout;

	private final LongAdder collapsed = new LongAdder();

	public RequestCollapser(Duration timeout, Duration uncacheableTtl, Clock clock) {
		this.timeout = timeout;
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

	/** Whether a recent response of this key was not storable (do not queue on it). */
	public boolean isUncacheable(String key) {
		return this.uncacheable.getIfPresent(key) != null;
	}

	/** Forgets that a key was uncacheable (it was stored after all, or purged). */
	public void forgetUncacheable(String key) {
		this.uncacheable.invalidate(key);
	}

	/** Requests that waited on another request's origin fetch so far. */
	public long collapsedCount() {
		return this.collapsed.sum();
	}

	/** One origin fetch that concurrent misses of a key share. */
	public final class Flight {

		private final String key;

		private final Sinks.One<CachedResponse> result;

		private final boolean leader;

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
			return RequestCollapser.this.flights.remove(this.key, this);
		}

	}

}
