package dev.edgegateway.cache.http;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FreshnessTests {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	@Test
	void sMaxAgeBeatsMaxAgeBeatsExpires() {
		List<String> expires = List.of(HttpDates.format(T0.plusSeconds(500)));
		assertThat(Freshness.explicitLifetime(CacheControl.parse("max-age=10, s-maxage=20"), expires, T0)).isEqualTo(20);
		assertThat(Freshness.explicitLifetime(CacheControl.parse("max-age=10"), expires, T0)).isEqualTo(10);
		assertThat(Freshness.explicitLifetime(CacheControl.EMPTY, expires, T0)).isEqualTo(500);
		assertThat(Freshness.explicitLifetime(CacheControl.EMPTY, null, T0)).isEqualTo(Freshness.NONE);
	}

	@Test
	void invalidOrPastExpiresMeansAlreadyExpired() {
		assertThat(Freshness.explicitLifetime(CacheControl.EMPTY, List.of("0"), T0)).isZero();
		assertThat(Freshness.explicitLifetime(CacheControl.EMPTY, List.of(HttpDates.format(T0.minusSeconds(9))), T0))
			.isZero();
	}

	@Test
	void heuristicIsTenPercentOfTheTimeSinceLastModifiedCappedAtADay() {
		assertThat(Freshness.heuristicLifetime(HttpDates.format(T0.minusSeconds(1000)), T0)).isEqualTo(100);
		assertThat(Freshness.heuristicLifetime(HttpDates.format(T0.minusSeconds(100L * 86400)), T0)).isEqualTo(86400);
		assertThat(Freshness.heuristicLifetime("garbage", T0)).isEqualTo(Freshness.NONE);
		assertThat(Freshness.heuristicLifetime(HttpDates.format(T0.plusSeconds(5)), T0)).isEqualTo(Freshness.NONE);
	}

	@Test
	void currentAgeFollowsRfc9111Section423() {
		// origin Date 10s before it answered; the answer took 2s; 30s resident
		Instant requestTime = T0;
		Instant responseTime = T0.plusSeconds(2);
		Instant date = T0.minusSeconds(8);
		assertThat(Freshness.currentAge(0, date, requestTime, responseTime, responseTime.plusSeconds(30))).isEqualTo(40);
		// an Age header plus the response delay beats a smaller apparent age
		assertThat(Freshness.currentAge(100, responseTime, requestTime, responseTime, responseTime)).isEqualTo(102);
		// a Date in the future never makes the age negative
		assertThat(Freshness.currentAge(0, T0.plusSeconds(999), T0, T0, T0)).isZero();
	}

	@Test
	void ageValuesAreParsedRobustly() {
		assertThat(Freshness.parseAge(List.of("15"))).isEqualTo(15);
		assertThat(Freshness.parseAge(List.of("-3"))).isZero();
		assertThat(Freshness.parseAge(List.of("soon"))).isZero();
		assertThat(Freshness.parseAge(List.of("7", "900"))).isEqualTo(7);
		assertThat(Freshness.parseAge(null)).isZero();
	}

}
