package dev.edgegateway.edge;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * The client's IP address: the connection's peer, unless that peer is a trusted proxy; then the
 * right-most {@code X-Forwarded-For} address (or {@code Forwarded: for=} when there is no
 * X-Forwarded-For) that is not itself a trusted proxy. An entry that is not an IP literal ends the
 * walk at the last address believed, so garbage in the header never fails a request. Resolved once
 * per exchange (cached in {@link #CLIENT_IP_ATTR}); reused by the WAF, rate limiting and the access log.
 */
public class ClientIpResolver {

	/** Exchange attribute caching the resolved {@link InetAddress} (absent when unknown). */
	public static final String CLIENT_IP_ATTR = ClientIpResolver.class.getName() + ".clientIp";

	private final List<IpRange> trustedProxies;

	public ClientIpResolver(List<IpRange> trustedProxies) {
		this.trustedProxies = List.copyOf(trustedProxies);
	}

	/** The client address, or {@code null} when the connection's address is unknown. */
	public InetAddress resolve(ServerWebExchange exchange) {
		InetAddress cached = exchange.getAttribute(CLIENT_IP_ATTR);
		if (cached != null) {
			return cached;
		}
		InetAddress resolved = resolve(exchange.getRequest());
		if (resolved != null) {
			exchange.getAttributes().put(CLIENT_IP_ATTR, resolved);
		}
		return resolved;
	}

	/** The client address of a request (not cached), or {@code null} when unknown. */
	public InetAddress resolve(ServerHttpRequest request) {
		byte[] current = peerAddress(request);
		if (current == null) {
			return null;
		}
		List<String> hops = forwardedFor(request);
		for (int i = hops.size() - 1; i >= 0 && isTrusted(current); i--) {
			byte[] hop = IpAddresses.parse(stripPort(hops.get(i)));
			if (hop == null) {
				break;
			}
			current = hop;
		}
		return IpAddresses.fromBytes(current);
	}

	/** Whether the connection itself comes from a trusted proxy (so its forwarding headers are believed). */
	public boolean isFromTrustedProxy(ServerHttpRequest request) {
		byte[] peer = peerAddress(request);
		return peer != null && isTrusted(peer);
	}

	private boolean isTrusted(byte[] address) {
		for (IpRange range : this.trustedProxies) {
			if (range.contains(address)) {
				return true;
			}
		}
		return false;
	}

	private static byte[] peerAddress(ServerHttpRequest request) {
		InetSocketAddress remote = request.getRemoteAddress();
		InetAddress address = remote != null ? remote.getAddress() : null;
		return address != null ? IpAddresses.bytesOf(address) : null;
	}

	private static List<String> forwardedFor(ServerHttpRequest request) {
		List<String> values = request.getHeaders().get("X-Forwarded-For");
		List<String> hops = new ArrayList<>();
		if (values != null && !values.isEmpty()) {
			for (String value : values) {
				for (String hop : value.split(",")) {
					hops.add(hop.trim());
				}
			}
			return hops;
		}
		for (String element : ForwardedHeader.elements(request.getHeaders())) {
			String value = ForwardedHeader.parameter(element, "for");
			hops.add(value != null ? value : "");
		}
		return hops;
	}

	/** {@code 1.2.3.4:80} → {@code 1.2.3.4}, {@code [2001:db8::1]:443} → {@code 2001:db8::1}, IPv6 untouched. */
	static String stripPort(String hop) {
		String value = hop.trim();
		if (value.startsWith("[")) {
			int end = value.indexOf(']');
			return end > 0 ? value.substring(1, end) : value;
		}
		int colon = value.indexOf(':');
		return colon >= 0 && colon == value.lastIndexOf(':') ? value.substring(0, colon) : value;
	}

}
