package dev.edgegateway.edge;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;

/**
 * A bulk redirect list loaded at start-up from a CSV ({@code source,target} per line, {@code #}
 * comments) or YAML (a map of source to target) file. A source is a path ({@code /old}) or a host
 * and path ({@code www.example.com/old}, an optional {@code http(s)://} is ignored); lookups are
 * exact, in O(1), host and path first, then path alone.
 */
final class RedirectList {

	private static final Pattern SCHEME = Pattern.compile("^(?i)https?://");

	private final String name;

	private final Map<String, String> targets;

	private final int status;

	private final boolean preserveQuery;

	private RedirectList(String name, Map<String, String> targets, int status, boolean preserveQuery) {
		this.name = name;
		this.targets = targets;
		this.status = status;
		this.preserveQuery = preserveQuery;
	}

	static RedirectList load(EdgeRulesProperties.RedirectList list, String property) {
		String name = ConfigChecks.requireText(list.getName(), property + ".name");
		int status = ConfigChecks.redirectStatus(list.getStatus(), property + ".status");
		String file = ConfigChecks.requireText(list.getFile(), property + ".file");
		String lower = file.toLowerCase(Locale.ROOT);
		boolean csv = lower.endsWith(".csv");
		ConfigChecks.require(csv || lower.endsWith(".yml") || lower.endsWith(".yaml"), property + ".file",
				"'" + file + "' must end in .csv, .yml or .yaml");
		Map<String, String> targets = new HashMap<>();
		String problem = null;
		try (InputStream in = resource(file).getInputStream()) {
			problem = csv ? readCsv(in, targets) : readYaml(in, targets);
		}
		catch (IOException | RuntimeException ex) {
			problem = "'" + file + "' cannot be read: " + ex;
		}
		ConfigChecks.require(problem == null, property + ".file", problem);
		return new RedirectList(name, targets, status, list.isPreserveQuery());
	}

	String name() {
		return this.name;
	}

	int status() {
		return this.status;
	}

	boolean preserveQuery() {
		return this.preserveQuery;
	}

	int size() {
		return this.targets.size();
	}

	/** The target for a request's host and raw path, or {@code null}. */
	String lookup(String host, String rawPath) {
		String target = this.targets.get(host + rawPath);
		return target != null ? target : this.targets.get(rawPath);
	}

	private static Resource resource(String file) {
		return file.startsWith("classpath:") || file.startsWith("file:") ? new DefaultResourceLoader().getResource(file)
				: new FileSystemResource(file);
	}

	private static String readCsv(InputStream in, Map<String, String> targets) throws IOException {
		BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
		int number = 0;
		for (String line = reader.readLine(); line != null; line = reader.readLine()) {
			number++;
			String trimmed = line.strip();
			if (trimmed.isEmpty() || trimmed.startsWith("#") || (number == 1 && trimmed.equalsIgnoreCase("source,target"))) {
				continue;
			}
			int comma = trimmed.indexOf(',');
			String problem = comma < 0 ? "'" + trimmed + "' has no target (expected source,target)"
					: add(targets, unquote(trimmed.substring(0, comma)), unquote(trimmed.substring(comma + 1)));
			if (problem != null) {
				return "line " + number + ": " + problem;
			}
		}
		return null;
	}

	private static String readYaml(InputStream in, Map<String, String> targets) {
		Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
		if (!(document instanceof Map<?, ?> map)) {
			return "the YAML file must be a map of source to target";
		}
		for (Map.Entry<?, ?> entry : map.entrySet()) {
			String problem = add(targets, String.valueOf(entry.getKey()), String.valueOf(entry.getValue()));
			if (problem != null) {
				return "key '" + entry.getKey() + "': " + problem;
			}
		}
		return null;
	}

	/** Adds one pair; returns the problem, or {@code null} when it is fine. */
	private static String add(Map<String, String> targets, String source, String target) {
		String key = normaliseSource(source);
		if (key == null) {
			return "'" + source + "' is not a path (/old) or host and path (www.example.com/old)";
		}
		if (!RedirectTemplate.isUrl(target)) {
			return "'" + target + "' is not an absolute http(s) URL or a path starting with /";
		}
		if (targets.putIfAbsent(key, target) != null) {
			return "'" + source + "' is listed twice";
		}
		return null;
	}

	private static String normaliseSource(String source) {
		String value = SCHEME.matcher(source).replaceFirst("");
		if (value.startsWith("/")) {
			return value;
		}
		int slash = value.indexOf('/');
		return slash > 0 ? value.substring(0, slash).toLowerCase(Locale.ROOT) + value.substring(slash) : null;
	}

	private static String unquote(String value) {
		String trimmed = value.strip();
		return trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")
				? trimmed.substring(1, trimmed.length() - 1) : trimmed;
	}

}
