package dev.edgegateway.cache;

import java.time.Duration;

import dev.edgegateway.support.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The hit-for-miss mark: set by an unstorable answer, gone after its time or once the key is stored. */
class RequestCollapserTests {

	private final MutableClock clock = new MutableClock();

	private final RequestCollapser collapser = new RequestCollapser(Duration.ofSeconds(5), Duration.ofSeconds(30),
			this.clock);

	@Test
	void anUnstorableAnswerMarksTheKeyUntilTheMarkExpires() {
		assertThat(this.collapser.isUncacheable("k")).isFalse();
		this.collapser.join("k").uncacheable();
		assertThat(this.collapser.isUncacheable("k")).isTrue();
		this.clock.advance(Duration.ofSeconds(29));
		assertThat(this.collapser.isUncacheable("k")).isTrue();
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(this.collapser.isUncacheable("k")).isFalse();
		assertThat(this.collapser.isUncacheable("other")).isFalse();
	}

	@Test
	void aStoredAnswerClearsTheMark() {
		this.collapser.join("k").uncacheable();
		RequestCollapser.Flight next = this.collapser.join("k");
		assertThat(next.isLeader()).isTrue();
		next.completed(null);
		assertThat(this.collapser.isUncacheable("k")).isFalse();
	}

}
