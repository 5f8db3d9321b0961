package dev.edgegateway.edge;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** Client-IP resolution; the integration tests cover the same through a real connection. */
class ClientIpResolverTests {

	private final ClientIpResolver resolver = new ClientIpResolver(
			List.of(IpRange.parse("10.0.0.0/8"), IpRange.parse("2001:db8:ffff::/48")));

	@Test
	void untrustedPeerIsTheClientWhateverItForwards() {
		assertThat(resolve("203.0.113.5", "X-Forwarded-For", "198.51.100.1")).isEqualTo("203.0.113.5");
	}

	@Test
	void trustedPeerGivesTheRightMostUntrustedAddress() {
		assertThat(resolve("10.0.0.1", "X-Forwarded-For", "1.1.1.1, 198.51.100.7, 10.2.2.2"))
			.isEqualTo("198.51.100.7");
	}

	@Test
	void multipleHeaderLinesAreOneList() {
		MockServerHttpRequest request = request("10.0.0.1").header("X-Forwarded-For", "1.1.1.1")
			.header("X-Forwarded-For", "198.51.100.7, 10.0.0.9").build();
		assertThat(this.resolver.resolve(request).getHostAddress()).isEqualTo("198.51.100.7");
	}

	@Test
	void allTrustedGivesTheLeftMost() {
		assertThat(resolve("10.0.0.1", "X-Forwarded-For", "10.3.3.3, 10.2.2.2")).isEqualTo("10.3.3.3");
	}

	@Test
	void garbageEndsTheWalkAtTheLastBelievedAddress() {
		assertThat(resolve("10.0.0.1", "X-Forwarded-For", "1.1.1.1, not-an-ip")).isEqualTo("10.0.0.1");
		assertThat(resolve("10.0.0.1", "X-Forwarded-For", "198.51.100.7, ,")).isEqualTo("10.0.0.1");
		assertThat(resolve("10.0.0.1", "X-Forwarded-For", "unknown, 10.5.5.5")).isEqualTo("10.5.5.5");
		assertThat(resolve("10.0.0.1", "X-Forwarded-For", "")).isEqualTo("10.0.0.1");
		assertThat(resolve("10.0.0.1", "X-Forwarded-For", "300.1.1.1")).isEqualTo("10.0.0.1");
	}

	@Test
	void ipv6AddressesFromATrustedProxy() {
		assertThat(resolve("10.0.0.1", "X-Forwarded-For", "2001:db8:1::7")).isEqualTo("2001:db8:1:0:0:0:0:7");
		assertThat(resolve("10.0.0.1", "X-Forwarded-For", "[2001:db8:1::7]:51234")).isEqualTo("2001:db8:1:0:0:0:0:7");
		assertThat(resolve("10.0.0.1", "X-Forwarded-For", "2001:db8:1::7, 2001:db8:ffff::1"))
			.isEqualTo("2001:db8:1:0:0:0:0:7");
	}

	@Test
	void ipv6PeerCanBeTheTrustedProxy() {
		assertThat(resolve("2001:db8:ffff::2", "X-Forwarded-For", "198.51.100.7:443")).isEqualTo("198.51.100.7");
	}

	@Test
	void forwardedHeaderIsReadWhenThereIsNoXForwardedFor() {
		assertThat(resolve("10.0.0.1", "Forwarded", "for=198.51.100.1, for=\"[2001:db8:1::9]:80\";proto=https"))
			.isEqualTo("2001:db8:1:0:0:0:0:9");
		assertThat(resolve("10.0.0.1", "Forwarded", "for=_hidden")).isEqualTo("10.0.0.1");
	}

	@Test
	void peerWithoutForwardingIsTheClient() {
		assertThat(this.resolver.resolve(request("10.0.0.1").build()).getHostAddress()).isEqualTo("10.0.0.1");
		assertThat(this.resolver.isFromTrustedProxy(request("10.0.0.1").build())).isTrue();
		assertThat(this.resolver.isFromTrustedProxy(request("192.0.2.1").build())).isFalse();
	}

	@Test
	void stripsPortsButNotIpv6Groups() {
		assertThat(ClientIpResolver.stripPort("1.2.3.4:80")).isEqualTo("1.2.3.4");
		assertThat(ClientIpResolver.stripPort("[::1]:80")).isEqualTo("::1");
		assertThat(ClientIpResolver.stripPort("2001:db8::1")).isEqualTo("2001:db8::1");
		assertThat(ClientIpResolver.stripPort("[::1")).isEqualTo("[::1");
	}

	private String resolve(String peer, String header, String value) {
		return this.resolver.resolve(request(peer).header(header, value).build()).getHostAddress();
	}

	private static MockServerHttpRequest.BaseBuilder<?> request(String peer) {
		return MockServerHttpRequest.get("/").remoteAddress(new InetSocketAddress(IpAddresses.toInetAddress(peer), 5000));
	}

}
