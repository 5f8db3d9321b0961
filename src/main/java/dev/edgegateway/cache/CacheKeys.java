package dev.edgegateway.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Builds cache keys. A primary key is {@code scheme://host/path?query} (Cloudflare's default key,
 * shaped by a {@link KeyPolicy}); responses that {@code Vary} are stored under secondary keys
 * that add the marker's variant id and the request's values of the varying headers.
 */
public final class CacheKeys {

	private static final Set<String> KNOWN_CODINGS = Set.of("br", "gzip", "zstd", "deflate");

	private CacheKeys() {
	}

	/** The primary key of a request. */
	public static String primary(ServerHttpRequest request, KeyPolicy policy) {
		StringBuilder key = new StringBuilder(96);
		key.append(request.getURI().getScheme()).append("://");
		if (policy.host()) {
			key.append(host(request));
		}
		key.append(request.getPath().value());
		String query = query(request.getURI().getRawQuery(), policy);
		if (query != null && !query.isEmpty()) {
			key.append('?').append(query);
		}
		for (String header : policy.headers()) {
			key.append("|h:").append(header).append('=').append(joined(request.getHeaders().get(header)));
		}
		for (String cookie : policy.cookies()) {
			HttpCookie value = request.getCookies().getFirst(cookie);
			key.append("|c:").append(cookie).append('=').append(value != null ? value.getValue() : "");
		}
		return key.toString();
	}

	/** The host a client named ({@code Host}), lower case, without a default port. */
	public static String host(ServerHttpRequest request) {
		String host = request.getHeaders().getFirst(HttpHeaders.HOST);
		if (host == null || host.isEmpty()) {
			host = request.getURI().getHost() != null ? request.getURI().getHost() : "";
		}
		host = host.toLowerCase(Locale.ROOT);
		if (host.endsWith(":80") || host.endsWith(":443")) {
			host = host.substring(0, host.lastIndexOf(':'));
		}
		return host;
	}

	static String query(String rawQuery, KeyPolicy policy) {
		if (rawQuery == null || rawQuery.isEmpty() || policy.query() == KeyPolicy.QueryMode.NONE) {
			return null;
		}
		if (policy.query() == KeyPolicy.QueryMode.ALL && !policy.sortQuery()) {
			return rawQuery;
		}
		List<String> kept = new ArrayList<>();
		for (String pair : rawQuery.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int eq = pair.indexOf('=');
			String name = eq < 0 ? pair : pair.substring(0, eq);
			boolean named = policy.queryParameters().contains(name);
			if (policy.query() == KeyPolicy.QueryMode.ALL || (policy.query() == KeyPolicy.QueryMode.INCLUDE) == named) {
				kept.add(pair);
			}
		}
		if (policy.sortQuery()) {
			kept.sort(null);
		}
		return String.join("&", kept);
	}

	/** The secondary key of a varying response for this request. */
	public static String secondary(String primary, String variantId, List<String> vary, HttpHeaders requestHeaders) {
		StringBuilder key = new StringBuilder(primary.length() + 48).append(primary).append("|v").append(variantId);
		for (String name : vary) {
			key.append('|').append(name).append('=');
			if (name.equals("accept-encoding")) {
				key.append(acceptedCodings(requestHeaders.get(HttpHeaders.ACCEPT_ENCODING)));
			}
			else {
				key.append(joined(requestHeaders.get(name)));
			}
		}
		return key.toString();
	}

	/**
	 * {@code Accept-Encoding} normalised to the sorted set of known codings the client accepts
	 * (q > 0), or {@code identity}: clients that accept the same codings share a variant, and a
	 * client that did not ask for gzip never shares one with a client that did.
	 */
	static String acceptedCodings(List<String> acceptEncoding) {
		if (acceptEncoding == null) {
			return "identity";
		}
		Set<String> codings = new TreeSet<>();
		for (String line : acceptEncoding) {
			for (String member : line.split(",")) {
				String[] parts = member.trim().toLowerCase(Locale.ROOT).split(";");
				String coding = parts[0].trim();
				if (KNOWN_CODINGS.contains(coding) && !zeroQuality(parts)) {
					codings.add(coding);
				}
			}
		}
		return codings.isEmpty() ? "identity" : String.join(",", codings);
	}

	private static boolean zeroQuality(String[] parts) {
		for (int i = 1; i < parts.length; i++) {
			String param = parts[i].trim();
			if (param.startsWith("q=")) {
				try {
					return Double.parseDouble(param.substring(2).trim()) <= 0;
				}
				catch (NumberFormatException ex) {
					return false;
				}
			}
		}
		return false;
	}

	private static String joined(List<String> values) {
		if (values == null || values.isEmpty()) {
			return "";
		}
		return values.size() == 1 ? values.get(0).trim() : String.join(",", values).trim();
	}

}
