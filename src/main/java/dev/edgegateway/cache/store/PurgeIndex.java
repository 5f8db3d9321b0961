package dev.edgegateway.cache.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Indexes of the keys a store holds, so purges by prefix, host and tag find their entries without
 * scanning the store: a sorted map of keys without their scheme (prefixes and hosts are ranges of
 * it) and a map from tag to keys. Holds exactly the keys the store holds: the store adds a key when
 * it stores it and removes it when the entry leaves for any reason, so the index is bounded by the
 * store.
 */
public final class PurgeIndex {

	private static final char SCHEME_SEPARATOR = '\u0000';

	private final ConcurrentSkipListMap<String, String> byLocation = new ConcurrentSkipListMap<>();

	private final ConcurrentHashMap<String, Set<String>> byTag = new ConcurrentHashMap<>();

	/** Records a stored entry. */
	public void add(String key, Set<String> tags) {
		this.byLocation.put(location(key), key);
		for (String tag : tags) {
			this.byTag.computeIfAbsent(tag, t -> ConcurrentHashMap.newKeySet()).add(key);
		}
	}

	/** Forgets a key, or only the tags it no longer has when it is still stored with {@code keptTags}. */
	public void remove(String key, Set<String> tags, Set<String> keptTags) {
		if (keptTags == null) {
			this.byLocation.remove(location(key));
		}
		for (String tag : tags) {
			if (keptTags != null && keptTags.contains(tag)) {
				continue;
			}
			this.byTag.computeIfPresent(tag, (t, keys) -> {
				keys.remove(key);
				return keys.isEmpty() ? null : keys;
			});
		}
	}

	/**
	 * Keys under a {@code host/path} prefix, whatever the scheme and query: the prefix matches
	 * whole path segments ({@code host/a} matches {@code host/a/b} and {@code host/a?x}, not
	 * {@code host/ab}).
	 */
	public List<String> keysWithPrefix(String prefix) {
		String start = locationPrefix(prefix);
		List<String> keys = new ArrayList<>();
		for (var entry : this.byLocation.subMap(start, true, start + Character.MAX_VALUE, true).entrySet()) {
			if (endsAtBoundary(entry.getKey(), start)) {
				keys.add(entry.getValue());
			}
		}
		return keys;
	}

	/** A {@code host/path} prefix as it sorts among locations: the host lower-cased, the path as given. */
	private static String locationPrefix(String prefix) {
		String normalised = prefix.toLowerCase(Locale.ROOT);
		int slash = normalised.indexOf('/');
		// the host is case-insensitive, the path is not
		return slash < 0 ? normalised : normalised.substring(0, slash) + prefix.substring(slash);
	}

	/** Whether a location starting with {@code start} ends a whole path segment there. */
	private static boolean endsAtBoundary(String location, String start) {
		char next = location.length() > start.length() ? location.charAt(start.length()) : SCHEME_SEPARATOR;
		return start.endsWith("/") || next == '/' || next == '?' || next == '|' || next == SCHEME_SEPARATOR;
	}

	/**
	 * Whether a purge names the entry stored under {@code key} with {@code tags}: the same matching
	 * as the lookups above, for one entry (an entry stored while the purge ran, see {@link PurgeFence}).
	 */
	static boolean names(PurgeRequest request, String key, Set<String> tags) {
		if (request.kind() == PurgeRequest.Kind.EVERYTHING) {
			return true;
		}
		for (String value : request.values()) {
			boolean named = switch (request.kind()) {
				case KEYS -> key.equals(value) || key.startsWith(value + "|v");
				case PREFIXES -> locatedUnder(key, locationPrefix(value));
				case HOSTS -> locatedUnder(key, value.toLowerCase(Locale.ROOT) + "/");
				case TAGS -> tags.contains(value.toLowerCase(Locale.ROOT));
				case EVERYTHING -> true;
			};
			if (named) {
				return true;
			}
		}
		return false;
	}

	private static boolean locatedUnder(String key, String start) {
		String location = location(key);
		return location.startsWith(start) && endsAtBoundary(location, start);
	}

	/** Keys of a host. */
	public List<String> keysOfHost(String host) {
		return keysWithPrefix(host.toLowerCase(Locale.ROOT) + "/");
	}

	/** Keys tagged with a tag (case-insensitive). */
	public Collection<String> keysWithTag(String tag) {
		Set<String> keys = this.byTag.get(tag.toLowerCase(Locale.ROOT));
		return keys == null ? List.of() : List.copyOf(keys);
	}

	/** A primary key and its Vary variants (their keys extend it with {@code |v}). */
	public List<String> keyAndVariants(String primaryKey) {
		List<String> keys = new ArrayList<>();
		keys.add(primaryKey);
		String start = location(primaryKey);
		int end = start.lastIndexOf(SCHEME_SEPARATOR);
		String base = start.substring(0, end) + "|v";
		for (String key : this.byLocation.subMap(base, true, base + Character.MAX_VALUE, true).values()) {
			if (key.startsWith(primaryKey)) {
				keys.add(key);
			}
		}
		return keys;
	}

	/** Number of keys indexed. */
	public int size() {
		return this.byLocation.size();
	}

	/** Number of distinct tags indexed. */
	public int tagCount() {
		return this.byTag.size();
	}

	public void clear() {
		this.byLocation.clear();
		this.byTag.clear();
	}

	/** {@code host/path?query…} then the scheme, so keys of all schemes sort together by location. */
	static String location(String key) {
		int schemeEnd = key.indexOf("://");
		if (schemeEnd < 0) {
			return key + SCHEME_SEPARATOR;
		}
		return key.substring(schemeEnd + 3) + SCHEME_SEPARATOR + key.substring(0, schemeEnd);
	}

}
