package dev.edgegateway.edge;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.web.util.UriUtils;
import org.springframework.web.util.pattern.PathPattern;

/**
 * A redirect target such as {@code https://blog.example.com/{path}}, parsed once at start-up.
 * Variables: {@code {path}} (what the pattern's {@code **} matched, no leading slash; the whole
 * path when the rule has no path pattern), {@code {query}} (the raw query string), {@code {host}},
 * and any capture that every path pattern of the rule defines ({@code {id}} or {@code {*rest}}).
 */
final class RedirectTemplate {

	private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_-]*)\\}");

	private static final Pattern CAPTURE = Pattern.compile("\\{\\*?([A-Za-z_][A-Za-z0-9_-]*)[}:]");

	private static final List<String> BUILT_IN = List.of("path", "query", "host");

	/** Literal text and variable names alternate: even indexes literal, odd indexes variables. */
	private final List<String> parts;

	private final boolean usesQuery;

	private RedirectTemplate(List<String> parts) {
		this.parts = List.copyOf(parts);
		this.usesQuery = parts.stream().skip(1).anyMatch("query"::equals);
	}

	static RedirectTemplate parse(String to, List<PathPattern> paths, String property) {
		String text = ConfigChecks.requireText(to, property);
		Set<String> known = captures(paths);
		known.addAll(BUILT_IN);
		List<String> parts = new ArrayList<>();
		Matcher matcher = VARIABLE.matcher(text);
		int last = 0;
		while (matcher.find()) {
			String name = matcher.group(1);
			ConfigChecks.require(known.contains(name), property, "'" + text + "' uses {" + name
					+ "}, which is not a variable of this rule (known: " + String.join(", ", known) + ")");
			parts.add(text.substring(last, matcher.start()));
			parts.add(name);
			last = matcher.end();
		}
		parts.add(text.substring(last));
		String skeleton = String.join("x", literalParts(parts));
		ConfigChecks.require(skeleton.indexOf('{') < 0 && skeleton.indexOf('}') < 0, property,
				"'" + text + "' has a { or } that is not a variable");
		ConfigChecks.require(isUrl(skeleton), property,
				"'" + text + "' is not an absolute http(s) URL or a path starting with /");
		return new RedirectTemplate(parts);
	}

	/** The Location for a matched request. */
	String expand(RequestMatcher.PathMatch match, String host, String rawQuery, boolean preserveQuery) {
		StringBuilder location = new StringBuilder(128);
		for (int i = 0; i < this.parts.size(); i++) {
			location.append(i % 2 == 0 ? this.parts.get(i) : value(this.parts.get(i), match, host, rawQuery));
		}
		if (preserveQuery && !this.usesQuery) {
			appendQuery(location, rawQuery);
		}
		return location.toString();
	}

	/** Appends {@code ?query} (or {@code &query} when the target has a query already). */
	static void appendQuery(StringBuilder location, String rawQuery) {
		if (rawQuery != null && !rawQuery.isEmpty()) {
			location.append(location.indexOf("?") >= 0 ? '&' : '?').append(rawQuery);
		}
	}

	private static String value(String name, RequestMatcher.PathMatch match, String host, String rawQuery) {
		return switch (name) {
			case "path" -> match.remainder();
			case "query" -> rawQuery != null ? rawQuery : "";
			case "host" -> host;
			default -> UriUtils.encodePath(match.variables().getOrDefault(name, ""), StandardCharsets.UTF_8);
		};
	}

	private static List<String> literalParts(List<String> parts) {
		List<String> literals = new ArrayList<>();
		for (int i = 0; i < parts.size(); i += 2) {
			literals.add(parts.get(i));
		}
		return literals;
	}

	/** Names captured by every pattern (a capture missing from one pattern could be unset). */
	private static Set<String> captures(List<PathPattern> paths) {
		Set<String> common = null;
		for (PathPattern pattern : paths) {
			Set<String> names = new LinkedHashSet<>();
			Matcher matcher = CAPTURE.matcher(pattern.getPatternString());
			while (matcher.find()) {
				names.add(matcher.group(1));
			}
			if (common == null) {
				common = names;
			}
			else {
				common.retainAll(names);
			}
		}
		return common != null ? common : new LinkedHashSet<>();
	}

	static boolean isUrl(String target) {
		try {
			URI uri = URI.create(target);
			return target.startsWith("/") && !target.startsWith("//")
					|| (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
							&& uri.getHost() != null);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
