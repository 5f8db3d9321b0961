package dev.edgegateway.cache;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.edgegateway.support.TestOrigin.Reply;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Request collapsing: concurrent misses of one key send one request to the origin. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "management.server.port=0")
class CollapsingIntegrationTests extends CacheIntegrationTestSupport {



	private List<ResponseEntity<String>> concurrently(String path, int count) {
		WebClient client = WebClient.create("http://localhost:" + this.port);
		return Flux.range(0, count)
			.flatMap(i -> client.get().uri(path).retrieve().toEntity(String.class), count)
			.collectList()
			.block(Duration.ofSeconds(30));
	}

	@Test
	void concurrentMissesOfOneKeySendOneOriginRequest() {
		String path = "/c/" + UUID.randomUUID() + "/bundle.js";
		origin.on(path, Reply.ok("bundle").header("Cache-Control", "max-age=600").delay(Duration.ofSeconds(1)));
		List<ResponseEntity<String>> responses = concurrently(path, 24);
		assertThat(origin.count(path)).isEqualTo(1);
		assertThat(responses).allSatisfy(response -> {
			assertThat(response.getStatusCode().value()).isEqualTo(200);
			assertThat(response.getBody()).isEqualTo("bundle");
		});
		assertThat(responses).filteredOn(r -> "MISS".equals(r.getHeaders().getFirst("CF-Cache-Status"))).hasSize(1);
		assertThat(responses).filteredOn(r -> "HIT".equals(r.getHeaders().getFirst("CF-Cache-Status"))).hasSize(23);
		assertThat(responses).anySatisfy(r -> assertThat(r.getHeaders().getFirst("Cache-Status")).contains("collapsed"));
	}

	@Test
	void uncacheableAnswersLetWaitersGoToTheOriginAndLaterRequestsDoNotQueue() {
		String path = "/c/" + UUID.randomUUID() + "/private.js";
		origin.on(path, Reply.ok("fresh").header("Cache-Control", "no-store").delay(Duration.ofMillis(500)));
		List<ResponseEntity<String>> first = concurrently(path, 20);
		assertThat(first).allSatisfy(response -> {
			assertThat(response.getBody()).isEqualTo("fresh");
			assertThat(response.getHeaders().getFirst("CF-Cache-Status")).isEqualTo("BYPASS");
		});
		assertThat(origin.count(path)).isEqualTo(20);
		List<ResponseEntity<String>> later = concurrently(path, 10);
		assertThat(origin.count(path)).isEqualTo(30);
		assertThat(later).noneSatisfy(r -> assertThat(r.getHeaders().getFirst("Cache-Status")).contains("collapsed"));
	}

}
