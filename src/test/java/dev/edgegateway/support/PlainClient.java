package dev.edgegateway.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Consumer;

import dev.edgegateway.support.GatewayClient.Response;

import org.springframework.http.HttpHeaders;

/**
 * An HTTP/1.1 client that sends exactly the headers a test gives it (the JDK client's own
 * {@code Host} and {@code User-Agent} aside), so repeated requests are byte-for-byte alike;
 * {@link GatewayClient} adds a unique request id to every request.
 */
public final class PlainClient {

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	private final int port;

	public PlainClient(int port) {
		this.port = port;
	}

	public Response get(String path) {
		return send("GET", path, headers -> {
		});
	}

	public Response get(String path, Consumer<HttpHeaders> headers) {
		return send("GET", path, headers);
	}

	public Response send(String method, String path, Consumer<HttpHeaders> headers) {
		HttpHeaders given = new HttpHeaders();
		headers.accept(given);
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(60))
			.method(method, HttpRequest.BodyPublishers.noBody());
		given.forEach((name, values) -> values.forEach(value -> request.header(name, value)));
		try {
			HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
			HttpHeaders received = new HttpHeaders();
			response.headers().map().forEach((name, values) -> received.addAll(name, values));
			return new Response(response.statusCode(), received, response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
