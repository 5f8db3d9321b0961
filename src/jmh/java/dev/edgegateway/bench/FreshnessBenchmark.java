package dev.edgegateway.bench;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.edgegateway.cache.http.Freshness;
import dev.edgegateway.cache.store.CachedResponse;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import org.springframework.http.HttpHeaders;

/**
 * Age computation (RFC 9111 §4.2.3), done twice on every HIT (once to decide freshness, once for
 * the {@code Age} header): {@link Freshness#currentAge} with {@link Instant}s as the code calls it,
 * {@link CachedResponse#currentAge(long)} (which builds four {@code Instant}s per call), and
 * {@code primitiveCurrentAge}, the same arithmetic on epoch milliseconds, as a reference for what
 * a long-only version would cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FreshnessBenchmark {

	private CachedResponse entry;

	private Instant date;

	private Instant requestTime;

	private Instant responseTime;

	private long nowMillis;

	@Setup
	public void setup() {
		long now = System.currentTimeMillis();
		this.nowMillis = now;
		this.date = Instant.ofEpochMilli(now - 120_000);
		this.requestTime = Instant.ofEpochMilli(now - 60_050);
		this.responseTime = Instant.ofEpochMilli(now - 60_000);
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.CACHE_CONTROL, "public, max-age=3600");
		this.entry = new CachedResponse("http://www.example.com/static/1k.bin", 200,
				HttpHeaders.readOnlyHttpHeaders(headers), new byte[1024], now - 60_050, now - 60_000, now - 120_000, 5,
				3600, 0, 0, false, false, Set.of(), List.of(), null, now + 3_600_000, false);
	}

	@Benchmark
	public long freshnessCurrentAge() {
		return Freshness.currentAge(5, this.date, this.requestTime, this.responseTime,
				Instant.ofEpochMilli(this.nowMillis));
	}

	@Benchmark
	public long cachedResponseCurrentAge() {
		return this.entry.currentAge(this.nowMillis);
	}

	@Benchmark
	public long primitiveCurrentAge() {
		return primitive(5, this.nowMillis - 120_000, this.nowMillis - 60_050, this.nowMillis - 60_000, this.nowMillis);
	}

	/** RFC 9111 §4.2.3 on epoch milliseconds (whole seconds, as Duration#toSeconds truncates). */
	static long primitive(long ageValue, long date, long requestTime, long responseTime, long now) {
		long apparentAge = Math.max(0, (responseTime - date) / 1000);
		long responseDelay = Math.max(0, (responseTime - requestTime) / 1000);
		long correctedInitialAge = Math.max(apparentAge, ageValue + responseDelay);
		return correctedInitialAge + Math.max(0, (now - responseTime) / 1000);
	}

}
