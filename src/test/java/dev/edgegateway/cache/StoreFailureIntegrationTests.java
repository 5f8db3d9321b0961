package dev.edgegateway.cache;

import java.util.UUID;

import dev.edgegateway.cache.store.CacheStore;
import dev.edgegateway.cache.store.CachedResponse;
import dev.edgegateway.cache.store.PurgeRequest;
import dev.edgegateway.cache.store.PurgeResult;
import dev.edgegateway.support.GatewayClient;
import dev.edgegateway.support.GatewayClient.Response;
import dev.edgegateway.support.TestOrigin.Reply;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A store that fails on every call: the gateway answers from the origin, never with an error page. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "management.server.port=0")
@Import(StoreFailureIntegrationTests.BrokenStoreConfiguration.class)
class StoreFailureIntegrationTests extends CacheIntegrationTestSupport {



	@Autowired
	StoreFailures failures;

	@Test
	void aFailingStoreDegradesToTheOrigin() {
		String path = "/f/" + UUID.randomUUID() + "/app.css";
		origin.on(path, Reply.ok("css").header("Cache-Control", "max-age=60"));
		GatewayClient client = new GatewayClient(this.port);
		for (int i = 0; i < 3; i++) {
			Response response = client.get(path);
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("css");
			assertThat(response.cacheStatus()).isEqualTo("MISS");
		}
		assertThat(origin.count(path)).isEqualTo(3);
		// three failed lookups and three failed puts; a put may land just after its client got the body
		await().atMost(java.time.Duration.ofSeconds(10)).until(() -> this.failures.count() >= 6);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class BrokenStoreConfiguration {

		@Bean
		@Primary
		CacheStore brokenStore() {
			return new CacheStore() {
				@Override
				public Mono<CachedResponse> get(String key) {
					return Mono.error(new IllegalStateException("store down"));
				}

				@Override
				public Mono<Void> put(String key, CachedResponse entry) {
					return Mono.error(new IllegalStateException("store down"));
				}

				@Override
				public Mono<Boolean> remove(String key) {
					return Mono.error(new IllegalStateException("store down"));
				}

				@Override
				public Mono<PurgeResult> purge(PurgeRequest request) {
					return Mono.error(new IllegalStateException("store down"));
				}
			};
		}

	}

}
