package dev.edgegateway.cache.http;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** Header-name sets: hop-by-hop fields (RFC 9110 §7.6.1) and {@code Vary} lists (RFC 9110 §12.5.5). */
public final class HeaderNames {

	/** Hop-by-hop fields that are never stored or replayed, lower case. */
	public static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
			"proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade");

	private HeaderNames() {
	}

	/** The hop-by-hop fields plus those the {@code Connection} header names, lower case. */
	public static Set<String> hopByHop(List<String> connection) {
		if (connection == null || connection.isEmpty()) {
			return HOP_BY_HOP;
		}
		Set<String> names = new TreeSet<>(HOP_BY_HOP);
		for (String line : connection) {
			for (String name : line.split(",")) {
				if (!name.isBlank()) {
					names.add(name.trim().toLowerCase(Locale.ROOT));
				}
			}
		}
		return names;
	}

	/**
	 * The {@code Vary} field names, lower case, sorted and de-duplicated; {@code ["*"]} when any
	 * member is {@code *}; empty when absent.
	 */
	public static List<String> vary(List<String> varyLines) {
		if (varyLines == null || varyLines.isEmpty()) {
			return List.of();
		}
		Set<String> names = new TreeSet<>();
		for (String line : varyLines) {
			for (String name : line.split(",")) {
				String trimmed = name.trim().toLowerCase(Locale.ROOT);
				if (trimmed.equals("*")) {
					return List.of("*");
				}
				if (!trimmed.isEmpty()) {
					names.add(trimmed);
				}
			}
		}
		return List.copyOf(names);
	}

}
