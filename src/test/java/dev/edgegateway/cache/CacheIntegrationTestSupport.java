package dev.edgegateway.cache;

import java.util.UUID;

import dev.edgegateway.support.GatewayClient;
import dev.edgegateway.support.TestOrigin;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

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

	@BeforeEach
	void client() {
		this.client = new GatewayClient(this.port);
	}

	/** A path no other test uses. */
	static String unique(String suffix) {
		return "/t/" + UUID.randomUUID() + suffix;
	}

}
