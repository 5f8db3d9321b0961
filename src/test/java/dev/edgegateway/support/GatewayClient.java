package dev.edgegateway.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Talks HTTP to the gateway's real traffic port and returns what a client sees. */
public final class GatewayClient {

	private final WebTestClient client;

	public GatewayClient(int port) {
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + port)
			.responseTimeout(Duration.ofSeconds(20))
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
