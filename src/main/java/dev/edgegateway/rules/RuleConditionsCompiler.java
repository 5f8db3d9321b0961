package dev.edgegateway.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

import static dev.edgegateway.cache.EdgeCacheProperties.require;

/** Validates a rule's {@code when:} and compiles it into a {@link RuleMatcher}. */
final class RuleConditionsCompiler {

	private static final Pattern HOST = Pattern.compile("(\\*\\.)?[a-z0-9_-]+(\\.[a-z0-9_-]+)*\\.?");

	private RuleConditionsCompiler() {
	}

	static RuleMatcher compile(RuleConditions when, String path) {
		Set<String> hosts = null;
		List<String> suffixes = null;
		if (when.getHosts() != null) {
			hosts = new LinkedHashSet<>();
			suffixes = new ArrayList<>();
			for (int i = 0; i < when.getHosts().size(); i++) {
				String host = lower(when.getHosts().get(i));
				require(HOST.matcher(host).matches(), path + ".hosts[" + i + "]",
						"'" + host + "' is not a host name or *.domain wildcard");
				if (host.startsWith("*.")) {
					suffixes.add(host.substring(1));
				}
				else {
					hosts.add(host);
				}
			}
		}
		return new RuleMatcher(hosts, suffixes, paths(when.getPaths(), path + ".paths"),
				set(when.getExtensions(), path + ".extensions", value -> lower(value).replaceFirst("^\\.", "")),
				set(when.getMethods(), path + ".methods", value -> value.trim().toUpperCase(Locale.ROOT)),
				set(when.getRoutes(), path + ".routes", String::trim), regexes(when.getHeaders(), path + ".headers"),
				regexes(when.getCookies(), path + ".cookies"), regexes(when.getQuery(), path + ".query"));
	}

	private static List<PathPattern> paths(List<String> patterns, String path) {
		if (patterns == null) {
			return null;
		}
		List<PathPattern> compiled = new ArrayList<>();
		for (int i = 0; i < patterns.size(); i++) {
			String pattern = patterns.get(i);
			require(pattern != null && pattern.startsWith("/"), path + "[" + i + "]",
					"'" + pattern + "' is not a path pattern (it must start with /)");
			try {
				compiled.add(PathPatternParser.defaultInstance.parse(pattern));
			}
			catch (PatternParseException ex) {
				throw new IllegalStateException("Invalid configuration: " + path + "[" + i + "]: '" + pattern
						+ "' is not a valid path pattern (" + ex.getMessage() + " at position " + ex.getPosition()
						+ ")");
			}
		}
		return List.copyOf(compiled);
	}

	private static Set<String> set(List<String> values, String path, UnaryOperator<String> normalise) {
		if (values == null) {
			return null;
		}
		Set<String> set = new LinkedHashSet<>();
		for (int i = 0; i < values.size(); i++) {
			require(values.get(i) != null && !values.get(i).isBlank(), path + "[" + i + "]", "must not be empty");
			set.add(normalise.apply(values.get(i)));
		}
		return Set.copyOf(set);
	}

	/** Name to compiled regex; an empty regex requires presence only (stored as null). */
	private static Map<String, Pattern> regexes(Map<String, String> conditions, String path) {
		if (conditions == null) {
			return null;
		}
		Map<String, Pattern> compiled = new LinkedHashMap<>();
		conditions.forEach((name, regex) -> {
			require(!name.isBlank(), path, "a name must not be empty");
			compiled.put(name, regex == null || regex.isEmpty() ? null : RuleCompiler.regex(regex, path + "." + name));
		});
		return compiled;
	}

	private static String lower(String value) {
		return value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
	}

}
