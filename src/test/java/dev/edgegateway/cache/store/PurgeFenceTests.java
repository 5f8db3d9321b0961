package dev.edgegateway.cache.store;

import java.time.Clock;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An entry fetched while a purge ran is stored only if the purge does not name it: the memory
 * store's {@code put(key, entry, purgeStamp)} for every purge kind, soft and hard.
 */
class PurgeFenceTests {

	private static final String KEY = "https://www.example.com/assets/app.css?v=2";

	private final MemoryCacheStore store = new MemoryCacheStore(1024 * 1024, Clock.systemUTC());

	static CachedResponse entry(String key, String... tags) {
		return new CachedResponse(key, 200, HttpHeaders.readOnlyHttpHeaders(new HttpHeaders()), new byte[16], 0, 0, 0,
				0, 600, 0, 0, false, false, Set.of(tags), List.of(), null, Long.MAX_VALUE, false);
	}

	/** Takes a stamp, runs the purge as if while the fetch was at the origin, then stores the fetch's entry. */
	private Boolean storeAfter(PurgeRequest purge, CachedResponse entry) {
		long stamp = this.store.purgeStamp();
		this.store.purge(purge).block();
		return this.store.put(entry.key(), entry, stamp).block();
	}

	private static PurgeRequest hard(PurgeRequest.Kind kind, String... values) {
		return new PurgeRequest(kind, List.of(values), false);
	}

	@Test
	void withoutAPurgeMeanwhileTheEntryIsKept() {
		CachedResponse entry = entry(KEY);
		long stamp = this.store.purgeStamp();
		assertThat(this.store.put(KEY, entry, stamp).block()).isTrue();
		assertThat(this.store.getIfPresent(KEY)).isSameAs(entry);
	}

	@Test
	void aHardPurgeThatNamesTheEntryTakesItOutAgain() {
		assertThat(storeAfter(hard(PurgeRequest.Kind.KEYS, KEY), entry(KEY))).isFalse();
		assertThat(storeAfter(hard(PurgeRequest.Kind.KEYS, KEY), entry(KEY + "|vab12|accept-encoding=gzip"))).isFalse();
		assertThat(storeAfter(hard(PurgeRequest.Kind.PREFIXES, "WWW.example.com/assets"), entry(KEY))).isFalse();
		assertThat(storeAfter(hard(PurgeRequest.Kind.HOSTS, "www.example.com"), entry(KEY))).isFalse();
		assertThat(storeAfter(hard(PurgeRequest.Kind.TAGS, "Blue"), entry(KEY, "blue"))).isFalse();
		assertThat(storeAfter(hard(PurgeRequest.Kind.EVERYTHING), entry(KEY))).isFalse();
		assertThat(this.store.getIfPresent(KEY)).isNull();
		assertThat(this.store.getIfPresent(KEY + "|vab12|accept-encoding=gzip")).isNull();
		assertThat(this.store.index().size()).isZero();
	}

	@Test
	void aPurgeThatDoesNotNameTheEntryLeavesIt() {
		assertThat(storeAfter(hard(PurgeRequest.Kind.KEYS, "https://www.example.com/assets/app.css"), entry(KEY)))
			.isTrue();
		assertThat(storeAfter(hard(PurgeRequest.Kind.PREFIXES, "www.example.com/asset"), entry(KEY))).isTrue();
		assertThat(storeAfter(hard(PurgeRequest.Kind.HOSTS, "cdn.example.com"), entry(KEY))).isTrue();
		assertThat(storeAfter(hard(PurgeRequest.Kind.TAGS, "red"), entry(KEY, "blue"))).isTrue();
		assertThat(this.store.getIfPresent(KEY)).isNotNull();
	}

	@Test
	void aSoftPurgeThatNamesTheEntryLeavesItStale() {
		CachedResponse entry = entry(KEY, "blue");
		assertThat(storeAfter(new PurgeRequest(PurgeRequest.Kind.TAGS, List.of("blue"), true), entry)).isFalse();
		CachedResponse held = this.store.getIfPresent(KEY);
		assertThat(held.body()).isSameAs(entry.body());
		assertThat(held.revalidateAlways()).isTrue();
		assertThat(held.lifetime()).isZero();
	}

	@Test
	void aFetchOlderThanEveryRememberedPurgeIsTreatedAsPurged() {
		long stamp = this.store.purgeStamp();
		for (int i = 0; i <= PurgeFence.REMEMBERED; i++) {
			this.store.purge(hard(PurgeRequest.Kind.TAGS, "unrelated")).block();
		}
		assertThat(this.store.put(KEY, entry(KEY), stamp).block()).isFalse();
		assertThat(this.store.getIfPresent(KEY)).isNull();
		long recent = this.store.purgeStamp() - PurgeFence.REMEMBERED;
		assertThat(this.store.put(KEY, entry(KEY), recent).block()).isTrue();
	}

}
