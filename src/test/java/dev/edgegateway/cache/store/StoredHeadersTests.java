package dev.edgegateway.cache.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class StoredHeadersTests {

	private static HttpHeaders origin() {
		HttpHeaders headers = new HttpHeaders();
		headers.add("Content-Type", "text/css; charset=utf-8");
		headers.add("ETag", "\"v1\"");
		headers.add("Link", "</a.css>; rel=preload");
		headers.add("Link", "</b.js>; rel=preload");
		headers.add("X-Origin-Req", "r-42");
		return headers;
	}

	@Test
	void keepsNamesOrderAndEveryValue() {
		HttpHeaders stored = StoredHeaders.copyOf(origin());
		List<String> names = new ArrayList<>();
		stored.forEach((name, values) -> names.add(name + "=" + values));
		assertThat(names).containsExactly("Content-Type=[text/css; charset=utf-8]", "ETag=[\"v1\"]",
				"Link=[</a.css>; rel=preload, </b.js>; rel=preload]", "X-Origin-Req=[r-42]");
		assertThat(stored.size()).isEqualTo(4);
		assertThat(stored.toSingleValueMap()).containsEntry("Link", "</a.css>; rel=preload");
	}

	@Test
	void looksNamesUpIgnoringCase() {
		HttpHeaders stored = StoredHeaders.copyOf(origin());
		assertThat(stored.getFirst("etag")).isEqualTo("\"v1\"");
		assertThat(stored.get("LINK")).containsExactly("</a.css>; rel=preload", "</b.js>; rel=preload");
		assertThat(stored.containsHeader("x-origin-req")).isTrue();
		assertThat(stored.containsHeader("Vary")).isFalse();
		assertThat(stored.get("Vary")).isNull();
		assertThat(stored.getFirst("Vary")).isNull();
		assertThat(stored.getContentType()).isEqualTo(MediaType.parseMediaType("text/css; charset=utf-8"));
		assertThat(stored.getETag()).isEqualTo("\"v1\"");
	}

	@Test
	void equalsTheHeadersItWasCopiedFrom() {
		HttpHeaders copy = new HttpHeaders();
		copy.putAll(StoredHeaders.copyOf(origin()));
		assertThat(copy).isEqualTo(origin());
		assertThat(StoredHeaders.copyOf(new HttpHeaders()).isEmpty()).isTrue();
	}

	@Test
	void isReadOnly() {
		HttpHeaders stored = StoredHeaders.copyOf(origin());
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> stored.add("A", "b"));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> stored.set("ETag", "x"));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> stored.remove("ETag"));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(stored::clear);
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> stored.putAll(Map.of("A", List.of("b"))));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> stored.get("Link").add("</c.js>"));
	}

	@Test
	void wellKnownNamesAreSharedByEveryEntry() {
		StoredHeaders one = StoredHeaders.of(StoredHeaders.copyOf(origin()));
		HttpHeaders other = new HttpHeaders();
		other.add(new String("Content-Type".toCharArray()), "text/html");
		other.add(new String("X-Origin-Req".toCharArray()), "r-43");
		StoredHeaders two = StoredHeaders.of(StoredHeaders.copyOf(other));
		assertThat(two.name(0)).isSameAs(one.name(0));
		assertThat(two.name(1)).isNotSameAs(one.name(3)); // not a well-known name: the entry's own
	}

	@Test
	void anEntryIsAlwaysHeldWithStoredHeaders() {
		CachedResponse entry = new CachedResponse("http://h/a.css", 200, origin(), new byte[10], 0, 0, 0, 0, 60, 0,
				0, false, false, Set.of(), List.of(), null, 60_000, false);
		assertThat(StoredHeaders.of(entry.headers())).isNotNull();
		assertThat(entry.headers().get("Link")).hasSize(2);
	}

	@Test
	void theWeightCountsBodyHeadersKeyAndBookkeeping() {
		byte[] body = new byte[1024];
		String key = "http://example.com/static/app.css";
		CachedResponse small = new CachedResponse(key, 200, origin(), body, 0, 0, 0, 0, 60, 0, 0, false, false,
				Set.of(), List.of(), null, 60_000, false);
		int characters = 0;
		for (Map.Entry<String, List<String>> header : origin().headerSet()) {
			for (String value : header.getValue()) {
				characters += value.length();
			}
		}
		// the body, every value, the key twice (store, purge index) and at least 40 bytes an object
		assertThat(small.weight()).isGreaterThan(body.length + characters + 2 * key.length() + 10 * 40);
		// but not the four times a naive per-object estimate of a mutable header map would reach
		assertThat(small.weight()).isLessThan(2 * (body.length + characters + 2 * key.length()) + 1024);
		CachedResponse tagged = new CachedResponse(key, 200, origin(), body, 0, 0, 0, 0, 60, 0, 0, false, false,
				Set.of("blue", "green"), List.of(), null, 60_000, false);
		assertThat(tagged.weight()).isGreaterThan(small.weight() + 2 * 64);
	}

}
