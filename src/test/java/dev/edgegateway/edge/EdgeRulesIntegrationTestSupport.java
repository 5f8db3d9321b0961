package dev.edgegateway.edge;

import dev.edgegateway.support.GatewayClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.DoubleSupplier;

import dev.edgegateway.EdgeGatewayApplication;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boots the gateway on a random port in front of a real, counting {@link OriginServer}. The one
 * route takes GET, HEAD and POST only, so other methods exercise requests that match no route.
 * Subclasses add their {@code edge.edge-rules} with {@code @TestPropertySource}.
 */
@SpringBootTest(classes = EdgeGatewayApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.server.port=0")
abstract class EdgeRulesIntegrationTestSupport {

	static final String STATUS_HEADER = "CF-Cache-Status";

	static final OriginServer origin = new OriginServer();

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	WebTestClient client;

	/** The whole route is here: Boot binds one indexed list (routes) from one property source only. */
	@DynamicPropertySource
	static void originRoute(DynamicPropertyRegistry registry) {
		String route = "spring.cloud.gateway.server.webflux.routes[0].";
		registry.add(route + "id", () -> "origin");
		registry.add(route + "uri", origin::uri);
		registry.add(route + "predicates[0]", () -> "Path=/**");
		registry.add(route + "predicates[1]", () -> "Method=GET,HEAD,POST");
	}

	@BeforeEach
	void connect() {
		origin.reset();
		// generous: the first proxied request of a context warms up the gateway's HTTP client
		this.client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port)
			.filter(GatewayClient.READ_BODY_EAGERLY)
			.responseTimeout(Duration.ofSeconds(30)).build();
	}

	/** Expects an answer given at the edge: the status, NONE/UNKNOWN, no Age. */
	static WebTestClient.ResponseSpec expectEdgeAnswer(WebTestClient.ResponseSpec response, int status) {
		return response.expectStatus().isEqualTo(status)
			.expectHeader().valueEquals(STATUS_HEADER, "NONE/UNKNOWN")
			.expectHeader().doesNotExist("Age");
	}

	/** Expects the origin's 200 answer for the path. */
	static void expectFromOrigin(WebTestClient.ResponseSpec response, String path) {
		response.expectStatus().isOk().expectBody(String.class).isEqualTo("origin " + path);
	}

	/** How much the counter has grown since this call (counters live as long as the shared context). */
	DoubleSupplier counted(String rule, String action) {
		double before = Math.max(0, count(rule, action));
		return () -> count(rule, action) - before;
	}

	/** The counter's value, or -1 when it is not registered. */
	double count(String rule, String action) {
		Counter counter = this.meters.find(EdgeRuleMetrics.ACTIONS).tag("rule", rule).tag("action", action).counter();
		return counter != null ? counter.count() : -1;
	}

	/**
	 * Sends request text as is over a socket (for input an HTTP client refuses to send) and
	 * returns the response's status line and headers.
	 */
	String rawRequest(String head) {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write((head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
			String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
			int end = response.indexOf("\r\n\r\n");
			return end >= 0 ? response.substring(0, end) : response;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	void assertOriginUntouched() {
		assertThat(origin.requests()).as("requests that reached the origin").isZero();
	}

}
