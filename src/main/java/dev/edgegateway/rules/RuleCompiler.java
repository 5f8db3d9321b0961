package dev.edgegateway.rules;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.edgegateway.cache.KeyPolicy.QueryMode;
import dev.edgegateway.cache.TtlPolicy.EdgeTtlMode;
import dev.edgegateway.rules.CacheRule.BrowserTtl;
import dev.edgegateway.rules.CacheRule.EdgeTtl;
import dev.edgegateway.rules.CacheRule.ServeStale;

import static dev.edgegateway.cache.EdgeCacheProperties.require;

/**
 * Validates a {@link CacheRule} and compiles it into a {@link CompiledRule}. Every problem stops
 * start-up with one line naming the property path (e.g.
 * {@code Invalid configuration: edge.cache.rules[2].when.paths[0]: ...}).
 */
final class RuleCompiler {

	private static final Map<String, EdgeTtlMode> EDGE_TTL_MODES = Map.of("respect-origin",
			EdgeTtlMode.RESPECT_ORIGIN, "override", EdgeTtlMode.OVERRIDE, "bypass-by-default",
			EdgeTtlMode.BYPASS_BY_DEFAULT);

	private static final Pattern STATUS_RANGE = Pattern.compile("(\\d{3})(?:-(\\d{3}))?");

	private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

	private RuleCompiler() {
	}

	/** Compiles a rule whose properties live under {@code path} (e.g. {@code edge.cache.rules[0]}). */
	static CompiledRule compile(CacheRule rule, String path, String defaultName) {
		String name = rule.getName() == null || rule.getName().isBlank() ? defaultName : rule.getName().trim();
		RuleMatcher matcher = rule.getWhen() != null ? RuleConditionsCompiler.compile(rule.getWhen(), path + ".when")
				: RuleMatcher.ANY;
		return new CompiledRule(name, matcher, settings(rule, path));
	}

	private static RuleSettings settings(CacheRule rule, String path) {
		Boolean cache = rule.getCache() == null ? null
				: switch (mode(rule.getCache())) {
					case "eligible" -> true;
					case "bypass" -> false;
					default -> throw invalid(path + ".cache", rule.getCache(), "eligible, bypass");
				};
		EdgeTtl edge = rule.getEdgeTtl() != null ? rule.getEdgeTtl() : new EdgeTtl();
		EdgeTtlMode edgeMode = edgeTtlMode(edge.getMode(), path + ".edge-ttl.mode");
		require(edge.getDefault() == null || !edge.getDefault().isNegative(), path + ".edge-ttl.default",
				"must not be negative (use by-status with a negative TTL to never store a status)");
		BrowserTtl browser = rule.getBrowserTtl();
		Duration browserTtl = browser != null ? browserTtl(browser, path + ".browser-ttl") : null;
		ServeStale stale = rule.getServeStale() != null ? rule.getServeStale() : new ServeStale();
		RuleKey key = rule.getKey() != null ? rule.getKey() : new RuleKey();
		RuleKey.Query query = key.getQuery();
		QueryMode queryMode = query != null ? queryMode(query, path + ".key.query") : null;
		return new RuleSettings(cache, edgeMode, edge.getDefault(), byStatus(edge.getByStatus(), path + ".edge-ttl.by-status"),
				browser != null, browserTtl, window(stale.getWhileRevalidate(), path + ".serve-stale.while-revalidate"),
				window(stale.getIfError(), path + ".serve-stale.if-error"), stale.getDisabled(), queryMode,
				queryMode == null ? null : queryParameters(query, path + ".key.query"), key.getSortQuery(),
				headerNames(key.getHeaders(), path + ".key.headers"), names(key.getCookies(), path + ".key.cookies"),
				key.getHost(), key.getDeceptionArmor(), regex(rule.getBypassOnCookie(), path + ".bypass-on-cookie"));
	}

	private static EdgeTtlMode edgeTtlMode(String value, String path) {
		if (value == null) {
			return null;
		}
		EdgeTtlMode mode = EDGE_TTL_MODES.get(mode(value));
		if (mode == null) {
			throw invalid(path, value, "respect-origin, override, bypass-by-default");
		}
		return mode;
	}

	private static Duration browserTtl(BrowserTtl browser, String path) {
		String mode = browser.getMode() == null ? "override" : mode(browser.getMode());
		if (mode.equals("respect-origin")) {
			return null;
		}
		require(mode.equals("override"), path + ".mode",
				"unknown mode '" + browser.getMode() + "' (expected one of: respect-origin, override)");
		require(browser.getValue() != null, path + ".value", "is required with mode override");
		require(!browser.getValue().isNegative(), path + ".value", "must not be negative");
		return browser.getValue();
	}

