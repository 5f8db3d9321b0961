package dev.edgegateway.observe;

import java.util.function.Consumer;

import dev.edgegateway.support.GatewayClient;
import dev.edgegateway.support.GatewayClient.Response;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

/**
 * A {@link GatewayClient} that asks for a fresh connection per request ({@code Connection: close}).
 * Reactor Netty 1.3.6 can stop reading a keep-alive connection when a request arrives before the
 * previous exchange has terminated (reactor/reactor-netty#4361, #4347); the next request then
 * waits until the client times out. These tests count requests exactly, so they do not run into it.
 */
public final class ClosingGatewayClient {

	private final GatewayClient client;

	public ClosingGatewayClient(int port) {
		this.client = new GatewayClient(port);
	}

	public Response get(String path) {
		return send(HttpMethod.GET, path, headers -> {
		});
	}

	public Response get(String path, Consumer<HttpHeaders> headers) {
		return send(HttpMethod.GET, path, headers);
	}

	public Response send(HttpMethod method, String path, Consumer<HttpHeaders> headers) {
		return this.client.send(method, path, headers.andThen(h -> h.setConnection("close")));
	}

}
