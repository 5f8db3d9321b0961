package dev.edgegateway.cache;

import dev.edgegateway.support.TestOrigin;

import org.springframework.test.context.DynamicPropertyRegistry;

/** The routes the cache tests run behind: a no-origin route, a dead origin, and the test origin. */
final class OriginRoutes {

	private OriginRoutes() {
	}

	static void register(DynamicPropertyRegistry registry, TestOrigin origin) {
		String prefix = "spring.cloud.gateway.server.webflux.routes";
		registry.add(prefix + "[0].id", () -> "ping");
		registry.add(prefix + "[0].uri", () -> "no://op");
		registry.add(prefix + "[0].predicates[0]", () -> "Path=/gateway/ping");
		registry.add(prefix + "[0].filters[0]", () -> "SetStatus=200");
		registry.add(prefix + "[1].id", () -> "dead");
		registry.add(prefix + "[1].uri", () -> "http://127.0.0.1:9");
		registry.add(prefix + "[1].predicates[0]", () -> "Path=/down/**");
		registry.add(prefix + "[2].id", () -> "origin");
		registry.add(prefix + "[2].uri", origin::url);
		registry.add(prefix + "[2].predicates[0]", () -> "Path=/**");
	}

	/**
	 * Adds, ahead of the catch-all, route {@code free-plan}: requests for {@code /plan/**} with
	 * {@code X-Plan: free} go to the same origin but never use the cache (route metadata).
	 */
	static void registerFreePlan(DynamicPropertyRegistry registry, TestOrigin origin) {
		String prefix = "spring.cloud.gateway.server.webflux.routes[3]";
		registry.add(prefix + ".id", () -> "free-plan");
		registry.add(prefix + ".uri", origin::url);
		registry.add(prefix + ".order", () -> "-1");
		registry.add(prefix + ".predicates[0]", () -> "Path=/plan/**");
		registry.add(prefix + ".predicates[1]", () -> "Header=X-Plan, free");
		registry.add(prefix + ".metadata.edge-cache.cache", () -> "bypass");
	}

}