	/** by-status keys ("404", "500-599") expanded to one entry per status, in configuration order. */
	private static Map<Integer, Duration> byStatus(Map<String, Duration> byStatus, String path) {
		if (byStatus == null) {
			return null;
		}
		Map<Integer, Duration> expanded = new LinkedHashMap<>();
		byStatus.forEach((range, ttl) -> {
			var matcher = STATUS_RANGE.matcher(range.trim());
			require(matcher.matches(), path + "." + range,
					"'" + range + "' is not a status (404) or a status range (500-599)");
			int from = Integer.parseInt(matcher.group(1));
			int to = matcher.group(2) != null ? Integer.parseInt(matcher.group(2)) : from;
			require(from >= 100 && to <= 599 && from <= to, path + "." + range,
					"'" + range + "' is not a status range within 100-599 (low-high)");
			require(ttl != null, path + "." + range, "a TTL is required");
			for (int status = from; status <= to; status++) {
				expanded.put(status, ttl);
			}
		});
		return expanded;
	}

	private static QueryMode queryMode(RuleKey.Query query, String path) {
		boolean include = query.getInclude() != null;
		boolean exclude = query.getExclude() != null;
		require(!(include && exclude), path, "set either include or exclude, not both");
		if (include || exclude) {
			require(query.getMode() == null, path, "use either a mode (all, none) or include/exclude, not both");
			return include ? QueryMode.INCLUDE : QueryMode.EXCLUDE;
		}
		String mode = query.getMode() == null ? "" : mode(query.getMode());
		return switch (mode) {
			case "all" -> QueryMode.ALL;
			case "none" -> QueryMode.NONE;
			case "include", "exclude" -> throw new IllegalStateException("Invalid configuration: " + path + ": "
					+ mode + " needs parameter names: write query: { " + mode + ": [name, ...] }");
			default -> throw invalid(path, query.getMode(), "all, none, {include: [..]}, {exclude: [..]}");
		};
	}

	private static Set<String> queryParameters(RuleKey.Query query, String path) {
		List<String> names = query.getInclude() != null ? query.getInclude() : query.getExclude();
		if (names == null) {
			return Set.of();
		}
		return new LinkedHashSet<>(names(names, path + (query.getInclude() != null ? ".include" : ".exclude")));
	}

	private static Duration window(Duration window, String path) {
		require(window == null || !window.isNegative(), path, "must not be negative");
		return window;
	}

	private static List<String> headerNames(List<String> names, String path) {
		if (names == null) {
			return null;
		}
		for (int i = 0; i < names.size(); i++) {
			require(names.get(i) != null && TOKEN.matcher(names.get(i)).matches(), path + "[" + i + "]",
					"'" + names.get(i) + "' is not a valid header name");
		}
		return names.stream().map(name -> name.toLowerCase(Locale.ROOT)).distinct().toList();
	}

	private static List<String> names(List<String> names, String path) {
		if (names == null) {
			return null;
		}
		for (int i = 0; i < names.size(); i++) {
			require(names.get(i) != null && !names.get(i).isBlank(), path + "[" + i + "]", "must not be empty");
		}
		return names.stream().map(String::trim).distinct().toList();
	}

	/** A compiled regex, or null when none is set; an empty one is refused. */
	static Pattern regex(String regex, String path) {
		if (regex == null || regex.isEmpty()) {
			require(regex == null, path, "must not be empty");
			return null;
		}
		try {
			return Pattern.compile(regex);
		}
		catch (PatternSyntaxException ex) {
			throw new IllegalStateException("Invalid configuration: " + path + ": '" + regex
					+ "' is not a valid regex (" + ex.getDescription() + " near index " + ex.getIndex() + ")");
		}
	}

	/** A mode as written, normalised: case and {@code _} vs {@code -} do not matter. */
	static String mode(String value) {
		return value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	static IllegalStateException invalid(String path, String value, String expected) {
		return new IllegalStateException(
				"Invalid configuration: " + path + ": unknown mode '" + value + "' (expected one of: " + expected + ")");
	}

	/** The lower-case extension of a path's last segment, or "" when it has none. */
	static String extension(String path) {
		int slash = path.lastIndexOf('/');
		int dot = path.lastIndexOf('.');
		return dot > slash && dot < path.length() - 1 ? path.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
	}

}
