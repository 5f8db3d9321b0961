package dev.edgegateway.rules;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.edgegateway.cache.CacheKeys;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.http.HttpCookie;
import org.springframework.http.server.RequestPath;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.util.pattern.PathPattern;

/**
 * The compiled {@code when:} of a rule: every condition is precompiled (patterns, regexes, lower
 * case sets), so matching a request allocates nothing but the cookie and query maps Spring
 * parses once per request anyway. A null condition always holds.
 */
record RuleMatcher(Set<String> hosts, List<String> hostSuffixes, List<PathPattern> paths, Set<String> extensions,
		Set<String> methods, Set<String> routes, Map<String, Pattern> headers, Map<String, Pattern> cookies,
		Map<String, Pattern> query) {

	/** Matches every request. */
	static final RuleMatcher ANY = new RuleMatcher(null, null, null, null, null, null, null, null, null);

	boolean matches(ServerHttpRequest request, Route route) {
		return hostMatches(request) && pathMatches(request.getPath()) && extensionMatches(request.getPath().value())
				&& (this.methods == null || this.methods.contains(request.getMethod().name()))
				&& (this.routes == null || (route != null && this.routes.contains(route.getId())))
				&& headersMatch(request) && cookiesMatch(request) && queryMatches(request);
	}

	private boolean hostMatches(ServerHttpRequest request) {
		if (this.hosts == null) {
			return true;
		}
		String host = CacheKeys.host(request);
		int colon = host.lastIndexOf(':');
		if (colon > 0 && host.indexOf(']') < colon) {
			host = host.substring(0, colon);
		}
		if (this.hosts.contains(host)) {
			return true;
		}
		for (String suffix : this.hostSuffixes) {
			if (host.endsWith(suffix)) {
				return true;
			}
		}
		return false;
	}

	private boolean pathMatches(RequestPath path) {
		if (this.paths == null) {
			return true;
		}
		for (PathPattern pattern : this.paths) {
			if (pattern.matches(path.pathWithinApplication())) {
				return true;
			}
		}
		return false;
	}

	private boolean extensionMatches(String path) {
		return this.extensions == null || this.extensions.contains(RuleCompiler.extension(path));
	}

	private boolean headersMatch(ServerHttpRequest request) {
		if (this.headers == null) {
			return true;
		}
		for (Map.Entry<String, Pattern> condition : this.headers.entrySet()) {
			if (!anyMatches(request.getHeaders().get(condition.getKey()), condition.getValue())) {
				return false;
			}
		}
		return true;
	}

	private boolean cookiesMatch(ServerHttpRequest request) {
		if (this.cookies == null) {
			return true;
		}
		for (Map.Entry<String, Pattern> condition : this.cookies.entrySet()) {
			List<HttpCookie> values = request.getCookies().get(condition.getKey());
			if (values == null || values.isEmpty()) {
				return false;
			}
			if (condition.getValue() != null && values.stream()
				.noneMatch(cookie -> condition.getValue().matcher(cookie.getValue()).find())) {
				return false;
			}
		}
		return true;
	}

	private boolean queryMatches(ServerHttpRequest request) {
		if (this.query == null) {
			return true;
		}
		for (Map.Entry<String, Pattern> condition : this.query.entrySet()) {
			if (!anyMatches(request.getQueryParams().get(condition.getKey()), condition.getValue())) {
				return false;
			}
		}
		return true;
	}

	/** Whether a value is present and, when a regex is given, one of the values contains a match. */
	private static boolean anyMatches(List<String> values, Pattern pattern) {
		if (values == null || values.isEmpty()) {
			return false;
		}
		if (pattern == null) {
			return true;
		}
		for (String value : values) {
			if (value != null && pattern.matcher(value).find()) {
				return true;
			}
		}
		return false;
	}

}
