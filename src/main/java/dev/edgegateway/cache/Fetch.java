package dev.edgegateway.cache;

import dev.edgegateway.cache.store.CachedResponse;
import reactor.core.publisher.Mono;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * One request to the origin on behalf of an eligible request: what the response decorator needs
 * to decide, store and answer.
 *
 * @param clientRequest the request as the client sent it (its conditionals and varying headers)
 * @param outcome the outcome to update (a detached one for background refreshes)
 * @param policy the request's cache settings
 * @param lookup what the store held (the stale entry being revalidated, the Vary marker)
 * @param flight the collapsing flight this fetch leads, or null
 * @param requestTime when the request was sent (epoch ms)
 * @param authorized whether the client request carried {@code Authorization}
 * @param background whether nobody waits for the answer (stale-while-revalidate refresh)
 * @param purgeStamp the store's purge stamp before the request went out, so storing the answer
 * cannot undo a purge that ran meanwhile
 */
record Fetch(ServerHttpRequest clientRequest, CacheOutcome outcome, RequestPolicy policy, Lookup lookup,
		RequestCollapser.Flight flight, long requestTime, boolean authorized, boolean background, long purgeStamp) {

	/** The stored entry being revalidated, or null on a miss. */
	CachedResponse stale() {
		return this.lookup.entry();
	}

	/** What the fetch is unless the origin's answer makes it more: EXPIRED with a stale entry, else MISS. */
	CacheStatus missStatus() {
		return stale() != null ? CacheStatus.EXPIRED : CacheStatus.MISS;
	}

	/**
	 * The answer is being stored: followers get the entry once it is, or go to the origin themselves
	 * when a purge took it out again (or the store failed to answer).
	 */
	void storing(Mono<CachedResponse> stored) {
		stored.subscribe(this::storedAs, error -> abandoned(), this::abandoned);
	}

	private void storedAs(CachedResponse entry) {
		if (this.flight != null) {
			this.flight.completed(entry);
		}
	}

	void notStorable() {
		if (this.flight != null) {
			this.flight.uncacheable();
		}
	}

	void abandoned() {
		if (this.flight != null) {
			this.flight.abandoned();
		}
	}

}
