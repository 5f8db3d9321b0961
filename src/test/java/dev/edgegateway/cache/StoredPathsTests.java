package dev.edgegateway.cache;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The HIT fast path's record of paths with something stored: lossy towards "maybe", never towards "no". */
class StoredPathsTests {

	private final StoredPaths paths = new StoredPaths();

	@Test
	void aPathNothingWasStoredForIsCertainlyNotHeld() {
		assertThat(this.paths.mayHold("/static/app.css")).isFalse();
	}

	@Test
	void everyPathAddedMayBeHeld() {
		IntStream.range(0, 50_000).forEach(i -> this.paths.add("/static/" + i + ".css"));
		assertThat(IntStream.range(0, 50_000).filter(i -> !this.paths.mayHold("/static/" + i + ".css"))).isEmpty();
	}

	@Test
	void fewPathsLeaveMostOthersCertainlyNotHeld() {
		IntStream.range(0, 1_000).forEach(i -> this.paths.add("/static/" + i + ".css"));
		long maybe = IntStream.range(0, 100_000).filter(i -> this.paths.mayHold("/dyn/" + i)).count();
		assertThat(maybe).isLessThan(1_000); // about 1,000 / 2^20 of them, < 1 %
	}

}
