package dev.edgegateway.purge;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;

import dev.edgegateway.cache.store.CachedResponse;
import dev.edgegateway.cache.store.MemoryCacheStore;
import dev.edgegateway.cache.store.PurgeRequest;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Purges by tag, prefix and host rely on the store's index holding exactly the keys the store
 * holds, also while entries of the same keys are replaced and evicted concurrently.
 */
class PurgeIndexConcurrencyTests {

	static CachedResponse entry(String key, String tag) {
		return new CachedResponse(key, 200, HttpHeaders.readOnlyHttpHeaders(new HttpHeaders()), new byte[512], 0, 0, 0,
				0, 600, 0, 0, false, false, Set.of(tag), List.of(), null, Long.MAX_VALUE, false);
	}

	@Test
	void indexMatchesTheStoreAfterConcurrentReplacementsAndEvictions() throws Exception {
		MemoryCacheStore store = new MemoryCacheStore(32 * 1024, Clock.systemUTC());
		int threads = 4;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch done = new CountDownLatch(threads);
		for (int t = 0; t < threads; t++) {
			pool.execute(() -> {
				for (int i = 0; i < 10_000; i++) {
					String key = "http://h.example/k" + ThreadLocalRandom.current().nextInt(200) + ".css";
					store.put(key, entry(key, "tag-" + (i % 3))).block();
				}
				done.countDown();
			});
		}
		assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
		pool.shutdown();
		store.cleanUp();
		assertThat(store.index().size()).isEqualTo(store.entryCount());
		long stored = store.entryCount();
		long purged = store.purge(new PurgeRequest(PurgeRequest.Kind.HOSTS, List.of("h.example"), false))
			.block()
			.entries();
		assertThat(purged).isEqualTo(stored);
		store.cleanUp();
		assertThat(store.entryCount()).isZero();
		assertThat(store.index().size()).isZero();
		assertThat(store.index().tagCount()).isZero();
	}

}
