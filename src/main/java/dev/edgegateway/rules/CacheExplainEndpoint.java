package dev.edgegateway.rules;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.edgegateway.cache.CacheStatus;
import dev.edgegateway.cache.UrlResolver;
import dev.edgegateway.cache.UrlResolver.Resolution;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.http.HttpHeaders;

/**
 * {@code GET /actuator/cacheexplain?url=...} (management port): what the cache would decide for a
 * GET of the URL — route, eligibility, matched rules, key, TTL settings — worked out without
 * sending anything to the origin. An optional {@code cookie} parameter is sent as the request's
 * {@code Cookie} header (for cookie conditions and keys). A missing or bad URL is a 400 with the
 * reason.
 */
@Endpoint(id = "cacheexplain")
public class CacheExplainEndpoint {

	private static final Set<String> ORIGIN_SCHEMES = Set.of("http", "https", "lb");

	private final UrlResolver resolver;

	public CacheExplainEndpoint(UrlResolver resolver) {
		this.resolver = resolver;
	}

	/** Explains the cache decision for a GET of {@code url}. */
	@ReadOperation
	public Mono<WebEndpointResponse<Map<String, Object>>> explain(@Nullable String url, @Nullable String cookie) {
		URI uri;
		try {
			uri = parse(url);
		}
		catch (IllegalArgumentException ex) {
			return Mono.just(new WebEndpointResponse<>(Map.of("error", ex.getMessage()),
					WebEndpointResponse.STATUS_BAD_REQUEST));
		}
		HttpHeaders headers = new HttpHeaders();
		if (cookie != null && !cookie.isBlank()) {
			headers.set(HttpHeaders.COOKIE, cookie);
		}
		return this.resolver.resolve(uri, headers).map(resolution -> new WebEndpointResponse<>(body(uri, resolution)));
	}

	private static URI parse(String url) {
		if (url == null || url.isBlank()) {
			throw new IllegalArgumentException("the url parameter is required, e.g. ?url=https://www.example.com/a.css");
		}
		URI uri;
		try {
			uri = new URI(url.trim());
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("'" + url + "' is not a valid URL: " + ex.getReason());
		}
		if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
			throw new IllegalArgumentException("'" + url + "' is not an absolute http or https URL");
		}
		if (uri.getHost() == null || uri.getRawPath() == null) {
			throw new IllegalArgumentException("'" + url + "' has no host");
		}
		if (uri.getRawPath().isEmpty()) {
			uri = uri.resolve("/");
		}
		return uri;
	}

	private static Map<String, Object> body(URI uri, Resolution resolution) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("url", uri.toString());
		body.put("route", resolution.route() != null ? resolution.route().getId() : null);
		if (resolution.route() == null || !ORIGIN_SCHEMES.contains(resolution.route().getUri().getScheme())) {
			// no route, or a route that answers without an origin: the cache never sees it
			body.put("eligible", false);
			body.put("status", CacheStatus.NONE.headerValue());
			body.put("reason", resolution.route() == null ? "no-route" : "no-origin");
			return body;
		}
		Map<String, Object> policy = PolicyDescription.of(resolution.policy());
		body.put("eligible", policy.remove("eligible"));
		body.put("key", resolution.key());
		body.putAll(policy);
		return body;
	}

}
