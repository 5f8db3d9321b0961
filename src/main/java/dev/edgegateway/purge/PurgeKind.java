package dev.edgegateway.purge;

import java.util.Locale;

/** The five purge kinds of the Cloudflare purge API, named as the body's fields name them. */
public enum PurgeKind {

	/** {@code files}: URLs, or {@code {url, headers}} for entries keyed on request headers. */
	FILES("files"),
	/** {@code prefixes}: {@code host/path} prefixes, everything below them whatever the query. */
	PREFIXES("prefixes"),
	/** {@code hosts}: everything of a host. */
	HOSTS("hosts"),
	/** {@code tags}: entries whose origin response carried the {@code Cache-Tag}. */
	TAGS("tags"),
	/** {@code purge_everything}: the whole cache. */
	EVERYTHING("purge_everything");

	private final String field;

	PurgeKind(String field) {
		this.field = field;
	}

	/** The JSON field of the purge body that asks for this kind. */
	public String field() {
		return this.field;
	}

	/** Lower-case metric tag value ({@code files}, …, {@code everything}). */
	public String tag() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The kind a body field asks for, or null. */
	static PurgeKind ofField(String field) {
		for (PurgeKind kind : values()) {
			if (kind.field.equals(field)) {
				return kind;
			}
		}
		return null;
	}

}
