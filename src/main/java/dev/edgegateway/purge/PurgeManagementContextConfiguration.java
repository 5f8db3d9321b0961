package dev.edgegateway.purge;

import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The purge API's routes, in the management (child) context only: listed in
 * {@code META-INF/spring/org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration.imports}
 * and only when the management port differs from the traffic port.
 * <p>
 * Deliberately not annotated {@code @ManagementContextConfiguration}: that annotation is a
 * {@code @Configuration}, which component scanning of {@code dev.edgegateway} would also register
 * in the application context, where its {@code RouterFunction} would answer on the traffic port.
 * As a plain imported class it is only ever loaded by the management context import selector.
 */
@ConditionalOnManagementPort(ManagementPortType.DIFFERENT)
public class PurgeManagementContextConfiguration {

	/** The native path and the Cloudflare-compatible one (the zone id is accepted and ignored). */
	@Bean
	RouterFunction<ServerResponse> edgePurgeRoutes(PurgeProperties properties, PurgeService service) {
		PurgeHandler handler = new PurgeHandler(properties, service);
		return RouterFunctions.route(RequestPredicates.POST("/cache/purge"), handler::purge)
			.andRoute(RequestPredicates.POST("/client/v4/zones/{zone}/purge_cache"), handler::purge);
	}

}
