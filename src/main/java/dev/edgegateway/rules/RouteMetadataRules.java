package dev.edgegateway.rules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.core.NestedExceptionUtils;

/**
 * Per-route cache defaults: the settings of a cache rule under a route's
 * {@code metadata.edge-cache}, applied before the global rules. Routes from
 * {@code application.yml} are compiled (and validated) at start-up; routes defined elsewhere are
 * compiled the first time they are seen and again only when their metadata changes.
 */
final class RouteMetadataRules {

	/** The route metadata key holding the route's cache settings. */
	static final String METADATA_KEY = "edge-cache";

	private static final String ROUTES = "spring.cloud.gateway.server.webflux.routes";

	private static final Log logger = LogFactory.getLog(RouteMetadataRules.class);

	private final Map<String, Compiled> byRoute = new ConcurrentHashMap<>();

	RouteMetadataRules(List<RouteDefinition> definitions) {
		for (int i = 0; i < definitions.size(); i++) {
			RouteDefinition definition = definitions.get(i);
			Object settings = definition.getMetadata().get(METADATA_KEY);
			if (settings != null) {
				String path = ROUTES + "[" + i + "].metadata." + METADATA_KEY;
				this.byRoute.put(definition.getId(), new Compiled(settings, compile(definition.getId(), settings, path)));
			}
		}
	}

	/** The compiled settings of a route, or null when it has none. */
	CompiledRule forRoute(Route route) {
		if (route == null) {
			return null;
		}
		Object settings = route.getMetadata().get(METADATA_KEY);
		if (settings == null) {
			return null;
		}
		Compiled compiled = this.byRoute.get(route.getId());
		if (compiled != null && (compiled.source == settings || compiled.source.equals(settings))) {
			return compiled.rule;
		}
		compiled = new Compiled(settings, compileAtRuntime(route.getId(), settings));
		this.byRoute.put(route.getId(), compiled);
		return compiled.rule;
	}

	/**
	 * A route defined outside {@code application.yml} is first seen on the request path: a bad
	 * setting there is logged once and ignored rather than failing every request of the route.
	 */
	private static CompiledRule compileAtRuntime(String routeId, Object settings) {
		try {
			return compile(routeId, settings, "route '" + routeId + "' metadata." + METADATA_KEY);
		}
		catch (IllegalStateException ex) {
			logger.warn(ex.getMessage() + " (the route's cache settings are ignored)");
			return null;
		}
	}

	private static CompiledRule compile(String routeId, Object settings, String path) {
		if (!(settings instanceof Map<?, ?> map)) {
			throw new IllegalStateException("Invalid configuration: " + path + ": must be a map of cache rule settings");
		}
		Map<String, Object> flat = new LinkedHashMap<>();
		flatten(METADATA_KEY, map, flat);
		CacheRule rule;
		try {
			rule = new Binder(new MapConfigurationPropertySource(flat)).bind(METADATA_KEY, CacheRule.class)
				.orElseGet(CacheRule::new);
		}
		catch (BindException ex) {
			String property = ex.getProperty() != null ? ex.getProperty().getName().toString() : METADATA_KEY;
			throw new IllegalStateException("Invalid configuration: " + path + property.substring(METADATA_KEY.length())
					+ ": " + NestedExceptionUtils.getMostSpecificCause(ex).getMessage());
		}
		return RuleCompiler.compile(rule, path, "route:" + routeId);
	}

	/** Route metadata arrives as nested maps (lists as maps keyed 0, 1, ...): back to property names. */
	private static void flatten(String prefix, Object value, Map<String, Object> flat) {
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, nested) -> flatten(prefix + element(String.valueOf(key)), nested, flat));
		}
		else if (value instanceof List<?> list) {
			for (int i = 0; i < list.size(); i++) {
				flatten(prefix + "[" + i + "]", list.get(i), flat);
			}
		}
		else {
			flat.put(prefix, value == null ? "" : value);
		}
	}

	private static String element(String key) {
		return key.chars().allMatch(Character::isDigit) || key.contains(".") ? "[" + key + "]" : "." + key;
	}

	/** Settings as found in the metadata and what they compiled to (null when they are ignored). */
	private record Compiled(Object source, CompiledRule rule) {
	}

}
