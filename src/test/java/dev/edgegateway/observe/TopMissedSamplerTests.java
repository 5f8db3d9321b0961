package dev.edgegateway.observe;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopMissedSamplerTests {

	@Test
	void keepsFrequentlyMissedUrlsAndStaysBoundedUnderManyOneOffs() {
		TopMissedSampler sampler = new TopMissedSampler(16);
		for (int i = 0; i < 10_000; i++) {
			sampler.record("http://h/one-off/" + i, "MISS");
			if (i % 10 == 0) {
				sampler.record("http://h/hot.js", "BYPASS");
			}
		}
		assertThat(sampler.top(100)).hasSizeLessThanOrEqualTo(16);
		TopMissedSampler.Entry top = sampler.top(1).get(0);
		assertThat(top.url()).isEqualTo("http://h/hot.js");
		assertThat(top.lastStatus()).isEqualTo("BYPASS");
		assertThat(top.misses()).isGreaterThan(100);
	}

	@Test
	void countsExactlyBelowCapacityMostMissedFirst() {
		TopMissedSampler sampler = new TopMissedSampler(16);
		for (int i = 0; i < 3; i++) {
			sampler.record("http://h/a", "MISS");
		}
		sampler.record("http://h/b", "DYNAMIC");
		assertThat(sampler.top(10)).containsExactly(new TopMissedSampler.Entry("http://h/a", 3, "MISS"),
				new TopMissedSampler.Entry("http://h/b", 1, "DYNAMIC"));
		assertThat(sampler.top(-1)).isEmpty();
	}

}
