package dev.edgegateway.cache.store.redis;

import dev.edgegateway.support.GatewayClient;

import dev.edgegateway.cache.RequestCollapser;
import dev.edgegateway.cache.store.CacheStore;
import dev.edgegateway.cache.store.MemoryCacheStore;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The default application (store: memory) neither needs nor asks for Redis, and stays healthy without it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "spring.data.redis.port=1" })
class MemoryStoreNeedsNoRedisTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	Environment environment;

	@Test
	void memoryIsTheDefaultStoreAndNothingOfTheSharedTierIsWired() {
		assertThat(this.context.getBean(CacheStore.class)).isInstanceOf(MemoryCacheStore.class);
		assertThat(this.context.getBeansOfType(PurgeChannel.class)).isEmpty();
		assertThat(this.context.getBeansOfType(SharedTierHealthIndicator.class)).isEmpty();
		assertThat(this.context.getBeansOfType(RequestCollapser.ClusterLock.class)).isEmpty();
	}

	@Test
	void healthIsUpWithoutRedis() {
		WebTestClient.bindToServer().filter(GatewayClient.READ_BODY_EAGERLY)
			.baseUrl("http://localhost:" + this.environment.getRequiredProperty("local.management.port"))
			.build()
			.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP");
	}

}
