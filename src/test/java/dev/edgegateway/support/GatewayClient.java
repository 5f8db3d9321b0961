package dev.edgegateway.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

/** Talks HTTP to the gateway's real traffic port and returns what a client sees. */
public final class GatewayClient {

	/**
	 * Reads every response body into heap memory as it arrives, so a test that asserts only the
	 * status and headers never leaves Netty buffers unreleased (the leak detector runs at paranoid
	 * level in tests and must only ever report the gateway's own leaks).
	 */
	public static final ExchangeFilterFunction READ_BODY_EAGERLY = (request, next) -> next.exchange(request)
		.flatMap(response -> response.bodyToMono(byte[].class)
			.defaultIfEmpty(new byte[0])
			.map(bytes -> response.mutate()
				.body(Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(bytes)))
				.build()));

	private final WebTestClient client;

	public GatewayClient(int port) {
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + port)
			.filter(READ_BODY_EAGERLY)
			.responseTimeout(Duration.ofSeconds(60))
			.build();
	}

	public Response get(String path) {
		return send(HttpMethod.GET, path, headers -> {
		});
	}

	public Response get(String path, Consumer<HttpHeaders> headers) {
		return send(HttpMethod.GET, path, headers);
	}

	public Response send(HttpMethod method, String path, Consumer<HttpHeaders> headers) {
		EntityExchangeResult<byte[]> result = this.client.method(method)
			.uri(path)
			.headers(headers)
			.exchange()
			.expectBody()
			.returnResult();
		byte[] body = result.getResponseBody();
		return new Response(result.getStatus().value(), result.getResponseHeaders(),
				body == null ? "" : new String(body, StandardCharsets.UTF_8));
	}

	/** A response as the client saw it. */
	public record Response(int status, HttpHeaders headers, String body) {

		public String cacheStatus() {
			return this.headers.getFirst("CF-Cache-Status");
		}

		public String header(String name) {
			return this.headers.getFirst(name);
		}

		public Long age() {
			String age = this.headers.getFirst(HttpHeaders.AGE);
			return age == null ? null : Long.valueOf(age);
		}

	}

}
