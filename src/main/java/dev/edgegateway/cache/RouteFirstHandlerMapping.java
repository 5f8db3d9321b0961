package dev.edgegateway.cache;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.BeansException;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.config.GlobalCorsProperties;
import org.springframework.cloud.gateway.handler.FilteringWebHandler;
import org.springframework.cloud.gateway.handler.RoutePredicateHandlerMapping;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;
import org.springframework.web.reactive.result.method.AbstractHandlerMethodMapping;
import org.springframework.web.server.ServerWebExchange;

/**
 * Spring Cloud Gateway's route mapping, asked before Spring's own handler mappings that hold
 * nothing. The dispatcher asks its mappings in order for every request, and the gateway's comes
 * after Spring's {@code RouterFunctionMapping} and {@code RequestMappingHandlerMapping}: on a
 * traffic port that serves no router function and no {@code @Controller}, each request first
 * went through their lookups (a read lock shared by all event loops, a search of nothing) before
 * reaching the routes. This mapping takes an order just ahead of such empty mappings, and never
 * ahead of one that holds a handler, so no request is answered other than before. An explicit
 * {@code spring.cloud.gateway.server.webflux.handler-mapping.order} is kept as it is.
 * <p>
 * The order is worked out when the dispatcher first sorts its mappings (all of them exist and
 * have found their handlers by then), and kept. A separate management port's dispatcher sees this
 * mapping too (the management context is a child of the traffic one) and sorts it by the same
 * order, ahead of the management controllers (the purge API): so on any port but the traffic
 * port this mapping matches nothing, as the gateway's own mapping means to (its check misses a
 * management port chosen at random, {@code management.server.port=0}).
 */
final class RouteFirstHandlerMapping extends RoutePredicateHandlerMapping {

	/** The property the gateway's own mapping takes its order from. */
	static final String ORDER_PROPERTY = GatewayProperties.PREFIX + ".handler-mapping.order";

	private static final Log logger = LogFactory.getLog(RouteFirstHandlerMapping.class);

	private final TrafficPort trafficPort;

	private final boolean orderConfigured;

	/** The order once worked out; null until then. */
	private volatile Integer resolved;

	RouteFirstHandlerMapping(FilteringWebHandler webHandler, RouteLocator routeLocator,
			GlobalCorsProperties globalCorsProperties, Environment environment, TrafficPort trafficPort) {
		super(webHandler, routeLocator, globalCorsProperties, environment);
		this.trafficPort = trafficPort;
		this.orderConfigured = environment.containsProperty(ORDER_PROPERTY);
	}

	@Override
	protected Mono<?> getHandlerInternal(ServerWebExchange exchange) {
		return this.trafficPort.handles(exchange) ? super.getHandlerInternal(exchange) : Mono.empty();
	}

	@Override
	public int getOrder() {
		Integer order = this.resolved;
		if (order != null) {
			return order;
		}
		int configured = super.getOrder();
		ApplicationContext context = getApplicationContext();
		if (this.orderConfigured || context == null) {
			return configured;
		}
		List<HandlerMapping> ahead = new ArrayList<>();
		try {
			for (HandlerMapping mapping : context.getBeansOfType(HandlerMapping.class, true, false).values()) {
				if (mapping != this && orderOf(mapping) < configured) {
					ahead.add(mapping);
				}
			}
		}
		catch (BeansException notAllThereYet) {
			return configured; // asked while a mapping is still being created: the dispatcher asks again
		}
		order = orderAhead(ahead, configured);
		if (order != configured) {
			logger.info("Routes are matched before Spring's handler mappings that hold nothing "
					+ ahead.stream().filter(RouteFirstHandlerMapping::holdsNothing)
						.map(mapping -> mapping.getClass().getSimpleName()).toList()
					+ " (handler mapping order " + order + ")");
		}
		this.resolved = order;
		return order;
	}

	/**
	 * An order after every mapping ahead that holds a handler and before the empty ones after
	 * them, or {@code configured} when there is no such order.
	 */
	static int orderAhead(List<HandlerMapping> ahead, int configured) {
		long lastHolding = Long.MIN_VALUE;
		for (HandlerMapping mapping : ahead) {
			if (!holdsNothing(mapping)) {
				lastHolding = Math.max(lastHolding, orderOf(mapping));
			}
		}
		long firstEmpty = configured;
		for (HandlerMapping mapping : ahead) {
			if (holdsNothing(mapping) && orderOf(mapping) > lastHolding) {
				firstEmpty = Math.min(firstEmpty, orderOf(mapping));
			}
		}
		long order = firstEmpty - 1;
		return firstEmpty < configured && order > lastHolding ? (int) order : configured;
	}

	/** Whether the mapping can answer no request: a router-function or handler-method mapping with none. */
	static boolean holdsNothing(HandlerMapping mapping) {
		if (mapping instanceof RouterFunctionMapping functions) {
			return functions.getRouterFunction() == null;
		}
		if (mapping instanceof AbstractHandlerMethodMapping<?> methods) {
			return methods.getHandlerMethods().isEmpty();
		}
		return false;
	}

	private static int orderOf(HandlerMapping mapping) {
		return mapping instanceof Ordered ordered ? ordered.getOrder() : Ordered.LOWEST_PRECEDENCE;
	}

}
