package dev.edgegateway.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.edgegateway.cache.http.CacheControl;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code Cache-Control} parsing ({@link CacheControl#parse(List)}), run once per origin response
 * (and per request under rfc9111 semantics), over the values origins commonly send.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CacheControlBenchmark {

	@Param({ "public, max-age=3600", "no-cache, no-store, max-age=0, must-revalidate",
			"public, max-age=60, s-maxage=300, stale-while-revalidate=30, stale-if-error=86400",
			"private=\"Set-Cookie\", max-age=600" })
	public String value;

	private List<String> lines;

	@Setup
	public void setup() {
		this.lines = List.of(this.value);
	}

	@Benchmark
	public CacheControl parse() {
		return CacheControl.parse(this.lines);
	}

}
