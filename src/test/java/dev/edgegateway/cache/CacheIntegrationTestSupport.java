package dev.edgegateway.cache;

import java.time.Duration;
import java.util.UUID;

import dev.edgegateway.support.GatewayClient;
import dev.edgegateway.support.TestOrigin;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.awaitility.Awaitility.await;

/**
 * What the cache's integration tests share: one real origin for the whole test run (each test
 * uses paths of its own), the routes in front of it, and a client on the gateway's real port.
 */
abstract class CacheIntegrationTestSupport {

	static final TestOrigin origin = TestOrigin.shared();

	@DynamicPropertySource
	static void routes(DynamicPropertyRegistry registry) {
		OriginRoutes.register(registry, origin);
	}

	@LocalServerPort
	int port;

	GatewayClient client;

	@Autowired(required = false) // absent where a test turns the cache off
	RequestCollapser collapser;

	@BeforeEach
	void client() {
		this.client = new GatewayClient(this.port);
	}

	/**
	 * GET, then wait until the answer is stored: the store completes just after the client has the
	 * body, and a request sent in between joins that fetch (a test that moves the clock next would
	 * see the fetch's answer, not the stored entry's age).
	 */
	GatewayClient.Response fetchAndStore(String path) {
		GatewayClient.Response response = this.client.get(path);
		awaitStored();
		return response;
	}

	/** Waits until no fetch is under way: every answer fetched so far is stored (see {@link #fetchAndStore}). */
	void awaitStored() {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.collapser.inFlight() == 0);
	}

	/** A path no other test uses. */
	static String unique(String suffix) {
		return "/t/" + UUID.randomUUID() + suffix;
	}

}
