package dev.edgegateway.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import io.netty.handler.codec.http.HttpHeaders;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;

/**
 * A real HTTP origin for tests (Reactor Netty on a random loopback port): answers each path with
 * what the test registered, records every request it gets, and can be told to fail.
 */
public final class TestOrigin implements AutoCloseable {

	private final Map<String, Function<HttpServerRequest, Reply>> handlers = new ConcurrentHashMap<>();

	private final Map<String, List<Received>> received = new ConcurrentHashMap<>();

	private final DisposableServer server;

	private TestOrigin() {
		this.server = HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> {
			String path = request.fullPath();
			this.received.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>())
				.add(new Received(request.method().name(), request.uri(), request.requestHeaders().copy()));
			Function<HttpServerRequest, Reply> handler = this.handlers.get(path);
			Reply reply = handler != null ? handler.apply(request) : Reply.status(404).body("no handler for " + path);
			if (reply.dropConnection) {
				return response.withConnection(connection -> connection.dispose()).then();
			}
			response.status(reply.status);
			reply.headers.forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
			Mono<Void> send = response.sendByteArray(Mono.just(reply.body)).then();
			Mono<Void> waited = reply.gate != null ? reply.gate.then(send) : send;
			return reply.delay.isZero() ? waited : Mono.delay(reply.delay).then(waited);
		}).bindNow();
	}

	public static TestOrigin start() {
		return new TestOrigin();
	}

	private static TestOrigin shared;

	/** One origin for every test class of the run (stopped when the JVM exits); tests use paths of their own. */
	public static synchronized TestOrigin shared() {
		if (shared == null) {
			shared = new TestOrigin();
		}
		return shared;
	}

	public int port() {
		return this.server.port();
	}

	public String url() {
		return "http://127.0.0.1:" + port();
	}

	/** Answers GETs of a path (query included when the test calls with one) with a fixed reply. */
	public TestOrigin on(String path, Reply reply) {
		return on(path, request -> reply);
	}

	public TestOrigin on(String path, Function<HttpServerRequest, Reply> handler) {
		this.handlers.put(path, handler);
		return this;
	}

	/** How many requests reached the path. */
	public int count(String path) {
		return requests(path).size();
	}

	public List<Received> requests(String path) {
		return this.received.getOrDefault(path, List.of());
	}

	@Override
	public void close() {
		this.server.disposeNow();
	}

	/** A request the origin received. */
	public record Received(String method, String uri, HttpHeaders headers) {
	}

	/** What the origin answers. */
	public static final class Reply {

		final int status;

		final Map<String, List<String>> headers = new LinkedHashMap<>();

		byte[] body = new byte[0];

		Duration delay = Duration.ZERO;

		boolean dropConnection;

		Mono<?> gate;

		private Reply(int status) {
			this.status = status;
		}

		public static Reply status(int status) {
			return new Reply(status);
		}

		public static Reply ok(String body) {
			return new Reply(200).body(body);
		}

		/** Closes the connection without answering. */
		public static Reply drop() {
			Reply reply = new Reply(0);
			reply.dropConnection = true;
			return reply;
		}

		public Reply header(String name, String value) {
			this.headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
			return this;
		}

		public Reply body(String body) {
			return body(body.getBytes(StandardCharsets.UTF_8));
		}

		public Reply body(byte[] body) {
			this.body = body;
			return this;
		}

		public Reply delay(Duration delay) {
			this.delay = delay;
			return this;
		}

		/** Answers only once {@code gate} completes (the test decides when the origin's answer arrives). */
		public Reply after(Mono<?> gate) {
			this.gate = gate;
			return this;
		}

	}

}
