package dev.edgegateway.edge;

import dev.edgegateway.support.GatewayClient;

import java.net.URI;
import java.util.function.DoubleSupplier;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Always-use-https and client-IP rules with the test client as a trusted proxy (127.0.0.1), and
 * always-use-https with an untrusted client whose X-Forwarded-Proto must be ignored.
 */
class TrustedProxyIntegrationTests {

	@Nested
	@TestPropertySource(properties = {
			"edge.edge-rules.always-use-https=true",
			"edge.edge-rules.trusted-proxies[0]=127.0.0.1/32",
			"edge.edge-rules.trusted-proxies[1]=::1",
			"edge.edge-rules.trusted-proxies[2]=10.9.0.0/16",
			"edge.edge-rules.waf[0].name=block-admin",
			"edge.edge-rules.waf[0].when.paths[0]=/admin/**",
			"edge.edge-rules.waf[0].when.not.ips[0]=10.0.0.0/8",
			"edge.edge-rules.waf[1].name=block-v6",
			"edge.edge-rules.waf[1].when.ips[0]=2001:db8:bad::/48" })
	class BehindTrustedProxy extends EdgeRulesIntegrationTestSupport {

		WebTestClient https() {
			return this.client.mutate().defaultHeader("X-Forwarded-Proto", "https").build();
		}

		@Test
		void plainHttpIsRedirectedToTheSameUrlOnHttps() {
			DoubleSupplier redirects = counted(AlwaysUseHttpsWebFilter.RULE, "redirect");
			expectEdgeAnswer(this.client.get().uri(URI.create("http://127.0.0.1:" + this.port + "/a/b?x=1&y=%20")).header("Host", "www.example.com:8080").exchange(), 301)
				.expectHeader().valueEquals("Location", "https://www.example.com/a/b?x=1&y=%20");
			expectEdgeAnswer(this.client.post().uri("/form").header("Host", "www.example.com").exchange(), 301)
				.expectHeader().valueEquals("Location", "https://www.example.com/form");
			assertThat(redirects.getAsDouble()).isEqualTo(2);
			assertOriginUntouched();
		}

		@Test
		void ipv6LiteralHostKeepsItsBrackets() {
			expectEdgeAnswer(this.client.get().uri("/v6").header("Host", "[2001:db8::1]:8080").exchange(), 301)
				.expectHeader().valueEquals("Location", "https://[2001:db8::1]/v6");
		}

		@Test
		void hostThatCannotBeAUrlIsRejectedNotFailed() {
			assertThat(rawRequest("GET /x HTTP/1.1\r\nHost: a\"b\r\n")).startsWith("HTTP/1.1 400");
			assertThat(rawRequest("GET /x HTTP/1.1\r\n")).doesNotStartWith("HTTP/1.1 5");
			assertOriginUntouched();
		}

		@Test
		void forwardedProtoFromATrustedProxyIsBelieved() {
			expectFromOrigin(https().get().uri("/secure").exchange(), "/secure");
			expectFromOrigin(this.client.get().uri("/secure").header("Forwarded", "for=1.2.3.4;proto=https").exchange(),
					"/secure");
			expectEdgeAnswer(this.client.get().uri("/x").header("X-Forwarded-Proto", "http").exchange(), 301);
		}

		@Test
		void clientIpIsTheRightMostUntrustedForwardedAddress() {
			expectFromOrigin(https().get().uri("/admin/a").header("X-Forwarded-For", "10.1.2.3").exchange(), "/admin/a");
			expectEdgeAnswer(https().get().uri("/admin/a").header("X-Forwarded-For", "203.0.113.9").exchange(), 403);
			// 10.9.x is a trusted hop, so the client is the address before it
			expectEdgeAnswer(https().get().uri("/admin/a").header("X-Forwarded-For", "203.0.113.9, 10.9.0.7").exchange(), 403);
			// a spoofed left-most entry does not help: 10.1.1.1 is not trusted, so it is the client
			expectFromOrigin(https().get().uri("/admin/a").header("X-Forwarded-For", "203.0.113.9, 10.1.1.1").exchange(),
					"/admin/a");
		}

		@Test
		void ipv6ForwardedAddresses() {
			expectEdgeAnswer(https().get().uri("/any").header("X-Forwarded-For", "2001:db8:bad::1").exchange(), 403);
			expectEdgeAnswer(https().get().uri("/any").header("X-Forwarded-For", "[2001:DB8:BAD::2]:4431").exchange(), 403);
			expectEdgeAnswer(https().get().uri("/any").header("Forwarded", "for=\"[2001:db8:bad::3]\";proto=https")
				.exchange(), 403);
			expectFromOrigin(https().get().uri("/any").header("X-Forwarded-For", "2001:db8:bad::1, 2001:db8:1::1")
				.exchange(), "/any");
			assertThat(origin.requests()).isEqualTo(1);
		}

		@Test
		void malformedForwardedForFallsBackToTheProxyAddressNever500() {
			for (String value : new String[] { "garbage", "1.2.3.4.5", ",,,", "[::1", "999.1.1.1, , x", "::ffff:zz" }) {
				expectEdgeAnswer(https().get().uri("/admin/a").header("X-Forwarded-For", value).exchange(), 403);
			}
			assertOriginUntouched();
		}

	}

	@Nested
	@TestPropertySource(properties = {
			"edge.edge-rules.always-use-https=true",
			"edge.edge-rules.trusted-proxies[0]=10.0.0.0/8",
			"edge.edge-rules.redirects[0].name=everything",
			"edge.edge-rules.redirects[0].to=https://elsewhere.example/{path}",
			"edge.edge-rules.waf[0].name=block-all",
			"edge.edge-rules.waf[0].when.paths[0]=/**" })
	class BehindUntrustedClient extends EdgeRulesIntegrationTestSupport {

		@LocalManagementPort
		int managementPort;

		@Test
		void managementPortIsNotSubjectToEdgeRules() {
			DoubleSupplier redirects = counted(AlwaysUseHttpsWebFilter.RULE, "redirect");
			WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.managementPort).filter(GatewayClient.READ_BODY_EAGERLY).build()
				.get().uri("/actuator/health").exchange()
				.expectStatus().isOk().expectHeader().doesNotExist("Location");
			assertThat(redirects.getAsDouble()).isZero();
			expectEdgeAnswer(this.client.get().uri("/actuator/health").exchange(), 301);
		}

		@Test
		void forwardedProtoFromAnUntrustedClientIsIgnored() {
			expectEdgeAnswer(this.client.get().uri("/p").header("Host", "example.com")
				.header("X-Forwarded-Proto", "https").exchange(), 301)
				.expectHeader().valueEquals("Location", "https://example.com/p");
			expectEdgeAnswer(this.client.get().uri("/p").header("Host", "example.com")
				.header("Forwarded", "proto=https").exchange(), 301);
			assertOriginUntouched();
		}

	}

}
