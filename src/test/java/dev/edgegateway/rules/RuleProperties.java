package dev.edgegateway.rules;

import dev.edgegateway.support.TestOrigin;

import org.springframework.test.context.DynamicPropertyRegistry;

/** Writes cache rules and routes into a test's dynamic properties, as an operator writes them in YAML. */
final class RuleProperties {

	static final String ROUTES = "spring.cloud.gateway.server.webflux.routes";

	private final DynamicPropertyRegistry registry;

	private int rules;

	RuleProperties(DynamicPropertyRegistry registry) {
		this.registry = registry;
	}

	/** Adds {@code edge.cache.rules[n]} with settings written {@code "when.paths[0]=/a/**"}. */
	RuleProperties rule(String... settings) {
		String prefix = "edge.cache.rules[" + this.rules++ + "].";
		for (String setting : settings) {
			int eq = setting.indexOf('=');
			String value = setting.substring(eq + 1);
			this.registry.add(prefix + setting.substring(0, eq), () -> value);
		}
		return this;
	}

	/** The routes: {@code meta} (with metadata settings) on /meta/**, a no-origin ping, the origin for the rest. */
	static void routes(DynamicPropertyRegistry registry, TestOrigin origin, String... metaSettings) {
		registry.add(ROUTES + "[0].id", () -> "meta");
		registry.add(ROUTES + "[0].uri", origin::url);
		registry.add(ROUTES + "[0].predicates[0]", () -> "Path=/meta/**");
		for (String setting : metaSettings) {
			int eq = setting.indexOf('=');
			String value = setting.substring(eq + 1);
			registry.add(ROUTES + "[0].metadata.edge-cache." + setting.substring(0, eq), () -> value);
		}
		registry.add(ROUTES + "[1].id", () -> "ping");
		registry.add(ROUTES + "[1].uri", () -> "no://op");
		registry.add(ROUTES + "[1].predicates[0]", () -> "Path=/gateway/ping");
		registry.add(ROUTES + "[1].filters[0]", () -> "SetStatus=200");
		registry.add(ROUTES + "[2].id", () -> "origin");
		registry.add(ROUTES + "[2].uri", origin::url);
		registry.add(ROUTES + "[2].predicates[0]", () -> "Path=/**");
	}

}
