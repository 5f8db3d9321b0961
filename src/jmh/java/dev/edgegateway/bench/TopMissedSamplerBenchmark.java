package dev.edgegateway.bench;

import java.util.concurrent.TimeUnit;

import dev.edgegateway.observe.TopMissedSampler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * {@link TopMissedSampler#record}, run for every request the cache did not answer (MISS, BYPASS,
 * DYNAMIC…): a URL fetched over and over (the bench's pass-through), from one thread and from two
 * (the event loops of a 2-core box).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TopMissedSamplerBenchmark {

	private static final String URL = "http://www.example.com/static/no-store.js";

	private TopMissedSampler sampler;

	@Setup
	public void setup() {
		this.sampler = new TopMissedSampler(1000);
		for (int i = 0; i < 500; i++) {
			this.sampler.record("http://www.example.com/other/" + i, "MISS");
		}
	}

	@Benchmark
	public void repeatedUrl() {
		this.sampler.record(URL, "BYPASS");
	}

	@Benchmark
	@Threads(2)
	public void repeatedUrlTwoThreads() {
		this.sampler.record(URL, "BYPASS");
	}

}
