package dev.edgegateway.purge;

import java.net.URI;
import java.util.List;

import org.springframework.http.HttpHeaders;

/**
 * One validated purge call: what to take out of the cache.
 *
 * @param kind the kind of purge
 * @param files the URLs (with request headers) for {@link PurgeKind#FILES}, else empty
 * @param values the prefixes, hosts or tags for the other kinds, else empty
 * @param soft mark stale instead of deleting
 */
public record PurgeCommand(PurgeKind kind, List<File> files, List<String> values, boolean soft) {

	public PurgeCommand {
		files = List.copyOf(files);
		values = List.copyOf(values);
	}

	/** How many items the call names (1 for purge_everything). */
	public int size() {
		return this.kind == PurgeKind.EVERYTHING ? 1 : this.kind == PurgeKind.FILES ? this.files.size()
				: this.values.size();
	}

	/**
	 * A URL to purge and the request headers a client would send with it (for entries keyed on them).
	 *
	 * @param url an absolute http(s) URL naming the host as clients send it in {@code Host}
	 * @param headers request headers (read-only, may be empty)
	 */
	public record File(URI url, HttpHeaders headers) {
	}

}
