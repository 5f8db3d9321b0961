package dev.edgegateway.bench;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.edgegateway.cache.store.CachedResponse;
import dev.edgegateway.cache.store.MemoryCacheStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;

/**
 * The store lookup ({@link MemoryCacheStore#get}): a hit and a miss among {@code entries} stored
 * 1 KiB responses, as the Mono the engine gets and resolved synchronously ({@code block()} on a
 * {@code Mono.just} does not block), on one thread and on two (the box has two cores).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MemoryCacheStoreBenchmark {

	@Param({ "10000" })
	public int entries;

	private MemoryCacheStore store;

	private String[] keys;

	private int next;

	@Setup(Level.Trial)
	public void setup() {
		Clock clock = Clock.systemUTC();
		this.store = new MemoryCacheStore(512L * 1024 * 1024, clock);
		long now = clock.millis();
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.CACHE_CONTROL, "public, max-age=3600");
		headers.set(HttpHeaders.CONTENT_TYPE, "application/octet-stream");
		headers.setContentLength(1024);
		HttpHeaders stored = HttpHeaders.readOnlyHttpHeaders(headers);
		this.keys = new String[this.entries];
		for (int i = 0; i < this.entries; i++) {
			String key = "http://www.example.com/static/" + i + ".bin";
			this.keys[i] = key;
			this.store.put(key, new CachedResponse(key, 200, stored, new byte[1024], now, now, now, 0, 3600, 0, 0,
					false, false, Set.of(), List.of(), null, now + 3_600_000, false)).block();
		}
		this.store.cleanUp();
	}

	private String nextKey() {
		int i = this.next + 1;
		if (i >= this.keys.length) {
			i = 0;
		}
		this.next = i;
		return this.keys[i];
	}

	@Benchmark
	public Mono<CachedResponse> hitMono() {
		return this.store.get(nextKey());
	}

	@Benchmark
	public CachedResponse hitResolved() {
		return this.store.get(nextKey()).block();
	}

	@Benchmark
	@Threads(2)
	public CachedResponse hitResolvedTwoThreads() {
		return this.store.get(this.keys[(int) (Thread.currentThread().getId() & 1023)]).block();
	}

	@Benchmark
	public CachedResponse missResolved() {
		return this.store.get("http://www.example.com/absent").block();
	}

}
