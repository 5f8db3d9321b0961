package dev.edgegateway.cache;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.edgegateway.support.TestOrigin.Reply;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A keep-alive connection keeps being read after a HIT that completed while the previous request
 * on it was still finishing (the Reactor Netty stall of reactor-netty #4361).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "edge.cache.memory.max-object-size=64KB",
				"spring.cloud.gateway.server.webflux.httpclient.response-timeout=1500ms" })
@Import(EdgeCacheIntegrationTests.ClockConfiguration.class)
class KeepAliveIntegrationTests extends CacheIntegrationTestSupport {

	@Test
	void aRequestAfterASynchronousHitOnTheSameConnectionIsAnswered() throws IOException {
		String slow = unique("/slow.css");
		String hit = unique("/hit.css");
		origin.on(slow, Reply.ok("slow").header("Cache-Control", "no-store").delay(Duration.ofMillis(50)));
		origin.on(hit, Reply.ok("hit").header("Cache-Control", "max-age=600"));
		assertThat(this.client.get(hit).cacheStatus()).isEqualTo("MISS");
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			InputStream in = socket.getInputStream();
			// two requests in one write: the second (a HIT) completes while the first is in flight
			out.write((request(slow, this.port) + request(hit, this.port)).getBytes(StandardCharsets.US_ASCII));
			out.flush();
			assertThat(readResponse(in)).contains("slow");
			assertThat(readResponse(in)).contains("CF-Cache-Status: HIT");
			out.write(request(hit, this.port).getBytes(StandardCharsets.US_ASCII));
			out.flush();
			assertThat(readResponse(in)).contains("CF-Cache-Status: HIT").endsWith("hit");
		}
	}

	private static String request(String path, int port) {
		return "GET " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n\r\n";
	}

	/** Reads one response with a Content-Length body. */
	private static String readResponse(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("connection closed after: " + head);
			}
			head.write(b);
		}
		String headers = head.toString(StandardCharsets.US_ASCII);
		int length = 0;
		for (String line : headers.split("\r\n")) {
			if (line.toLowerCase().startsWith("content-length:")) {
				length = Integer.parseInt(line.substring(15).trim());
			}
		}
		return headers + new String(in.readNBytes(length), StandardCharsets.US_ASCII);
	}

}
