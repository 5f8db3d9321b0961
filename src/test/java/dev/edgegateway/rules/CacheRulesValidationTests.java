package dev.edgegateway.rules;

import java.util.stream.Stream;

import dev.edgegateway.EdgeGatewayApplication;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * A bad cache rule stops start-up with one readable line naming the property path and the
 * problem.
 */
class CacheRulesValidationTests {

	static final String RULE = "edge.cache.rules[1].";

	static final String ROUTE = "spring.cloud.gateway.server.webflux.routes[0].";

	static Stream<Arguments> badConfigurations() {
		return Stream.of(
				arguments(RULE + "cache=maybe",
						"edge.cache.rules[1].cache: unknown mode 'maybe' (expected one of: eligible, bypass)"),
				arguments(RULE + "edge-ttl.mode=forever", "edge.cache.rules[1].edge-ttl.mode: unknown mode 'forever'"),
				arguments(RULE + "browser-ttl.mode=never", "edge.cache.rules[1].browser-ttl.mode: unknown mode 'never'"),
				arguments(RULE + "browser-ttl.mode=override", "edge.cache.rules[1].browser-ttl.value: is required"),
				arguments(RULE + "key.query=some", "edge.cache.rules[1].key.query: unknown mode 'some'"),
				arguments(RULE + "key.query=include", "edge.cache.rules[1].key.query: include needs parameter names"),
				arguments(RULE + "when.headers.X-Env=([a-z]",
						"edge.cache.rules[1].when.headers.X-Env: '([a-z]' is not a valid regex"),
				arguments(RULE + "when.cookies.session=*x", "edge.cache.rules[1].when.cookies.session: '*x' is not a valid regex"),
				arguments(RULE + "bypass-on-cookie=wordpress_(", "edge.cache.rules[1].bypass-on-cookie: 'wordpress_(' is not a valid regex"),
				arguments(RULE + "when.paths[0]=/a/**/b",
						"edge.cache.rules[1].when.paths[0]: '/a/**/b' is not a valid path pattern"),
				arguments(RULE + "when.paths[0]=assets/**", "edge.cache.rules[1].when.paths[0]: 'assets/**' is not a path pattern"),
				arguments(RULE + "when.hosts[0]=*bad*", "edge.cache.rules[1].when.hosts[0]: '*bad*' is not a host name"),
				arguments(RULE + "edge-ttl.by-status.[500-700]=1m",
						"edge.cache.rules[1].edge-ttl.by-status.500-700: '500-700' is not a status range within 100-599"),
				arguments(RULE + "edge-ttl.by-status.[599-500]=1m",
						"edge.cache.rules[1].edge-ttl.by-status.599-500: '599-500' is not a status range"),
				arguments(RULE + "edge-ttl.by-status.[5xx]=1m",
						"edge.cache.rules[1].edge-ttl.by-status.5xx: '5xx' is not a status (404) or a status range"),
				arguments(RULE + "edge-ttl.default=-1m", "edge.cache.rules[1].edge-ttl.default: must not be negative"),
				arguments(RULE + "serve-stale.while-revalidate=-1s",
						"edge.cache.rules[1].serve-stale.while-revalidate: must not be negative"),
				arguments(RULE + "serve-stale.if-error=-5m", "edge.cache.rules[1].serve-stale.if-error: must not be negative"),
				arguments(ROUTE + "metadata.edge-cache.edge-ttl.mode=sometimes",
						ROUTE + "metadata.edge-cache.edge-ttl.mode: unknown mode 'sometimes'"),
				arguments(ROUTE + "metadata.edge-cache.serve-stale.if-error=soon",
						ROUTE + "metadata.edge-cache.serve-stale.if-error: "));
	}

	@ParameterizedTest
	@MethodSource("badConfigurations")
	void badSettingStopsStartUpNamingThePropertyPath(String setting, String expected) {
		Throwable failure = catchThrowable(() -> start(setting).close());
		assertThat(failure).as("start-up with " + setting).isNotNull();
		String message = NestedExceptionUtils.getMostSpecificCause(failure).getMessage();
		assertThat(message).contains(expected).doesNotContain("\n");
	}

	private static ConfigurableApplicationContext start(String setting) {
		return new SpringApplicationBuilder(EdgeGatewayApplication.class).properties("server.port=0",
				"management.server.port=0", "spring.main.banner-mode=off", "edge.cache.rules[0].name=valid",
				"edge.cache.rules[0].when.paths[0]=/ok/**", "edge.cache.rules[0].cache=eligible",
				ROUTE + "id=origin", ROUTE + "uri=http://127.0.0.1:9", ROUTE + "predicates[0]=Path=/**", setting)
			.run();
	}

}
