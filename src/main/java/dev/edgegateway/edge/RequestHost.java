package dev.edgegateway.edge;

import java.util.Locale;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The host a request was sent to, lower-case and without port, read from the {@code Host} header
 * as the client sent it ({@code [::1]:8080} → {@code [::1]}). Never throws: an absent or odd
 * header gives the request URI's host or the empty string.
 */
final class RequestHost {

	private RequestHost() {
	}

	/** Lower-case host without port; IPv6 literals keep their brackets; "" when unknown. */
	static String of(ServerHttpRequest request) {
		String header = request.getHeaders().getFirst(HttpHeaders.HOST);
		if (header == null || header.isBlank()) {
			String host = request.getURI().getHost();
			return host != null ? host.toLowerCase(Locale.ROOT) : "";
		}
		return withoutPort(header.trim()).toLowerCase(Locale.ROOT);
	}

	static String withoutPort(String host) {
		if (host.startsWith("[")) {
			int end = host.indexOf(']');
			return end > 0 ? host.substring(0, end + 1) : host;
		}
		int colon = host.indexOf(':');
		return colon >= 0 && colon == host.lastIndexOf(':') ? host.substring(0, colon) : host;
	}

	/** Whether the host is safe to put in a URL we build (a name, IPv4 or bracketed IPv6 literal). */
	static boolean isValid(String host) {
		if (host.isEmpty() || host.length() > 255) {
			return false;
		}
		if (host.startsWith("[")) {
			return host.endsWith("]") && IpAddresses.parse(host) != null;
		}
		return host.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_');
	}

}
