package dev.edgegateway.cache.store.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import dev.edgegateway.cache.RequestCollapser;
import dev.edgegateway.cache.StoreFailures;
import dev.edgegateway.cache.store.PurgeRequest;
import dev.edgegateway.cache.store.PurgeRequest.Kind;
import dev.edgegateway.cache.store.PurgeResult;
import dev.edgegateway.support.GatewayClient.Response;
import dev.edgegateway.support.TestOrigin;
import dev.edgegateway.support.TestOrigin.Reply;
import dev.edgegateway.support.UnderWay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two gateway replicas sharing one real redis-server ({@code store: tiered}): shared hits, purges
 * that reach every replica, collapsing across replicas, and Redis failures that never become 5xx.
 */
class SharedTierIntegrationTests {

	static final String PREFIX = "edge-test-" + UUID.randomUUID().toString().substring(0, 8) + ":";

	static TestRedis redis;

	static TestOrigin origin;

	static SharedTierGateway a;

	static SharedTierGateway b;

	@BeforeAll
	static void start() throws Exception {
		redis = TestRedis.start();
		origin = TestOrigin.start();
		a = SharedTierGateway.start(redis, origin, "tiered", PREFIX);
		b = SharedTierGateway.start(redis, origin, "tiered", PREFIX);
	}

	@AfterAll
	static void stop() throws Exception {
		a.close();
		b.close();
		origin.close();
		redis.close();
	}

