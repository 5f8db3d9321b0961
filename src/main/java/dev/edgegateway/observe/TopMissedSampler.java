package dev.edgegateway.observe;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The URLs that most often had to go to the origin (MISS, EXPIRED, BYPASS, DYNAMIC), so operators
 * see what to cache next. Bounded: a Caffeine cache of at most {@code capacity} counters whose
 * TinyLFU admission keeps the frequently missed keys and lets one-off URLs fall out, so counts of
 * the top keys are exact while they stay, and memory never grows with the number of URLs.
 */
public final class TopMissedSampler {

	private static final int TOUCH_EVERY = 16;

	private final Cache<String, Sample> samples;

	private final int capacity;

	public TopMissedSampler(int capacity) {
		this.capacity = capacity;
		this.samples = Caffeine.newBuilder().maximumSize(capacity).executor(Runnable::run).build();
	}

	/**
	 * Counts one origin fetch of a URL. A sampled URL is found with a quiet read (no read buffer, no
	 * maintenance on the request's thread); about one fetch in {@value #TOUCH_EVERY} is also a read the
	 * eviction policy sees, so a frequently missed URL still outlives one-offs.
	 */
	public void record(String url, String status) {
		Sample sample = this.samples.policy().getIfPresentQuietly(url);
		if (sample == null) {
			sample = this.samples.get(url, Sample::new);
		}
		else if ((ThreadLocalRandom.current().nextInt() & (TOUCH_EVERY - 1)) == 0) {
			this.samples.getIfPresent(url);
		}
		sample.count.increment();
		// statuses are constants: unchanged, the shared line is not written again
		if (sample.lastStatus != status) {
			sample.lastStatus = status;
		}
	}

	/** The {@code limit} most missed URLs, most missed first. */
	public List<Entry> top(int limit) {
		return this.samples.asMap()
			.values()
			.stream()
			.map(sample -> new Entry(sample.url, sample.count.sum(), sample.lastStatus))
			.sorted(Comparator.comparingLong(Entry::misses).reversed().thenComparing(Entry::url))
			.limit(Math.max(0, Math.min(limit, this.capacity)))
			.toList();
	}

	public int capacity() {
		return this.capacity;
	}

	/**
	 * One sampled URL.
	 *
	 * @param url the cache key, or the URL of a request that had none
	 * @param misses origin fetches counted while it was sampled
	 * @param lastStatus the cache status of its latest fetch
	 */
	public record Entry(String url, long misses, String lastStatus) {
	}

	private static final class Sample {

		final String url;

		final LongAdder count = new LongAdder();

		volatile String lastStatus;

		Sample(String url) {
			this.url = url;
		}

	}

}
