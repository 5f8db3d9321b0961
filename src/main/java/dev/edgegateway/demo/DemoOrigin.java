package dev.edgegateway.demo;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.edgegateway.cache.http.HttpDates;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServer;

import org.springframework.context.SmartLifecycle;

/**
 * The embedded demo origin of the {@code demo} profile: a small site whose assets show every cache
 * status (see the README's quick start). Listens on loopback only.
 */
public class DemoOrigin implements SmartLifecycle {

	private static final String ETAG = "\"demo-v1\"";

	private final int port;

	private final Clock clock;

	private final AtomicBoolean failing = new AtomicBoolean();

	private final AtomicInteger version = new AtomicInteger();

	private volatile DisposableServer server;

	public DemoOrigin(int port, Clock clock) {
		this.port = port;
		this.clock = clock;
	}

	@Override
	public void start() {
		this.server = HttpServer.create().host("127.0.0.1").port(this.port).handle(this::handle).bindNow();
	}

	@Override
	public void stop() {
		if (this.server != null) {
			this.server.disposeNow();
		}
	}

	@Override
	public boolean isRunning() {
		return this.server != null && !this.server.isDisposed();
	}

	/** Starts before the gateway's web server so the first request finds the origin. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 1000;
	}

	public int port() {
		return this.server.port();
	}

	private Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		response.header("Date", HttpDates.format(Instant.ofEpochMilli(this.clock.millis())));
		response.header("X-Demo-Origin-Version", Integer.toString(this.version.incrementAndGet()));
		String path = request.path().isEmpty() ? "/" : "/" + request.path();
		return switch (path) {
			case "/static/app.css" -> send(response, "text/css", "body { font-family: sans-serif; }\n",
					"Cache-Control", "public, max-age=3600");
			case "/static/logo.svg" -> send(response, "image/svg+xml", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n");
			case "/index.html", "/" -> send(response, "text/html", "<h1>Edge Gateway demo</h1>\n",
					"Cache-Control", "public, max-age=60");
			case "/api/time" -> send(response, "application/json", "{\"now\":\"" + Instant.now() + "\"}\n",
					"Cache-Control", "no-store");
			case "/static/no-store.js" -> send(response, "text/javascript", "console.log('never stored');\n",
					"Cache-Control", "no-store");
			case "/static/cookie.js" -> send(response, "text/javascript", "console.log('has a cookie');\n",
					"Cache-Control", "max-age=600", "Set-Cookie", "session=demo; Path=/; HttpOnly");
			case "/static/etag.js" -> etag(request, response);
			case "/static/expiring.js" -> send(response, "text/javascript",
					"console.log('version " + this.version.get() + "');\n", "Cache-Control", "max-age=10");
			case "/static/swr.js" -> send(response, "text/javascript",
					"console.log('version " + this.version.get() + "');\n", "Cache-Control",
					"max-age=10, stale-while-revalidate=300");
			case "/static/flaky.js" -> flaky(response);
			case "/origin/fail" -> toggle(response, true);
			case "/origin/recover" -> toggle(response, false);
			case "/robots.txt" -> send(response, "text/plain", "User-agent: *\nAllow: /\n");
			default -> response.status(404).header("Content-Type", "text/plain").sendString(Mono.just("not found\n")).then();
		};
	}

	private Mono<Void> etag(HttpServerRequest request, HttpServerResponse response) {
		if (ETAG.equals(request.requestHeaders().get("If-None-Match"))) {
			return response.status(304).header("ETag", ETAG).header("Cache-Control", "max-age=10").send();
		}
		return send(response, "text/javascript", "console.log('validated by ETag');\n", "Cache-Control",
				"max-age=10", "ETag", ETAG);
	}

	private Mono<Void> flaky(HttpServerResponse response) {
		if (this.failing.get()) {
			return response.status(503).header("Content-Type", "text/plain").sendString(Mono.just("origin down\n")).then();
		}
		return send(response, "text/javascript", "console.log('served while the origin was up');\n",
				"Cache-Control", "max-age=10, stale-if-error=86400");
	}

	private Mono<Void> toggle(HttpServerResponse response, boolean fail) {
		this.failing.set(fail);
		return send(response, "text/plain", fail ? "/static/flaky.js now fails with 503\n"
				: "/static/flaky.js answers again\n", "Cache-Control", "no-store");
	}

	private static Mono<Void> send(HttpServerResponse response, String contentType, String body, String... headers) {
		response.header("Content-Type", contentType);
		for (int i = 0; i + 1 < headers.length; i += 2) {
			response.header(headers[i], headers[i + 1]);
		}
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		response.header("Content-Length", Integer.toString(bytes.length));
		return response.sendByteArray(Mono.just(bytes)).then();
	}

}
