package dev.edgegateway.cache.store.redis;

import java.io.IOException;
import java.net.URI;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import redis.embedded.RedisServer;

/**
 * The Redis the tests run against: {@code EDGE_TEST_REDIS_URL} when set, else an embedded
 * redis-server on a free port.
 */
final class TestRedis implements AutoCloseable {

	private final RedisServer embedded;

	private final URI uri;

	private final RedisClient client;

	private final StatefulRedisConnection<byte[], byte[]> connection;

	private TestRedis(RedisServer embedded, URI uri) {
		this.embedded = embedded;
		this.uri = uri;
		this.client = RedisClient.create(uri.toString());
		this.connection = this.client.connect(ByteArrayCodec.INSTANCE);
	}

	static TestRedis start() throws IOException {
		String external = System.getenv("EDGE_TEST_REDIS_URL");
		if (external != null && !external.isBlank()) {
			return new TestRedis(null, URI.create(external));
		}
		int port = FreePorts.belowEphemeralRange();
		RedisServer server = RedisServer.newRedisServer()
			.port(port)
			.bind("127.0.0.1")
			.setting("save \"\"")
			.setting("appendonly no")
			.build();
		server.start();
		return new TestRedis(server, URI.create("redis://127.0.0.1:" + port));
	}

	String host() {
		return this.uri.getHost();
	}

	int port() {
		return this.uri.getPort();
	}

	/** The URL of this Redis reached through a proxy port instead. */
	String urlThrough(int proxyPort) {
		String userInfo = this.uri.getRawUserInfo();
		String path = this.uri.getRawPath() == null ? "" : this.uri.getRawPath();
		return this.uri.getScheme() + "://" + (userInfo != null ? userInfo + "@" : "") + "127.0.0.1:" + proxyPort
				+ path;
	}

	/** Synchronous commands for test set-up and checks (reconnects on its own after a restart). */
	RedisCommands<byte[], byte[]> commands() {
		return this.connection.sync();
	}

	@Override
	public void close() throws IOException {
		this.connection.close();
		this.client.shutdown();
		if (this.embedded != null) {
			this.embedded.stop();
		}
	}

}
