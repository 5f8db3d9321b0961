package dev.edgegateway.cache.store.redis;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.edgegateway.EdgeGatewayApplication;
import dev.edgegateway.cache.store.CacheStore;
import dev.edgegateway.cache.store.PurgeRequest;
import dev.edgegateway.cache.store.PurgeResult;
import dev.edgegateway.support.GatewayClient;
import dev.edgegateway.support.GatewayClient.Response;
import dev.edgegateway.support.TestOrigin;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.awaitility.Awaitility.await;

/**
 * One gateway replica of a multi-replica test: a whole application context on random ports, talking
 * to the shared Redis through its own {@link TcpProxy} (so the test can cut it off alone), with the
 * same {@code Host} on every request, as clients of one Kubernetes Service send.
 */
final class SharedTierGateway implements AutoCloseable {

	static final String HOST = "cdn.example.test";

	private static final Pattern STATUS = Pattern.compile("\"status\":\"([A-Z_]+)\"");

	private final ConfigurableApplicationContext context;

	private final TcpProxy proxy;

	private final GatewayClient client;

	private final WebTestClient management;

	private SharedTierGateway(ConfigurableApplicationContext context, TcpProxy proxy) {
		this.context = context;
		this.proxy = proxy;
		this.client = new GatewayClient(port("local.server.port"));
		this.management = WebTestClient.bindToServer().filter(GatewayClient.READ_BODY_EAGERLY)
			.baseUrl("http://localhost:" + port("local.management.port"))
			.build();
	}

	static SharedTierGateway start(TestRedis redis, TestOrigin origin, String store, String keyPrefix)
			throws IOException {
		return start(redis, origin, store, keyPrefix, false);
	}

	/** Starts a replica; {@code cutOff}: Redis is unreachable for it from the start. */
	static SharedTierGateway start(TestRedis redis, TestOrigin origin, String store, String keyPrefix, boolean cutOff)
			throws IOException {
		TcpProxy proxy = new TcpProxy(redis.host(), redis.port());
		if (cutOff) {
			proxy.cut();
		}
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--management.server.port=0",
				"--management.endpoint.health.show-details=always", "--edge.cache.store=" + store,
				"--edge.cache.redis.key-prefix=" + keyPrefix, "--spring.data.redis.url=" + redis.urlThrough(proxy.port()),
				"--edge.cache.redis.generation-check-interval=200ms", "--edge.cache.redis.timeout=1s",
				"--edge.cache.redis.reconnect-max-delay=200ms",
				"--spring.cloud.gateway.server.webflux.routes[0].id=origin",
				"--spring.cloud.gateway.server.webflux.routes[0].uri=" + origin.url(),
				"--spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/**"));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(EdgeGatewayApplication.class,
				OwnNettyResources.class)
			.run(args.toArray(String[]::new));
		SharedTierGateway replica = new SharedTierGateway(context, proxy);
		if (!cutOff) {
			// a replica that does not know the purge generation yet takes every shared-tier write back
			await().atMost(Duration.ofSeconds(10)).until(() -> replica.channel().lastAppliedGeneration() >= 0);
		}
		return replica;
	}

	private int port(String property) {
		return Integer.parseInt(this.context.getEnvironment().getRequiredProperty(property));
	}

	Response get(String path) {
		return this.client.get(path, headers -> headers.set(HttpHeaders.HOST, HOST));
	}

	Response post(String path) {
		return this.client.send(HttpMethod.POST, path, headers -> headers.set(HttpHeaders.HOST, HOST));
	}

	PurgeResult purge(PurgeRequest.Kind kind, String... values) {
		return store().purge(new PurgeRequest(kind, List.of(values), false)).block();
	}

	CacheStore store() {
		return this.context.getBean(CacheStore.class);
	}

	PurgeChannel channel() {
		return this.context.getBean(PurgeChannel.class);
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	/** The shared tier's health status, and the HTTP status of the whole health endpoint. */
	String sharedTierHealth() {
		byte[] body = this.management.get()
			.uri("/actuator/health/sharedTier")
			.exchange()
			.expectBody()
			.returnResult()
			.getResponseBody();
		String json = body == null ? "" : new String(body);
		Matcher status = STATUS.matcher(json);
		return status.find() ? status.group(1) : json;
	}

	int healthHttpStatus(String path) {
		return this.management.get().uri(path).exchange().returnResult(String.class).getStatus().value();
	}

	TcpProxy proxy() {
		return this.proxy;
	}

	/**
	 * Event loops of this replica's own: closing a context with Boot's default (global) Reactor Netty
	 * resources would dispose them under every other server of the test JVM, including cached test
	 * contexts of other classes.
	 */
	@Configuration(proxyBeanMethods = false)
	static class OwnNettyResources {

		@Bean
		ReactorResourceFactory reactorResourceFactory() {
			ReactorResourceFactory factory = new ReactorResourceFactory();
			factory.setUseGlobalResources(false);
			return factory;
		}

	}

	@Override
	public void close() throws IOException {
		this.context.close();
		this.proxy.close();
	}

}
