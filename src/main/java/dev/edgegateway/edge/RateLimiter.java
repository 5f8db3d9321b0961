package dev.edgegateway.edge;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * A fixed-window request counter per client, in memory (per replica). Windows are aligned to the
 * epoch ({@code period=1m} counts per calendar minute). Memory is bounded: at most
 * {@code max-clients} counters, each forgotten one period after its window started.
 */
final class RateLimiter {

	private final int requests;

	private final long periodMillis;

	private final Clock clock;

	private final Cache<String, Window> windows;

	RateLimiter(int requests, Duration period, long maxClients, Clock clock) {
		this.requests = requests;
		this.periodMillis = period.toMillis();
		this.clock = clock;
		this.windows = Caffeine.newBuilder()
			.ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
			.expireAfterWrite(period)
			.maximumSize(maxClients)
			.build();
	}

	/**
	 * Counts one request of the client: returns 0 when it is within the limit, otherwise the
	 * seconds until the window ends (the {@code Retry-After}, at least 1).
	 */
	long acquire(String client) {
		long now = this.clock.millis();
		long start = now - Math.floorMod(now, this.periodMillis);
		Window window = this.windows.asMap().compute(client,
				(key, current) -> current == null || current.start() != start ? new Window(start, 1)
						: new Window(start, current.count() + 1));
		if (window.count() <= this.requests) {
			return 0;
		}
		long remainingMillis = start + this.periodMillis - now;
		return Math.max(1, (remainingMillis + 999) / 1000);
	}

	private record Window(long start, int count) {
	}

}
