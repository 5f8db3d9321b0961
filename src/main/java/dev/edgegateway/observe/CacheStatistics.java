package dev.edgegateway.observe;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import dev.edgegateway.cache.CacheStatus;

/**
 * Requests and body bytes per route and cache status since start: the one set of counts behind
 * {@code /actuator/cachestatus} and the {@code edge.cache.requests} / {@code edge.cache.response.bytes}
 * meters. Routes come from configuration (plus {@link #NO_ROUTE}), so the map stays small.
 */
public final class CacheStatistics {

	/** Route tag of requests that matched no route. */
	public static final String NO_ROUTE = "none";

	private final ConcurrentHashMap<String, Route> routes = new ConcurrentHashMap<>();

	private final List<Consumer<Route>> routeListeners = new CopyOnWriteArrayList<>();

	public CacheStatistics() {
		route(NO_ROUTE);
	}

	/** Counts one finished exchange. */
	public void record(String routeId, CacheStatus status, long bytes) {
		route(routeId).record(status, bytes);
	}

	/** The counts of a route, created (and announced to the listeners) on first use. */
	public Route route(String routeId) {
		Route route = this.routes.get(routeId);
		if (route != null) {
			return route;
		}
		boolean[] created = { false };
		route = this.routes.computeIfAbsent(routeId, id -> {
			created[0] = true;
			return new Route(id);
		});
		if (created[0]) {
			for (Consumer<Route> listener : this.routeListeners) {
				listener.accept(route);
			}
		}
		return route;
	}

	/** Calls the listener for every route known now and every route added later. */
	public void onRoute(Consumer<Route> listener) {
		this.routeListeners.add(listener);
		new ArrayList<>(this.routes.values()).forEach(listener);
	}

	public Collection<Route> routes() {
		return List.copyOf(this.routes.values());
	}

	/** Requests of a status over all routes. */
	public long requests(CacheStatus status) {
		return this.routes.values().stream().mapToLong(route -> route.requests(status)).sum();
	}

	/** Body bytes of a status over all routes. */
	public long bytes(CacheStatus status) {
		return this.routes.values().stream().mapToLong(route -> route.bytes(status)).sum();
	}

	/** The counts of one route. */
	public static final class Route {

		private final String id;

		private final LongAdder[] requests = adders();

		private final LongAdder[] bytes = adders();

		private Route(String id) {
			this.id = id;
		}

		private static LongAdder[] adders() {
			LongAdder[] adders = new LongAdder[CacheStatus.values().length];
			for (int i = 0; i < adders.length; i++) {
				adders[i] = new LongAdder();
			}
			return adders;
		}

		void record(CacheStatus status, long byteCount) {
			this.requests[status.ordinal()].increment();
			this.bytes[status.ordinal()].add(byteCount);
		}

		public String id() {
			return this.id;
		}

		public long requests(CacheStatus status) {
			return this.requests[status.ordinal()].sum();
		}

		public long bytes(CacheStatus status) {
			return this.bytes[status.ordinal()].sum();
		}

	}

}
