package dev.edgegateway.cache.store;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import org.springframework.http.HttpHeaders;
import org.springframework.util.MultiValueMap;

/**
 * The headers of a stored response, compact and read-only: two arrays (the names, each once in the
 * order received, and for each a value or an immutable list of values), well-known names shared by
 * every entry. A stored 1 KiB response held its nine headers in about a hundred objects as a
 * mutable {@link HttpHeaders}; here they take about twenty, which is what the garbage collector
 * has to trace for every entry of a full store. Lookups are case-insensitive, as for
 * {@link HttpHeaders}; every mutator throws {@link UnsupportedOperationException}.
 */
public final class StoredHeaders extends AbstractMap<String, List<String>> implements MultiValueMap<String, String> {

	private static final StoredHeaders EMPTY = new StoredHeaders(new String[0], new Object[0]);

	/** Names most origins send, in the spellings they send them: one instance for all entries. */
	private static final Map<String, String> WELL_KNOWN = wellKnown("Accept-Ranges", "Access-Control-Allow-Origin",
			"Age", "Cache-Control", "Content-Disposition", "Content-Encoding", "Content-Language", "Content-Length",
			"Content-Location", "Content-Security-Policy", "Content-Type", "Date", "ETag", "Etag", "Expires",
			"Last-Modified", "Link", "Location", "Pragma", "Server", "Set-Cookie", "Strict-Transport-Security",
			"Timing-Allow-Origin", "Vary", "Via", "X-Content-Type-Options", "X-Frame-Options", "X-Powered-By",
			"X-Request-Id", "X-XSS-Protection");

	private final String[] names;

	/** For each name, a {@link String} (one value) or an immutable {@code List<String>}. */
	private final Object[] values;

	private StoredHeaders(String[] names, Object[] values) {
		this.names = names;
		this.values = values;
	}

	/** A compact, read-only copy of {@code source}, as {@link HttpHeaders}. */
	public static HttpHeaders copyOf(HttpHeaders source) {
		Set<Map.Entry<String, List<String>>> headers = source.headerSet();
		if (headers.isEmpty()) {
			return new HttpHeaders(EMPTY);
		}
		String[] names = new String[headers.size()];
		Object[] values = new Object[names.length];
		int i = 0;
		for (Map.Entry<String, List<String>> header : headers) {
			List<String> list = header.getValue();
			names[i] = WELL_KNOWN.getOrDefault(header.getKey(), header.getKey());
			values[i] = list.size() == 1 ? list.get(0) : List.copyOf(list);
			i++;
		}
		return new HttpHeaders(new StoredHeaders(names, values));
	}

	/** The compact form behind {@code headers}, or null when they are not stored headers. */
	public static StoredHeaders of(HttpHeaders headers) {
		return headers.asMultiValueMap() instanceof StoredHeaders stored ? stored : null;
	}

	/** Number of distinct names. */
	public int count() {
		return this.names.length;
	}

	/** The {@code i}-th name, in the order received. */
	public String name(int i) {
		return this.names[i];
	}

	/** The {@code i}-th name's value: a {@link String}, or a {@code List<String>} when it has several. */
	public Object value(int i) {
		return this.values[i];
	}

	/**
	 * Approximate heap bytes of these headers: arrays, values and names that are not shared
	 * (64-bit JVM, compressed references, compact strings).
	 */
	long heapBytes() {
		long size = 24 + 2 * (16 + 4L * this.names.length);
		for (int i = 0; i < this.names.length; i++) {
			if (WELL_KNOWN.get(this.names[i]) != this.names[i]) {
				size += stringBytes(this.names[i]);
			}
			if (this.values[i] instanceof String value) {
				size += stringBytes(value);
			}
			else {
				List<?> list = (List<?>) this.values[i];
				size += 16 + 4L * list.size();
				for (Object value : list) {
					size += stringBytes((String) value);
				}
			}
		}
		return size;
	}

	/** A String's bytes: the object and its array, Latin-1 (one byte a character) in the common case. */
	static long stringBytes(String value) {
		return 24 + ((16 + value.length() + 7) & ~7);
	}

	private int indexOf(Object name) {
		if (name instanceof String wanted) {
			for (int i = 0; i < this.names.length; i++) {
				if (this.names[i].equalsIgnoreCase(wanted)) {
					return i;
				}
			}
		}
		return -1;
	}

	@SuppressWarnings("unchecked")
	private static List<String> asList(Object value) {
		return value instanceof String single ? List.of(single) : (List<String>) value;
	}

	@Override
	public List<String> get(Object name) {
		int i = indexOf(name);
		return i < 0 ? null : asList(this.values[i]);
	}

	@Override
	public String getFirst(String name) {
		int i = indexOf(name);
		if (i < 0) {
			return null;
		}
		return this.values[i] instanceof String single ? single : asList(this.values[i]).get(0);
	}

	@Override
	public boolean containsKey(Object name) {
		return indexOf(name) >= 0;
	}

	@Override
	public int size() {
		return this.names.length;
	}

	@Override
	public Set<Map.Entry<String, List<String>>> entrySet() {
		return new AbstractSet<>() {

			@Override
			public Iterator<Map.Entry<String, List<String>>> iterator() {
				return new Iterator<>() {

					private int next;

					@Override
					public boolean hasNext() {
						return this.next < StoredHeaders.this.names.length;
					}

					@Override
					public Map.Entry<String, List<String>> next() {
						if (!hasNext()) {
							throw new NoSuchElementException();
						}
						int i = this.next++;
						return new SimpleImmutableEntry<>(StoredHeaders.this.names[i],
								asList(StoredHeaders.this.values[i]));
					}

				};
			}

			@Override
			public int size() {
				return StoredHeaders.this.names.length;
			}

		};
	}

	@Override
	public Map<String, String> toSingleValueMap() {
		Map<String, String> single = new LinkedHashMap<>();
		for (int i = 0; i < this.names.length; i++) {
			single.put(this.names[i], getFirst(this.names[i]));
		}
		return single;
	}

	@Override
	public void add(String name, String value) {
		throw readOnly();
	}

	@Override
	public void addAll(String name, List<? extends String> values) {
		throw readOnly();
	}

	@Override
	public void addAll(MultiValueMap<String, String> values) {
		throw readOnly();
	}

	@Override
	public void set(String name, String value) {
		throw readOnly();
	}

	@Override
	public void setAll(Map<String, String> values) {
		throw readOnly();
	}

	@Override
	public List<String> put(String name, List<String> value) {
		throw readOnly();
	}

	@Override
	public List<String> remove(Object name) {
		throw readOnly();
	}

	@Override
	public void clear() {
		throw readOnly();
	}

	private static UnsupportedOperationException readOnly() {
		return new UnsupportedOperationException("stored headers are read-only");
	}

	private static Map<String, String> wellKnown(String... names) {
		Map<String, String> map = new java.util.HashMap<>();
		for (String name : names) {
			map.put(name, name);
			map.put(name.toLowerCase(java.util.Locale.ROOT), name.toLowerCase(java.util.Locale.ROOT));
		}
		return Map.copyOf(map);
	}

}
