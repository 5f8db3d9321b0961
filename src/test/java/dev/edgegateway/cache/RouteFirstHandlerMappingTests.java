package dev.edgegateway.cache;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the route mapping goes among Spring's handler mappings ahead of it. */
class RouteFirstHandlerMappingTests {

	private static final int GATEWAY_DEFAULT = 1;

	@Test
	void goesAheadOfSpringsMappingsWhenTheyHoldNothing() {
		List<HandlerMapping> ahead = List.of(functions(false, -1), handlerMethods(false, 0));
		assertThat(RouteFirstHandlerMapping.orderAhead(ahead, GATEWAY_DEFAULT)).isEqualTo(-2);
	}

	@Test
	void staysBehindAControllerOnTheTrafficPort() {
		List<HandlerMapping> ahead = List.of(functions(false, -1), handlerMethods(true, 0));
		assertThat(RouteFirstHandlerMapping.orderAhead(ahead, GATEWAY_DEFAULT)).isEqualTo(GATEWAY_DEFAULT);
	}

	@Test
	void staysBehindRouterFunctionsAndNeverTiesWithThem() {
		// an order between -1 (functions) and 0 (empty handler methods) does not exist: no move
		List<HandlerMapping> ahead = List.of(functions(true, -1), handlerMethods(false, 0));
		assertThat(RouteFirstHandlerMapping.orderAhead(ahead, GATEWAY_DEFAULT)).isEqualTo(GATEWAY_DEFAULT);
	}

	@Test
	void staysBehindEndpointsOnTheSamePortAndGoesAheadOfTheEmptyOnesAfterThem() {
		SimpleUrlHandlerMapping endpoints = new SimpleUrlHandlerMapping(java.util.Map.of("/actuator/**", new Object()),
				-100);
		List<HandlerMapping> ahead = List.of(endpoints, functions(false, -1), handlerMethods(false, 0));
		assertThat(RouteFirstHandlerMapping.orderAhead(ahead, GATEWAY_DEFAULT)).isEqualTo(-2);
	}

	@Test
	void aMappingOfAnotherKindCountsAsHoldingHandlers() {
		SimpleUrlHandlerMapping urls = new SimpleUrlHandlerMapping(java.util.Map.of(), 0);
		assertThat(RouteFirstHandlerMapping.holdsNothing(urls)).isFalse();
		assertThat(RouteFirstHandlerMapping.orderAhead(List.of(urls), GATEWAY_DEFAULT)).isEqualTo(GATEWAY_DEFAULT);
	}

	@Test
	void nothingAheadLeavesTheOrderAsItIs() {
		assertThat(RouteFirstHandlerMapping.orderAhead(List.of(), GATEWAY_DEFAULT)).isEqualTo(GATEWAY_DEFAULT);
	}

	private static RouterFunctionMapping functions(boolean holding, int order) {
		RouterFunctionMapping mapping = holding
				? new RouterFunctionMapping(RouterFunctions.route()
					.GET("/hello", request -> ServerResponse.ok().bodyValue("hello"))
					.build())
				: new RouterFunctionMapping();
		mapping.setOrder(order);
		return mapping;
	}

	private static RequestMappingHandlerMapping handlerMethods(boolean holding, int order) {
		RequestMappingHandlerMapping mapping = new RequestMappingHandlerMapping();
		mapping.setOrder(order);
		if (holding) {
			Hello hello = new Hello();
			mapping.registerMapping(RequestMappingInfo.paths("/hello").build(), hello,
					org.springframework.util.ReflectionUtils.findMethod(Hello.class, "hello"));
		}
		return mapping;
	}

	static final class Hello {

		String hello() {
			return "hello";
		}

	}

}
