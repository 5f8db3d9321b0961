package dev.edgegateway.cache.http;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConditionalsTests {

	private static final Instant DATE = Instant.parse("2026-01-01T00:00:00Z");

	private static final String LAST_MODIFIED = HttpDates.format(DATE.minusSeconds(3600));

	@Test
	void ifNoneMatchUsesWeakComparison() {
		assertThat(Conditionals.notModified(List.of("W/\"a\""), null, "\"a\"", null, DATE)).isTrue();
		assertThat(Conditionals.notModified(List.of("\"x\", \"a\""), null, "W/\"a\"", null, DATE)).isTrue();
		assertThat(Conditionals.notModified(List.of("*"), null, null, null, DATE)).isTrue();
		assertThat(Conditionals.notModified(List.of("\"b\""), null, "\"a\"", null, DATE)).isFalse();
	}

	@Test
	void ifNoneMatchTakesPrecedenceOverIfModifiedSince() {
		assertThat(Conditionals.notModified(List.of("\"b\""), HttpDates.format(DATE), "\"a\"", LAST_MODIFIED, DATE))
			.isFalse();
	}

	@Test
	void ifModifiedSinceComparesWithLastModifiedOrDate() {
		assertThat(Conditionals.notModified(List.of(), HttpDates.format(DATE), null, LAST_MODIFIED, DATE)).isTrue();
		assertThat(Conditionals.notModified(List.of(), HttpDates.format(DATE.minusSeconds(7200)), null, LAST_MODIFIED,
				DATE))
			.isFalse();
		assertThat(Conditionals.notModified(List.of(), HttpDates.format(DATE), null, null, DATE)).isTrue();
		assertThat(Conditionals.notModified(List.of(), "yesterday", null, LAST_MODIFIED, DATE)).isFalse();
	}

}
