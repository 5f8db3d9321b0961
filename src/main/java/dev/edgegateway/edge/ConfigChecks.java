package dev.edgegateway.edge;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.edgegateway.cache.EdgeCacheProperties;

import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * Start-up parsing of configuration values into their compiled form; every failure stops start-up
 * with the {@link EdgeCacheProperties#require} message naming the property path.
 */
final class ConfigChecks {

	private static final PathPatternParser PATH_PARSER = new PathPatternParser();

	private ConfigChecks() {
	}

	static void require(boolean condition, String property, String problem) {
		EdgeCacheProperties.require(condition, property, problem);
	}

	static String requireText(String value, String property) {
		require(value != null && !value.isBlank(), property, "must not be empty");
		return value.trim();
	}

	static Pattern regex(String value, String property) {
		Pattern pattern = null;
		String problem = null;
		try {
			pattern = Pattern.compile(requireText(value, property));
		}
		catch (PatternSyntaxException ex) {
			problem = ex.getDescription();
		}
		require(pattern != null, property, "'" + value + "' is not a valid regular expression: " + problem);
		return pattern;
	}

	static PathPattern pathPattern(String value, String property) {
		String text = requireText(value, property);
		require(text.startsWith("/"), property, "'" + value + "' is not a valid path pattern: must start with /");
		PathPattern pattern = null;
		String problem = null;
		try {
			pattern = PATH_PARSER.parse(text);
		}
		catch (PatternParseException ex) {
			problem = ex.getMessage();
		}
		require(pattern != null, property, "'" + value + "' is not a valid path pattern: " + problem);
		return pattern;
	}

	static IpRange ipRange(String value, String property) {
		IpRange range = IpRange.parse(value);
		require(range != null, property, "'" + value + "' is not a valid IP or CIDR");
		return range;
	}

	static int redirectStatus(int status, String property) {
		require(status == 301 || status == 302 || status == 303 || status == 307 || status == 308, property,
				status + " is not a redirect status (301, 302, 303, 307 or 308)");
		return status;
	}

	static boolean isToken(String value) {
		return !value.isEmpty() && value.chars().allMatch(c -> c > 32 && c < 127 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0);
	}

}
