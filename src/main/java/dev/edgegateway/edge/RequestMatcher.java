package dev.edgegateway.edge;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.edgegateway.cache.HitLaneTransparent;

import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;

/**
 * A {@code when} block compiled once at start-up: regexes, PathPatterns and CIDR blocks are parsed
 * here, so matching a request does no parsing or compiling. Conditions are ANDed, entries of one
 * condition ORed, {@code not} negates its whole block. Everything but {@code ips} reads the
 * request's method, target and headers; when the client's address decides a match, the exchange is
 * marked {@linkplain HitLaneTransparent#notRepeatable not repeatable} for the HIT lane.
 */
final class RequestMatcher {

	private final Set<String> methods;

	private final List<String> hosts;

	private final List<PathPattern> paths;

	private final List<IpRange> ips;

	private final List<Pattern> userAgents;

	private final Map<String, Pattern> headers;

	private final Map<String, Pattern> query;

	private final Set<String> countries;

	private final String countryHeader;

	private final RequestMatcher not;

	private RequestMatcher(Conditions when, String property, String countryHeader, RequestMatcher not) {
		this.methods = when.getMethods().stream().map(String::trim).map(m -> m.toUpperCase(Locale.ROOT))
				.collect(Collectors.toUnmodifiableSet());
		this.methods.forEach(m -> ConfigChecks.require(ConfigChecks.isToken(m), property + ".methods",
				"'" + m + "' is not an HTTP method"));
		this.hosts = indexed(when.getHosts(), property + ".hosts",
				(host, path) -> ConfigChecks.requireText(host, path).toLowerCase(Locale.ROOT));
		this.paths = indexed(when.getPaths(), property + ".paths", ConfigChecks::pathPattern);
		this.ips = indexed(when.getIps(), property + ".ips", ConfigChecks::ipRange);
		this.userAgents = indexed(when.getUserAgents(), property + ".user-agents", ConfigChecks::regex);
		this.headers = patterns(when.getHeaders(), property + ".headers");
		this.query = patterns(when.getQuery(), property + ".query");
		this.countries = when.getCountries().stream().map(c -> c.trim().toUpperCase(Locale.ROOT))
				.collect(Collectors.toUnmodifiableSet());
		this.countries.forEach(c -> ConfigChecks.require(c.matches("[A-Z0-9]{2}"), property + ".countries",
				"'" + c + "' is not a two-letter country code"));
		this.countryHeader = countryHeader;
		this.not = not;
	}

	/** Compiles a {@code when} block found at {@code property} (e.g. {@code edge.edge-rules.waf[0].when}). */
	static RequestMatcher compile(When when, String property, String countryHeader) {
		When conditions = when != null ? when : new When();
		RequestMatcher not = conditions.getNot() == null ? null
				: new RequestMatcher(conditions.getNot(), property + ".not", countryHeader, null);
		return new RequestMatcher(conditions, property, countryHeader, not);
	}

	/** The path patterns, for template validation. */
	List<PathPattern> paths() {
		return this.paths;
	}

	/** The match with its path captures, or {@code null} when the request does not match. */
	PathMatch match(ServerWebExchange exchange, ClientIpResolver clientIps) {
		ServerHttpRequest request = exchange.getRequest();
		if (!matchesRequestLineAndHeaders(request)) {
			return null;
		}
		PathMatch pathMatch = matchPath(request.getPath().pathWithinApplication());
		if (pathMatch == null) {
			return null;
		}
		if (!this.ips.isEmpty()) {
			// the client's address decides: the HIT lane must not answer a repeat from another client
			HitLaneTransparent.notRepeatable(exchange);
			if (!matchesIp(clientIps.resolve(exchange))) {
				return null;
			}
		}
		return this.not != null && this.not.match(exchange, clientIps) != null ? null : pathMatch;
	}

	/** Everything but the path and the client's address: what the HIT lane's signature holds too. */
	private boolean matchesRequestLineAndHeaders(ServerHttpRequest request) {
		return (this.methods.isEmpty() || this.methods.contains(request.getMethod().name()))
				&& (this.hosts.isEmpty() || matchesHost(RequestHost.of(request)))
				&& (this.countries.isEmpty() || matchesCountry(request))
				&& this.headers.entrySet().stream().allMatch(e -> anyFound(request.getHeaders().get(e.getKey()), e.getValue()))
				&& this.query.entrySet().stream().allMatch(e -> anyFound(request.getQueryParams().get(e.getKey()), e.getValue()))
				&& (this.userAgents.isEmpty() || matchesUserAgent(request));
	}

	private PathMatch matchPath(PathContainer path) {
		if (this.paths.isEmpty()) {
			String value = path.value();
			return new PathMatch(Map.of(), value.startsWith("/") ? value.substring(1) : value);
		}
		for (PathPattern pattern : this.paths) {
			PathPattern.PathMatchInfo info = pattern.matchAndExtract(path);
			if (info != null) {
				return new PathMatch(info.getUriVariables(), pattern.extractPathWithinPattern(path).value());
			}
		}
		return null;
	}

	private boolean matchesHost(String host) {
		for (String candidate : this.hosts) {
			if (candidate.startsWith("*.") ? host.endsWith(candidate.substring(1)) : host.equals(candidate)) {
				return true;
			}
		}
		return false;
	}

	private boolean matchesCountry(ServerHttpRequest request) {
		String country = request.getHeaders().getFirst(this.countryHeader);
		return country != null && this.countries.contains(country.trim().toUpperCase(Locale.ROOT));
	}

	private boolean matchesUserAgent(ServerHttpRequest request) {
		return anyFound(request.getHeaders().get("User-Agent"), this.userAgents);
	}

	private boolean matchesIp(InetAddress client) {
		if (client == null) {
			return false;
		}
		byte[] address = IpAddresses.bytesOf(client);
		return this.ips.stream().anyMatch(range -> range.contains(address));
	}

	/** Whether any value contains a match of the pattern; a null pattern means "present". */
	private static boolean anyFound(List<String> values, Pattern pattern) {
		if (values == null || values.isEmpty()) {
			return false;
		}
		return pattern == null || values.stream().anyMatch(v -> pattern.matcher(v).find());
	}

	private static boolean anyFound(List<String> values, List<Pattern> patterns) {
		return patterns.stream().anyMatch(p -> anyFound(values, p));
	}

	private static Map<String, Pattern> patterns(Map<String, String> source, String property) {
		Map<String, Pattern> compiled = new LinkedHashMap<>();
		source.forEach((name, regex) -> {
			String path = property + "[" + name + "]";
			ConfigChecks.require(ConfigChecks.isToken(name.trim()) || property.endsWith(".query"), path,
					"'" + name + "' is not a valid name");
			compiled.put(name.trim(), regex == null || regex.isEmpty() ? null : ConfigChecks.regex(regex, path));
		});
		return compiled;
	}

	private static <T> List<T> indexed(List<String> values, String property, Compiler<T> compiler) {
		List<T> compiled = new ArrayList<>(values.size());
		for (int i = 0; i < values.size(); i++) {
			compiled.add(compiler.compile(values.get(i), property + "[" + i + "]"));
		}
		return List.copyOf(compiled);
	}

	private interface Compiler<T> {

		T compile(String value, String property);

	}

	/** A successful match: the PathPattern captures and what the pattern's wildcard part matched. */
	record PathMatch(Map<String, String> variables, String remainder) {
	}

}
