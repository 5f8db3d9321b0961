package dev.edgegateway.bench;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.edgegateway.cache.CacheKeys;
import dev.edgegateway.cache.KeyPolicy;
import dev.edgegateway.cache.SyntheticExchange;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Primary key building ({@link CacheKeys#primary}), run on every eligible request: the default key
 * (scheme, host, path, raw query), a sorted query, and a key with a header and a cookie.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CacheKeysBenchmark {

	private static final KeyPolicy SORTED = new KeyPolicy(true, KeyPolicy.QueryMode.ALL, Set.of(), true, List.of(),
			List.of());

	private static final KeyPolicy HEADER_AND_COOKIE = new KeyPolicy(true, KeyPolicy.QueryMode.EXCLUDE,
			Set.of("utm_source"), true, List.of("x-device"), List.of("lang"));

	private ServerHttpRequest plain;

	private ServerHttpRequest withQuery;

	@Setup
	public void setup() {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.HOST, "www.example.com");
		headers.set(HttpHeaders.USER_AGENT, "wrk");
		headers.set("X-Device", "mobile");
		headers.set(HttpHeaders.COOKIE, "session=abc; lang=de");
		this.plain = SyntheticExchange.of(HttpMethod.GET, URI.create("http://www.example.com/static/app.css"), headers)
			.getRequest();
		this.withQuery = SyntheticExchange
			.of(HttpMethod.GET, URI.create("http://www.example.com/static/app.js?v=3&utm_source=x&a=1"), headers)
			.getRequest();
	}

	@Benchmark
	public String defaultKey() {
		return CacheKeys.primary(this.plain, KeyPolicy.DEFAULT);
	}

	@Benchmark
	public String defaultKeyWithQuery() {
		return CacheKeys.primary(this.withQuery, KeyPolicy.DEFAULT);
	}

	@Benchmark
	public String sortedQuery() {
		return CacheKeys.primary(this.withQuery, SORTED);
	}

	@Benchmark
	public String headerAndCookie() {
		return CacheKeys.primary(this.withQuery, HEADER_AND_COOKIE);
	}

	@Benchmark
	public String host() {
		return CacheKeys.host(this.plain);
	}

}