	@BeforeEach
	void bothReplicasReachRedis() throws Exception {
		a.proxy().restore();
		b.proxy().restore();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(a.sharedTierHealth()).isEqualTo("UP");
			assertThat(b.sharedTierHealth()).isEqualTo("UP");
		});
	}

	static String unique(String suffix) {
		return "/t/" + UUID.randomUUID() + suffix;
	}

	static String cacheKey(String path) {
		return "http://" + SharedTierGateway.HOST + path;
	}

	/** The Redis key of a path's entry under a key prefix. */
	static byte[] entryKey(String keyPrefix, String path) {
		return bytes(keyPrefix + "e:" + cacheKey(path));
	}

	static boolean inRedis(String path) {
		return redis.commands().exists(entryKey(PREFIX, path)) == 1;
	}

	static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	/** Fetches the path on A (a MISS) and waits until A's write-behind put it in Redis. */
	static void storedThroughA(String path) {
		assertThat(a.get(path).cacheStatus()).isEqualTo("MISS");
		await().until(() -> inRedis(path));
	}

	@Test
	void missOnOneReplicaIsAHitOnTheOtherAndTheFillingRequestCarriesNoAge() {
		String path = unique("/app.css");
		origin.on(path, Reply.ok("body{}").header("Cache-Control", "max-age=600").header("Content-Type", "text/css"));
		storedThroughA(path);
		Response fill = b.get(path);
		assertThat(fill.status()).isEqualTo(200);
		assertThat(fill.cacheStatus()).isEqualTo("HIT");
		assertThat(fill.body()).isEqualTo("body{}");
		assertThat(fill.header("Content-Type")).isEqualTo("text/css");
		assertThat(fill.age()).isNull();
		Response local = b.get(path);
		assertThat(local.cacheStatus()).isEqualTo("HIT");
		assertThat(local.age()).isNotNull();
		assertThat(origin.count(path)).isEqualTo(1);
	}

	/** Starts a GET on a replica and returns once the origin has it: a purge made now races the fetch. */
	static UnderWay fetchUnderWay(SharedTierGateway replica, String path) {
		return UnderWay.start(origin, path, Reply.ok("before the purge").header("Cache-Control", "max-age=600"),
				() -> replica.get(path));
	}

	@Test
	void aPurgeWhileAReplicaFetchesIsNotUndoneWhenTheAnswerIsStored() {
		String path = unique("/racing.css");
		UnderWay fetch = fetchUnderWay(a, path);

		a.purge(Kind.KEYS, cacheKey(path));

		assertThat(fetch.release().cacheStatus()).isEqualTo("MISS");
		assertThat(a.get(path).cacheStatus()).isEqualTo("MISS");
		assertThat(origin.count(path)).isEqualTo(2);
	}

	/**
	 * Another replica's purge of {@code path} as Redis sees it while its message has not reached
	 * this one: the generation counted, then the entry deleted.
	 */
	static void purgedByAReplicaNotHeardOfYet(String keyPrefix, String path) {
		redis.commands().incr(bytes(keyPrefix + "purge-generation"));
		redis.commands().del(entryKey(keyPrefix, path));
	}

	@Test
	void aPurgeOnAnotherReplicaNotHeardOfYetIsNotUndoneInRedis() {
		String path = unique("/unheard.css");
		UnderWay fetch = fetchUnderWay(a, path);

		purgedByAReplicaNotHeardOfYet(PREFIX, path);

		assertThat(fetch.release().cacheStatus()).isEqualTo("MISS");
		TieredCacheStore store = (TieredCacheStore) a.store();
		await().until(() -> a.bean(RequestCollapser.class).inFlight() == 0 && store.pendingWriteCount() == 0);
		assertThat(inRedis(path)).isFalse();
		assertThat(b.get(path).cacheStatus()).isEqualTo("MISS");
		assertThat(origin.count(path)).isEqualTo(2);
	}

	@Test
	void purgeOnOneReplicaReachesTheOthersLocalTier() {
		String tag = "tag-" + UUID.randomUUID();
		String byTag = unique("/tagged.css");
		String dir = unique("");
		String byPrefix = dir + "/assets/site.js";
		String byKey = unique("/file.png");
		origin.on(byTag, Reply.ok("t").header("Cache-Control", "max-age=600").header("Cache-Tag", tag));
		origin.on(byPrefix, Reply.ok("p").header("Cache-Control", "max-age=600"));
		origin.on(byKey, Reply.ok("k").header("Cache-Control", "max-age=600"));
		for (String path : List.of(byTag, byPrefix, byKey)) {
			storedThroughA(path);
			assertThat(b.get(path).cacheStatus()).isEqualTo("HIT");
			assertThat(a.get(path).cacheStatus()).isEqualTo("HIT");
		}
		assertPurgedEverywhere(b.purge(Kind.TAGS, tag.toUpperCase()), byTag);
		assertPurgedEverywhere(b.purge(Kind.PREFIXES, SharedTierGateway.HOST + dir + "/assets"), byPrefix);
		assertPurgedEverywhere(a.purge(Kind.KEYS, cacheKey(byKey)), byKey);
	}

	private void assertPurgedEverywhere(PurgeResult result, String path) {
		assertThat(result.entries()).isEqualTo(1);
		assertThat(result.replicas()).isEqualTo(1);
		assertThat(inRedis(path)).isFalse();
		long generation = Long.parseLong(new String(redis.commands().get(bytes(PREFIX + "purge-generation"))));
		await().until(() -> a.channel().lastAppliedGeneration() == generation
				&& b.channel().lastAppliedGeneration() == generation);
		int before = origin.count(path);
		assertThat(a.get(path).cacheStatus()).isEqualTo("MISS");
		await().until(() -> inRedis(path));
		assertThat(b.get(path).cacheStatus()).isEqualTo("HIT");
		assertThat(origin.count(path)).isEqualTo(before + 1);
	}

	@Test
	void softPurgeMarksEntriesStaleOnEveryReplicaSoTheyRevalidate() {
		String tag = "soft-" + UUID.randomUUID();
		String path = unique("/soft.css");
		origin.on(path, request -> request.requestHeaders().contains("If-None-Match")
				? Reply.status(304).header("ETag", "\"v1\"").header("Cache-Control", "max-age=600")
				: Reply.ok("s").header("ETag", "\"v1\"").header("Cache-Control", "max-age=600").header("Cache-Tag", tag));
		storedThroughA(path);
		assertThat(b.get(path).cacheStatus()).isEqualTo("HIT");
		PurgeResult result = a.store().purge(new PurgeRequest(Kind.TAGS, List.of(tag), true)).block();
		assertThat(result.entries()).isEqualTo(1);
		assertThat(result.replicas()).isEqualTo(1);
		assertThat(inRedis(path)).isTrue();
		long generation = Long.parseLong(new String(redis.commands().get(bytes(PREFIX + "purge-generation"))));
		await().until(() -> b.channel().lastAppliedGeneration() == generation);
		Response onB = b.get(path);
		assertThat(onB.cacheStatus()).isEqualTo("REVALIDATED");
		assertThat(onB.body()).isEqualTo("s");
		assertThat(a.get(path).cacheStatus()).isEqualTo("REVALIDATED");
		assertThat(origin.requests(path)).hasSize(3);
	}

	@Test
	void unsafeMethodOnOneReplicaInvalidatesTheOthersLocalTier() {
		String path = unique("/doc.pdf");
		origin.on(path, request -> request.method().name().equals("POST") ? Reply.ok("posted")
				: Reply.ok("pdf").header("Cache-Control", "max-age=600"));
		storedThroughA(path);
		assertThat(b.get(path).cacheStatus()).isEqualTo("HIT");
		assertThat(b.get(path).cacheStatus()).isEqualTo("HIT");
		a.post(path);
		await().until(() -> !inRedis(path));
		await().untilAsserted(() -> assertThat(b.get(path).cacheStatus()).isEqualTo("MISS"));
	}

	@Test
	void concurrentMissesOnTwoReplicasSendOneOriginRequest() {
		String path = unique("/big.js");
		origin.on(path, Reply.ok("slow").header("Cache-Control", "max-age=600").delay(Duration.ofMillis(800)));
		CompletableFuture<Response> onA = CompletableFuture.supplyAsync(() -> a.get(path));
		CompletableFuture<Response> onB = CompletableFuture.supplyAsync(() -> b.get(path));
		List<Response> responses = List.of(onA.join(), onB.join());
		assertThat(responses).allSatisfy(response -> {
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("slow");
		});
		assertThat(responses).extracting(Response::cacheStatus).containsExactlyInAnyOrder("MISS", "HIT");
		assertThat(origin.count(path)).isEqualTo(1);
	}

	@Test
	void entriesOfAnotherFormatOrGarbageAreMissesAndAreReplaced() {
		StoreFailures failures = b.bean(StoreFailures.class);
		for (byte[] value : List.of(new byte[] { 99, 1, 2, 3 }, new byte[] { 0, 1, 2 },
				new byte[] { EntryCodec.VERSION, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f }, new byte[0])) {
			String path = unique("/old.css");
			origin.on(path, Reply.ok("fresh").header("Cache-Control", "max-age=600"));
			storedThroughA(path);
			redis.commands().set(entryKey(PREFIX, path), value);
			long failuresBefore = failures.count();
			Response response = b.get(path);
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.cacheStatus()).isEqualTo("MISS");
			assertThat(response.body()).isEqualTo("fresh");
			assertThat(failures.count()).isGreaterThan(failuresBefore);
			// B stored a readable entry in place of the unreadable one
			await().untilAsserted(() -> assertThat(
					EntryCodec.decode(redis.commands().get(entryKey(PREFIX, path))).body())
				.isEqualTo(bytes("fresh")));
		}
	}

	@Test
	void replicaCutOffDuringAPurgeDoesNotServeThePurgedEntryAfterReconnecting() throws Exception {
		String path = unique("/cut.css");
		origin.on(path, Reply.ok("v1").header("Cache-Control", "max-age=600"));
		storedThroughA(path);
		assertThat(a.get(path).cacheStatus()).isEqualTo("HIT");
		a.proxy().cut();
		await().until(() -> a.sharedTierHealth().equals("DEGRADED"));
		PurgeResult result = b.purge(Kind.KEYS, cacheKey(path));
		assertThat(result.entries()).isEqualTo(1);
		assertThat(result.replicas()).isZero();
		origin.on(path, Reply.ok("v2").header("Cache-Control", "max-age=600"));
		// cut off, A has nothing but its L1 (degraded, not broken)
		Response whileCut = a.get(path);
		assertThat(whileCut.status()).isEqualTo(200);
		a.proxy().restore();
		await().atMost(Duration.ofSeconds(20)).until(() -> a.sharedTierHealth().equals("UP"));
		Response afterReconnect = a.get(path);
		assertThat(afterReconnect.cacheStatus()).isEqualTo("MISS");
		assertThat(afterReconnect.body()).isEqualTo("v2");
		// and purges reach A again
		await().until(() -> inRedis(path));
		await().atMost(Duration.ofSeconds(20)).until(() -> a.channel().isSubscribed()
				&& b.purge(Kind.KEYS, cacheKey(path)).replicas() == 1);
	}

	@Test
	void redisGoingDownNeverBecomesAnErrorAndTheTierRecovers() throws Exception {
		String cached = unique("/cached.css");
		origin.on(cached, Reply.ok("c").header("Cache-Control", "max-age=600"));
		storedThroughA(cached);
		killRedis();
		await().until(() -> a.sharedTierHealth().equals("DEGRADED") && b.sharedTierHealth().equals("DEGRADED"));
		assertThat(a.healthHttpStatus("/actuator/health")).isEqualTo(200);
		assertThat(a.healthHttpStatus("/actuator/health/liveness")).isEqualTo(200);
		assertThat(a.healthHttpStatus("/actuator/health/readiness")).isEqualTo(200);
		assertThat(a.get(cached).cacheStatus()).isEqualTo("HIT");
		Response onB = b.get(cached);
		assertThat(onB.status()).isEqualTo(200);
		assertThat(onB.cacheStatus()).isEqualTo("MISS");
		String fresh = unique("/during-outage.css");
		origin.on(fresh, Reply.ok("d").header("Cache-Control", "max-age=600"));
		assertThat(a.get(fresh).cacheStatus()).isEqualTo("MISS");
		assertThat(a.get(fresh).cacheStatus()).isEqualTo("HIT");
		String purgedDuringOutage = unique("/x.css");
		origin.on(purgedDuringOutage, Reply.ok("x").header("Cache-Control", "max-age=600"));
		for (int i = 0; i < 20; i++) {
			assertThat(b.get(purgedDuringOutage).status()).isEqualTo(200);
		}
		reviveRedis();
		// both replicas reconnect on their own, answer at once and get purges again
		await().atMost(Duration.ofSeconds(20))
			.until(() -> a.sharedTierHealth().equals("UP") && b.sharedTierHealth().equals("UP"));
		assertThat(a.get(fresh).status()).isEqualTo(200);
		assertThat(b.get(fresh).status()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(20)).until(() -> a.channel().isSubscribed() && b.channel().isSubscribed()
				&& a.purge(Kind.KEYS, cacheKey(cached)).replicas() == 1);
	}

	@Test
	void replicaStartedWhileRedisIsUnreachableAnswersAndJoinsWhenItIsBack() throws Exception {
		try (SharedTierGateway c = SharedTierGateway.start(redis, origin, "tiered", PREFIX, true)) {
			String path = unique("/late.css");
			origin.on(path, Reply.ok("l").header("Cache-Control", "max-age=600"));
			assertThat(c.get(path).cacheStatus()).isEqualTo("MISS");
			assertThat(c.get(path).cacheStatus()).isEqualTo("HIT");
			assertThat(c.sharedTierHealth()).isEqualTo("DEGRADED");
			assertThat(c.healthHttpStatus("/actuator/health")).isEqualTo(200);
			c.proxy().restore();
			await().atMost(Duration.ofSeconds(20)).until(() -> c.sharedTierHealth().equals("UP"));
			String shared = unique("/shared.css");
			origin.on(shared, Reply.ok("s").header("Cache-Control", "max-age=600"));
			storedThroughA(shared);
			assertThat(c.get(shared).cacheStatus()).isEqualTo("HIT");
			await().atMost(Duration.ofSeconds(20)).until(() -> c.channel().isSubscribed()
					&& a.purge(Kind.KEYS, cacheKey(shared)).replicas() == 2);
		}
	}

	@Test
	void redisStoreKeepsEveryEntryInRedisOnly() throws Exception {
		String prefix = PREFIX + "redis-only:";
		try (SharedTierGateway c = SharedTierGateway.start(redis, origin, "redis", prefix);
				SharedTierGateway d = SharedTierGateway.start(redis, origin, "redis", prefix)) {
			assertThat(c.store()).isInstanceOf(RedisCacheStore.class);
			String path = unique("/only.css");
			origin.on(path, Reply.ok("o").header("Cache-Control", "max-age=600"));
			assertThat(c.get(path).cacheStatus()).isEqualTo("MISS");
			await().until(() -> redis.commands().exists(entryKey(prefix, path)) == 1);
			Response hit = d.get(path);
			assertThat(hit.cacheStatus()).isEqualTo("HIT");
			assertThat(hit.age()).isNotNull();
			await().until(() -> c.channel().isSubscribed() && d.channel().isSubscribed());
			PurgeResult purge = d.purge(Kind.HOSTS, SharedTierGateway.HOST);
			assertThat(purge.entries()).isGreaterThanOrEqualTo(1);
			assertThat(purge.replicas()).isEqualTo(1);
			assertThat(c.get(path).cacheStatus()).isEqualTo("MISS");
			assertThat(origin.count(path)).isEqualTo(2);
		}
	}

	@Test
	void withTheRedisStoreAPurgeWhileFetchingIsNotUndoneEither() throws Exception {
		String prefix = PREFIX + "redis-racing:";
		try (SharedTierGateway c = SharedTierGateway.start(redis, origin, "redis", prefix);
				SharedTierGateway d = SharedTierGateway.start(redis, origin, "redis", prefix)) {
			String path = unique("/racing-only.css");
			UnderWay fetch = fetchUnderWay(c, path);

			c.purge(Kind.KEYS, cacheKey(path));

			assertThat(fetch.release().cacheStatus()).isEqualTo("MISS");
			await().until(() -> c.bean(RequestCollapser.class).inFlight() == 0);
			assertThat(redis.commands().exists(entryKey(prefix, path))).isZero();
			assertThat(d.get(path).cacheStatus()).isEqualTo("MISS");
		}
	}

	@Test
	void withTheRedisStoreAPurgeOnAnotherReplicaNotHeardOfYetIsNotUndone() throws Exception {
		String prefix = PREFIX + "redis-unheard:";
		try (SharedTierGateway c = SharedTierGateway.start(redis, origin, "redis", prefix)) {
			String path = unique("/unheard-only.css");
			UnderWay fetch = fetchUnderWay(c, path);

			purgedByAReplicaNotHeardOfYet(prefix, path);

			assertThat(fetch.release().cacheStatus()).isEqualTo("MISS");
			await().until(() -> c.bean(RequestCollapser.class).inFlight() == 0);
			assertThat(redis.commands().exists(entryKey(prefix, path))).isZero();
			assertThat(c.get(path).cacheStatus()).isEqualTo("MISS");
			assertThat(origin.count(path)).isEqualTo(2);
		}
	}

	/**
	 * Redis goes away for every replica: all their connections are closed and new ones refused.
	 * (Requests that hung for 20 s around here were Reactor Netty's keep-alive stall, reactor-netty
	 * #4361, fixed by the 1.3.8 the pom pins; see KeepAliveIntegrationTests.)
	 */
	private static void killRedis() throws Exception {
		a.proxy().cut();
		b.proxy().cut();
	}

	private static void reviveRedis() throws Exception {
		a.proxy().restore();
		b.proxy().restore();
	}

}
