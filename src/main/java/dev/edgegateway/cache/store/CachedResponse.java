package dev.edgegateway.cache.store;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import dev.edgegateway.cache.http.Freshness;

import org.springframework.http.HttpHeaders;

/**
 * One stored response, immutable and shared by every request that is served from it (the body
 * array is never modified and never copied on a HIT). Also used as the {@code Vary} marker stored
 * under a primary key whose responses vary ({@link #isVaryMarker()}).
 *
 * @param key the primary cache key
 * @param status the status code ({@code 0} for a Vary marker)
 * @param headers the end-to-end headers to replay (read-only; kept as {@link StoredHeaders})
 * @param body the body bytes
 * @param requestTime when the request that fetched it was sent (epoch ms)
 * @param responseTime when the response arrived (epoch ms)
 * @param dateMillis the response's {@code Date} (epoch ms), or the response time
 * @param ageValue the {@code Age} the origin sent, in seconds
 * @param lifetime freshness lifetime in seconds
 * @param staleWhileRevalidate seconds past the lifetime in which stale may be served while updating
 * @param staleIfError seconds past the lifetime in which stale may be served when the origin fails
 * @param staleForbidden whether stale may never be served
 * @param revalidateAlways whether every use must be revalidated with the origin
 * @param tags the entry's {@code Cache-Tag} values (lower case)
 * @param vary the {@code Vary} field names (lower case, sorted) of the response, or of the marker
 * @param variantId the marker's variant generation, part of the secondary keys
 * @param expiresAt when the store may drop it (epoch ms): lifetime + stale windows + keep window
 * @param sharedTierFill whether this copy was just read from the shared tier to fill the local one
 * (served as a HIT without {@code Age}, as Cloudflare does for its upper tier); never stored so
 */
public record CachedResponse(String key, int status, HttpHeaders headers, byte[] body, long requestTime,
		long responseTime, long dateMillis, long ageValue, long lifetime, long staleWhileRevalidate,
		long staleIfError, boolean staleForbidden, boolean revalidateAlways, Set<String> tags, List<String> vary,
		String variantId, long expiresAt, boolean sharedTierFill) {

	/**
	 * Heap bytes of an entry besides its body, headers, key and tags: this record, the headers'
	 * wrapper, the store's node and map slot and the purge index's node.
	 */
	private static final int FIXED_OVERHEAD = 288;

	public CachedResponse {
		if (StoredHeaders.of(headers) == null) {
			headers = StoredHeaders.copyOf(headers);
		}
	}

	/** A marker telling that the responses under {@code key} vary on {@code vary}. */
	public static CachedResponse varyMarker(String key, List<String> vary, String variantId, long expiresAt) {
		return new CachedResponse(key, 0, new HttpHeaders(), new byte[0], 0, 0, 0,
				0, 0, 0, 0, true, false, Set.of(), List.copyOf(vary), variantId, expiresAt, false);
	}

	public boolean isVaryMarker() {
		return this.status == 0;
	}

	/** The current age in seconds (RFC 9111 §4.2.3). */
	public long currentAge(long nowMillis) {
		return Freshness.currentAge(this.ageValue, Instant.ofEpochMilli(this.dateMillis),
				Instant.ofEpochMilli(this.requestTime), Instant.ofEpochMilli(this.responseTime),
				Instant.ofEpochMilli(nowMillis));
	}

	/**
	 * Approximate heap bytes this entry holds (body, headers, key and its purge-index copy, tags,
	 * the store's bookkeeping), so {@code edge.cache.memory.max-size} bounds what the store really
	 * takes.
	 */
	public int weight() {
		long size = FIXED_OVERHEAD + ((16L + this.body.length + 7) & ~7) + 2 * StoredHeaders.stringBytes(this.key)
				+ StoredHeaders.of(this.headers).heapBytes();
		for (String tag : this.tags) {
			size += 2 * StoredHeaders.stringBytes(tag) + 64; // the entry's copy, the index's set node
		}
		for (String name : this.vary) {
			size += StoredHeaders.stringBytes(name);
		}
		return (int) Math.min(Integer.MAX_VALUE, size);
	}

	/** A copy with other headers and timing, after a 304 freshened it (RFC 9111 §4.3.4). */
	public CachedResponse freshened(HttpHeaders newHeaders, long newRequestTime, long newResponseTime,
			long newDateMillis, long newLifetime, long newSwr, long newSie, boolean newStaleForbidden,
			boolean newRevalidateAlways, long newExpiresAt) {
		return new CachedResponse(this.key, this.status, newHeaders, this.body, newRequestTime, newResponseTime,
				newDateMillis, 0, newLifetime, newSwr, newSie, newStaleForbidden, newRevalidateAlways, this.tags,
				this.vary, this.variantId, newExpiresAt, false);
	}

	/** A copy that is stale from now on (soft purge): the next use revalidates. */
	public CachedResponse markedStale() {
		return new CachedResponse(this.key, this.status, this.headers, this.body, this.requestTime,
				this.responseTime, this.dateMillis, this.ageValue, 0, 0, this.staleIfError, this.staleForbidden, true,
				this.tags, this.vary, this.variantId, this.expiresAt, false);
	}

	/** This entry as the copy that fills the local tier from the shared one ({@link #sharedTierFill()}). */
	public CachedResponse asSharedTierFill() {
		return new CachedResponse(this.key, this.status, this.headers, this.body, this.requestTime,
				this.responseTime, this.dateMillis, this.ageValue, this.lifetime, this.staleWhileRevalidate,
				this.staleIfError, this.staleForbidden, this.revalidateAlways, this.tags, this.vary, this.variantId,
				this.expiresAt, true);
	}

	@Override
	public String toString() {
		return "CachedResponse[" + this.key + " " + this.status + " " + this.body.length + " bytes]";
	}

}
