package dev.edgegateway.cache.store.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import dev.edgegateway.cache.store.CachedResponse;
import dev.edgegateway.cache.store.redis.EntryCodec.UnreadableEntryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EntryCodecTests {

	static CachedResponse entry(String variantId, byte[] body) {
		HttpHeaders headers = new HttpHeaders();
		headers.add("Content-Type", "text/css");
		headers.add("Link", "</a.css>; rel=preload");
		headers.add("Link", "</b.js>; rel=preload");
		headers.add("X-Ünicode", "wert ä");
		return new CachedResponse("https://example.com/a.css?x=1|vabc|accept-encoding=gzip", 203,
				HttpHeaders.readOnlyHttpHeaders(headers), body, 1_000L, 1_050L, 990L, 7L, 600L, 30L, 86_400L, true,
				false, Set.of("blue", "green"), List.of("accept-encoding"), variantId, 9_000_000L, false);
	}

	@Test
	void everyFieldSurvivesTheRoundTrip() {
		CachedResponse entry = entry("abc", "body{}".getBytes(StandardCharsets.UTF_8));
		CachedResponse read = EntryCodec.decode(EntryCodec.encode(entry));
		assertThat(read).usingRecursiveComparison().isEqualTo(entry);
		assertThat(read.headers().get("Link")).containsExactly("</a.css>; rel=preload", "</b.js>; rel=preload");
	}

	@Test
	void varyMarkersAndEntriesWithoutVariantSurvive() {
		CachedResponse marker = CachedResponse.varyMarker("http://h/a.js", List.of("accept-encoding", "x-a"), "v1", 42);
		assertThat(EntryCodec.decode(EntryCodec.encode(marker))).usingRecursiveComparison().isEqualTo(marker);
		CachedResponse plain = entry(null, new byte[0]);
		assertThat(EntryCodec.decode(EntryCodec.encode(plain)).variantId()).isNull();
	}

	@Test
	void theSharedTierFillFlagIsNeverStored() {
		CachedResponse fill = entry("abc", new byte[] { 1 }).asSharedTierFill();
		assertThat(EntryCodec.decode(EntryCodec.encode(fill)).sharedTierFill()).isFalse();
	}

	@Test
	void largeBinaryBodiesSurvive() {
		byte[] body = new byte[8 * 1024 * 1024];
		for (int i = 0; i < body.length; i++) {
			body[i] = (byte) (i * 31);
		}
		assertThat(EntryCodec.decode(EntryCodec.encode(entry("abc", body))).body()).isEqualTo(body);
	}

	@ParameterizedTest
	@ValueSource(bytes = { 0, 2, 99, -1 })
	void anotherFormatVersionIsUnreadable(byte version) {
		byte[] bytes = EntryCodec.encode(entry("abc", new byte[] { 1, 2 }));
		bytes[0] = version;
		assertThatExceptionOfType(UnreadableEntryException.class).isThrownBy(() -> EntryCodec.decode(bytes))
			.satisfies(ex -> assertThat(ex.isNewer()).isEqualTo(version > EntryCodec.VERSION));
	}

	@Test
	void truncatedOrGarbageBytesAreUnreadable() {
		byte[] bytes = EntryCodec.encode(entry("abc", "0123456789".getBytes(StandardCharsets.UTF_8)));
		for (int length = 0; length < bytes.length; length++) {
			byte[] truncated = Arrays.copyOf(bytes, length);
			assertThatExceptionOfType(UnreadableEntryException.class).isThrownBy(() -> EntryCodec.decode(truncated));
		}
		byte[] garbage = new byte[4096];
		Arrays.fill(garbage, (byte) 0x7f);
		garbage[0] = EntryCodec.VERSION;
		assertThatExceptionOfType(UnreadableEntryException.class).isThrownBy(() -> EntryCodec.decode(garbage));
		byte[] trailing = Arrays.copyOf(bytes, bytes.length + 1);
		assertThatExceptionOfType(UnreadableEntryException.class).isThrownBy(() -> EntryCodec.decode(trailing));
	}

}
