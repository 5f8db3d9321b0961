package dev.edgegateway.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.edgegateway.cache.http.HeaderNames;
import dev.edgegateway.cache.store.CacheStore;
import dev.edgegateway.cache.store.CachedResponse;
import dev.edgegateway.cache.store.MemoryCacheStore;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Reads and writes the store on behalf of the cache, with {@code Vary} indirection (a marker
 * under the primary key, variants under secondary keys) and fail-open error handling: a store
 * error becomes a miss or a no-store, logged and counted, never an error page.
 */
public class CacheWriter {

	private final CacheStore store;

	private final EntryFactory factory;

	/** The store when it is the in-process memory store (looked up without a reactive chain), or null. */
	private final MemoryCacheStore local;

	private final StoreFailures failures;

	private final StoredPaths paths = new StoredPaths();

	public CacheWriter(CacheStore store, EntryFactory factory, StoreFailures failures) {
		this.store = store;
		this.local = store instanceof MemoryCacheStore memory ? memory : null;
		this.factory = factory;
		this.failures = failures;
	}

	/**
	 * Looks up the entry matching the request under a primary key. With the in-process memory
	 * store the answer is already there ({@code Mono.just}), so callers' operators fuse it away.
	 */
	Mono<Lookup> lookup(String primaryKey, ServerHttpRequest request) {
		if (this.local != null) {
			return Mono.just(lookupLocally(primaryKey, request));
		}
		HttpHeaders requestHeaders = request.getHeaders();
		return this.store.get(primaryKey)
			.flatMap(found -> {
				this.paths.add(request.getPath().value()); // another replica's entry, from the shared tier
				if (!found.isVaryMarker()) {
					return Mono.just(new Lookup(primaryKey, found, null));
				}
				String secondary = CacheKeys.secondary(primaryKey, found.variantId(), found.vary(), requestHeaders);
				return this.store.get(secondary)
					.map(variant -> new Lookup(primaryKey, variant, found))
					.defaultIfEmpty(new Lookup(primaryKey, null, found));
			})
			.onErrorResume(error -> {
				this.failures.record("lookup", error);
				return Mono.empty();
			})
			.defaultIfEmpty(Lookup.miss(primaryKey));
	}

	private Lookup lookupLocally(String primaryKey, ServerHttpRequest request) {
		// nothing to add to the stored paths: only store() fills the memory store, and it adds them
		CachedResponse found = this.local.getIfPresent(primaryKey);
		if (found == null || !found.isVaryMarker()) {
			return new Lookup(primaryKey, found, null);
		}
		String secondary = CacheKeys.secondary(primaryKey, found.variantId(), found.vary(), request.getHeaders());
		return new Lookup(primaryKey, this.local.getIfPresent(secondary), found);
	}

	/**
	 * False only when nothing was ever stored, or found stored, for a request path: such a
	 * request cannot be a HIT (a lossy answer, see {@link StoredPaths}).
	 */
	boolean mayHold(String path) {
		return this.paths.mayHold(path);
	}

	/**
	 * Builds and stores the entry for a complete origin response fetched since {@code purgeStamp};
	 * emits it once stored, or nothing when a purge since then named it (see {@link #put}).
	 */
	Mono<CachedResponse> store(Lookup lookup, ServerHttpRequest request, int status, HttpHeaders headers,
			byte[] body, long requestTime, long responseTime, StorageDecision decision, long purgeStamp) {
		List<String> vary = varyOf(headers);
		if (vary.isEmpty() && lookup.marker() != null) {
			// a sibling variant (say, the gzip one) is stored: this one is a variant too, or it
			// would replace the marker and be served to every client
			vary = lookup.marker().vary();
		}
		String key = lookup.primaryKey();
		String variantId = null;
		if (!vary.isEmpty()) {
			CachedResponse marker = lookup.marker();
			variantId = marker != null && marker.vary().equals(vary) ? marker.variantId()
					: UUID.randomUUID().toString().substring(0, 8);
			key = CacheKeys.secondary(key, variantId, vary, request.getHeaders());
		}
		CachedResponse entry = this.factory.create(key, status, headers, body, requestTime, responseTime, decision,
				vary, variantId);
		if (!vary.isEmpty()) {
			CachedResponse marker = lookup.marker();
			long markerExpiry = marker != null && variantId.equals(marker.variantId())
					? Math.max(marker.expiresAt(), entry.expiresAt()) : entry.expiresAt();
			put(lookup.primaryKey(), CachedResponse.varyMarker(lookup.primaryKey(), vary, variantId, markerExpiry),
					purgeStamp).subscribe();
		}
		this.paths.add(request.getPath().value());
		return put(key, entry, purgeStamp);
	}

	/**
	 * The {@code Vary} names of a response; a response with a {@code Content-Encoding} always
	 * varies on {@code Accept-Encoding}, so encoded bytes never reach a client that did not ask for them.
	 */
	static List<String> varyOf(HttpHeaders headers) {
		List<String> vary = HeaderNames.vary(headers.get(HttpHeaders.VARY));
		String encoding = headers.getFirst(HttpHeaders.CONTENT_ENCODING);
		if (encoding != null && !encoding.equalsIgnoreCase("identity") && !vary.contains("accept-encoding")) {
			List<String> withEncoding = new ArrayList<>(vary);
			withEncoding.add("accept-encoding");
			withEncoding.sort(null);
			return List.copyOf(withEncoding);
		}
		return vary;
	}

	/**
	 * Stores an entry fetched since {@code purgeStamp}; emits it once stored, or nothing when a
	 * purge that ran meanwhile named it (the store took it out again). A store error is logged and
	 * counted, and the entry still emitted: the fetch's answer is good, only not kept.
	 */
	Mono<CachedResponse> put(String key, CachedResponse entry, long purgeStamp) {
		return this.store.put(key, entry, purgeStamp)
			.onErrorResume(error -> {
				this.failures.record("put", error);
				return Mono.just(true);
			})
			.filter(Boolean::booleanValue)
			.map(kept -> entry);
	}

	/** What a fetch remembers before it asks the origin (see {@link CacheStore#purgeStamp()}). */
	long purgeStamp() {
		return this.store.purgeStamp();
	}

	/** Removes the entry under a key; errors are logged and counted. */
	void remove(String key) {
		this.store.remove(key).subscribe(null, error -> this.failures.record("remove", error));
	}

	EntryFactory factory() {
		return this.factory;
	}

}
