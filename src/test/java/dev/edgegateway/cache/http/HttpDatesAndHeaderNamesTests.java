package dev.edgegateway.cache.http;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HttpDatesAndHeaderNamesTests {

	@Test
	void allThreeDateFormatsAreRead() {
		Instant expected = Instant.parse("1994-11-06T08:49:37Z");
		assertThat(HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT")).isEqualTo(expected);
		assertThat(HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT")).isEqualTo(expected);
		assertThat(HttpDates.parse("Sun Nov  6 08:49:37 1994")).isEqualTo(expected);
		assertThat(HttpDates.parse("0")).isNull();
		assertThat(HttpDates.parse(null)).isNull();
		assertThat(HttpDates.format(expected)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
	}

	@Test
	void varyIsNormalisedAndStarWins() {
		assertThat(HeaderNames.vary(List.of("Accept-Encoding, User-Agent", "accept-encoding"))).containsExactly(
				"accept-encoding", "user-agent");
		assertThat(HeaderNames.vary(List.of("Accept, *"))).containsExactly("*");
		assertThat(HeaderNames.vary(null)).isEmpty();
	}

	@Test
	void connectionNamesAreHopByHop() {
		assertThat(HeaderNames.hopByHop(List.of("close, X-Secret"))).contains("x-secret", "close", "transfer-encoding");
	}

}
