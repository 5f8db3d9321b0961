package dev.edgegateway.edge;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The small page a WAF answer carries: JSON when the client's {@code Accept} prefers JSON, HTML
 * otherwise. It names the status and a request id (also logged), never the rule.
 */
final class BlockPage {

	private BlockPage() {
	}

	/** A random 16-hex-digit id that ties the page a client saw to the log line. */
	static String newRequestId() {
		return String.format("%016x", ThreadLocalRandom.current().nextLong());
	}

	/** JSON when the best-ranked acceptable type is JSON (a concrete type beats a wildcard of equal q). */
	static boolean prefersJson(ServerHttpRequest request) {
		List<MediaType> accepted;
		try {
			accepted = request.getHeaders().getAccept();
		}
		catch (IllegalArgumentException ex) { // InvalidMediaTypeException is one
			return false;
		}
		double best = 0;
		boolean json = false;
		for (MediaType type : accepted) {
			boolean concrete = !type.isWildcardType() && !type.isWildcardSubtype();
			boolean candidateJson = concrete && isJson(type);
			if (!candidateJson && !type.isCompatibleWith(MediaType.TEXT_HTML)) {
				continue;
			}
			double rank = type.getQualityValue() + (concrete ? 0.0005 : 0);
			if (type.getQualityValue() > 0 && rank > best) {
				best = rank;
				json = candidateJson;
			}
		}
		return json;
	}

	private static boolean isJson(MediaType type) {
		return MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type) || "json".equals(type.getSubtypeSuffix());
	}

	static MediaType mediaType(boolean json) {
		return json ? MediaType.APPLICATION_JSON : MediaType.TEXT_HTML;
	}

	static String body(boolean json, int status, String title, String requestId) {
		if (json) {
			return "{\"success\":false,\"status\":" + status + ",\"error\":\"" + title + "\",\"request_id\":\""
					+ requestId + "\"}";
		}
		return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + status + " " + title
				+ "</title></head>\n<body><h1>" + title + "</h1>\n<p>This request was blocked by the edge.</p>\n"
				+ "<p>Request id: <code>" + requestId + "</code></p></body></html>\n";
	}

}
