package dev.edgegateway.cache;

import dev.edgegateway.support.GatewayClient.Response;
import dev.edgegateway.support.TestOrigin.Reply;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/** Vary variants, HEAD, client conditionals and invalidation by unsafe methods. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "edge.cache.memory.max-object-size=64KB",
				"spring.cloud.gateway.server.webflux.httpclient.response-timeout=1500ms" })
@Import(EdgeCacheIntegrationTests.ClockConfiguration.class)
class VariantsAndConditionalsIntegrationTests extends CacheIntegrationTestSupport {

	@Test
	void varyingResponsesAreStoredPerVariantAndGzipNeverReachesAClientThatDidNotAskForIt() {
		String path = unique("/vary.js");
		origin.on(path, request -> {
			String accept = request.requestHeaders().get("Accept-Encoding", "");
			// the test client decodes gzip itself, so the origin sends real gzip
			return accept.contains("gzip") ? Reply.ok("").body(gzip("GZIPPED")).header("Content-Encoding", "gzip")
				.header("Cache-Control", "max-age=60") : Reply.ok("plain").header("Cache-Control", "max-age=60");
		});
		Response gzip = this.client.get(path, h -> h.set("Accept-Encoding", "gzip, deflate"));
		assertThat(gzip.body()).isEqualTo("GZIPPED");
		Response identity = this.client.get(path, h -> h.set("Accept-Encoding", "identity"));
		assertThat(identity.cacheStatus()).isEqualTo("MISS");
		assertThat(identity.body()).isEqualTo("plain");
		assertThat(identity.header("Content-Encoding")).isNull();
		Response gzipHit = this.client.get(path, h -> h.set("Accept-Encoding", "deflate, gzip;q=0.8"));
		assertThat(gzipHit.cacheStatus()).isEqualTo("HIT");
		assertThat(gzipHit.body()).isEqualTo("GZIPPED");
		Response identityHit = this.client.get(path, h -> h.set("Accept-Encoding", "gzip;q=0"));
		assertThat(identityHit.cacheStatus()).isEqualTo("HIT");
		assertThat(identityHit.body()).isEqualTo("plain");
		assertThat(origin.count(path)).isEqualTo(2);
	}

	static byte[] gzip(String text) {
		try {
			java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
			try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(bytes)) {
				out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			}
			return bytes.toByteArray();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	@Test
	void varyOnAnyHeaderKeysVariants() {
		String path = unique("/lang.js");
		origin.on(path, request -> Reply.ok("lang=" + request.requestHeaders().get("Accept-Language"))
			.header("Cache-Control", "max-age=60")
			.header("Vary", "Accept-Language"));
		assertThat(this.client.get(path, h -> h.set("Accept-Language", "de")).body()).isEqualTo("lang=de");
		awaitStored();
		assertThat(this.client.get(path, h -> h.set("Accept-Language", "fr")).body()).isEqualTo("lang=fr");
		awaitStored();
		Response de = this.client.get(path, h -> h.set("Accept-Language", "de"));
		assertThat(de.cacheStatus()).isEqualTo("HIT");
		assertThat(de.body()).isEqualTo("lang=de");
	}

	@Test
	void headIsAnsweredFromTheStoredGetAndAHeadMissFetchesWithGet() {
		String path = unique("/head.css");
		origin.on(path, Reply.ok("0123456789").header("Cache-Control", "max-age=60"));
		Response head = this.client.send(HttpMethod.HEAD, path, h -> {
		});
		assertThat(head.cacheStatus()).isEqualTo("MISS");
		assertThat(head.body()).isEmpty();
		assertThat(origin.requests(path).get(0).method()).isEqualTo("GET");
		Response get = this.client.get(path);
		assertThat(get.cacheStatus()).isEqualTo("HIT");
		assertThat(get.body()).isEqualTo("0123456789");
		Response headHit = this.client.send(HttpMethod.HEAD, path, h -> {
		});
		assertThat(headHit.cacheStatus()).isEqualTo("HIT");
		assertThat(headHit.header(HttpHeaders.CONTENT_LENGTH)).isEqualTo("10");
		assertThat(origin.count(path)).isEqualTo(1);
	}

	@Test
	void clientConditionalsAreAnsweredFromTheCache() {
		String path = unique("/cond.css");
		origin.on(path, Reply.ok("css")
			.header("Cache-Control", "max-age=60")
			.header("ETag", "W/\"abc\"")
			.header("Last-Modified", "Wed, 01 Oct 2025 10:00:00 GMT"));
		this.client.get(path);
		Response etag = this.client.get(path, h -> h.set("If-None-Match", "\"abc\""));
		assertThat(etag.status()).isEqualTo(304);
		assertThat(etag.cacheStatus()).isEqualTo("HIT");
		assertThat(etag.header("ETag")).isEqualTo("W/\"abc\"");
		assertThat(etag.body()).isEmpty();
		Response date = this.client.get(path, h -> h.set("If-Modified-Since", "Thu, 02 Oct 2025 10:00:00 GMT"));
		assertThat(date.status()).isEqualTo(304);
		Response changed = this.client.get(path, h -> h.set("If-None-Match", "\"other\""));
		assertThat(changed.status()).isEqualTo(200);
		assertThat(changed.body()).isEqualTo("css");
		assertThat(origin.count(path)).isEqualTo(1);
	}

	@Test
	void successfulUnsafeMethodInvalidatesTheStoredGet() {
		String path = unique("/doc.pdf");
		origin.on(path, request -> request.method().name().equals("POST") ? Reply.status(204)
				: Reply.ok("pdf").header("Cache-Control", "max-age=600"));
		this.client.get(path);
		assertThat(this.client.get(path).cacheStatus()).isEqualTo("HIT");
		Response post = this.client.send(HttpMethod.POST, path, h -> {
		});
		assertThat(post.cacheStatus()).isEqualTo("DYNAMIC");
		assertThat(this.client.get(path).cacheStatus()).isEqualTo("MISS");
	}

}
