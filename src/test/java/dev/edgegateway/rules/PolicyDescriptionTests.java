package dev.edgegateway.rules;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyDescriptionTests {

	@Test
	void consecutiveStatusesWithOneTtlAreWrittenAsRanges() {
		Map<Integer, Duration> ttls = new LinkedHashMap<>();
		for (int status = 599; status >= 500; status--) {
			ttls.put(status, Duration.ofSeconds(-1));
		}
		ttls.put(200, Duration.ofHours(2));
		ttls.put(206, Duration.ofHours(2));
		ttls.put(404, Duration.ZERO);
		ttls.put(405, Duration.ZERO);
		ttls.put(410, Duration.ofMinutes(3));
		ttls.put(503, Duration.ofSeconds(-1));
		assertThat(PolicyDescription.ranges(ttls)).containsExactly(Map.entry("200", 7200L), Map.entry("206", 7200L),
				Map.entry("404-405", 0L), Map.entry("410", 180L), Map.entry("500-599", -1L));
	}

	@Test
	void noTtlsIsEmpty() {
		assertThat(PolicyDescription.ranges(Map.of())).isEmpty();
	}

}
