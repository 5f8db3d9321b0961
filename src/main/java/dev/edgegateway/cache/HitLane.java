package dev.edgegateway.cache;

import java.lang.ref.WeakReference;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.edgegateway.cache.EdgeCacheProperties.Semantics;
import dev.edgegateway.cache.store.CacheStore;
import dev.edgegateway.cache.store.CachedResponse;
import dev.edgegateway.cache.store.MemoryCacheStore;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.cloud.gateway.event.RefreshRoutesResultEvent;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.WeightCalculatorWebFilter;
import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.support.Netty4HeadersAdapter;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;

/**
 * The HIT lane: serves repeat HITs straight from Reactor Netty, below WebFlux and the gateway,
 * for requests the normal path has already answered with a HIT.
 * <p>
 * When the normal path serves a fresh HIT, it hands the answer to {@link #promote}: the lane
 * remembers, under the request's exact signature (target URI and every request header, in order),
 * the stored entry, its key and route, and the response headers as the normal path wrote them
 * (edge-only fields gone, browser TTL applied). A later request with the same signature, on the
 * traffic port, is answered here when the store still holds that very entry (so purges, soft
 * purges, invalidation and replacement fall back at once) and it is still fresh; {@code Age} and
 * {@code Cache-Status} are written afresh and the HIT is counted in the same statistics.
 * Everything else goes to WebFlux as before.
 * <p>
 * A signature fixes everything a decision can depend on only when nothing else goes in: the lane
 * is on only with the memory store, when every traffic WebFilter lets GETs through unchanged or
 * decides them from the signature alone (the edge rules; a request an edge filter let through after
 * reading the client's address, or with a count or log line, is not remembered), every outcome
 * listener can count a lane HIT (no access log), every header contributor is replayable (no
 * debug header), no global filter runs before the cache, and every route is a configured one whose predicates read only the request line and headers ({@code Path},
 * {@code Host}, {@code Method}, {@code Query}, {@code Header}, {@code Cookie}: no client address,
 * time or weight). Requests with conditionals or ranges, and under {@code rfc9111} semantics
 * requests with their own {@code Cache-Control}, are never promoted. At start-up the lane logs
 * whether it is on, and if not, why.
 */
public class HitLane implements NettyRouteProvider {

	/** How many request signatures the lane remembers; least used ones fall out. */
	static final int MAX_SIGNATURES = 10_000;

	private static final Log logger = LogFactory.getLog(HitLane.class);

	private static final Set<String> SAFE_PREDICATES = Set.of("Path", "Host", "Method", "Query", "Header", "Cookie");

	private static final List<String> NEVER_PROMOTED = List.of(HttpHeaders.IF_NONE_MATCH, HttpHeaders.IF_MATCH,
			HttpHeaders.IF_MODIFIED_SINCE, HttpHeaders.IF_UNMODIFIED_SINCE, HttpHeaders.IF_RANGE, HttpHeaders.RANGE);

	/** Set by an edge filter that let a request through in a way a repeat need not repeat (see {@link HitLaneTransparent}). */
	static final String NOT_REPEATABLE_ATTR = HitLane.class.getName() + ".notRepeatable";

	private static final ThreadLocal<Serving> SERVING = new ThreadLocal<>();

	private static final String NOT_STARTED = "not started";

	private final ApplicationContext context;

	private final CacheStore store;

	private final Clock clock;

	private final Semantics semantics;

	private final CacheHeaders cacheHeaders;

	private final Cache<String, Lane> lanes = Caffeine.newBuilder()
		.maximumSize(MAX_SIGNATURES)
		.executor(Runnable::run)
		.build();

	/**
	 * Target URIs that have (or recently had) a promoted answer: a request for any other URI, a
	 * pass-through or a DYNAMIC one say, is turned away without building its signature.
	 */
	private final Cache<String, Boolean> uris = Caffeine.newBuilder()
		.maximumSize(MAX_SIGNATURES)
		.executor(Runnable::run)
		.build();

	private List<CacheOutcomeListener> listeners = List.of();

	/** Why the lane is off, or null when it is on; set once the context is refreshed. */
	private volatile String off = NOT_STARTED;


	private volatile int trafficPort = -1;

	private volatile String logged;

	/** Why the routes keep the lane off, or null when every route is safe. */
	private volatile String routesWhy = "routes not checked yet";

	private final LongAdder served = new LongAdder();

	public HitLane(ApplicationContext context, CacheStore store, Clock clock, EdgeCacheProperties properties,
			CacheHeaders cacheHeaders) {
		this.context = context;
		this.store = store;
		this.clock = clock;
		this.semantics = properties.getSemantics();
		this.cacheHeaders = cacheHeaders;
	}

	/** Whether the lane serves HITs now. */
	public boolean isOn() {
		return this.off == null && this.routesWhy == null && this.trafficPort > 0;
	}

	/** What {@code /actuator/cachestatus} shows: on or off (and why), and the HITs served here. */
	public Map<String, Object> describe() {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("on", isOn());
		if (!isOn()) {
			description.put("reason", this.off != null ? this.off : this.routesWhy != null ? this.routesWhy : "starting");
		}
		description.put("served", this.served.sum());
		description.put("signatures", this.lanes.estimatedSize());
		return description;
	}

	/** HITs the lane has served. */
	public long servedCount() {
		return this.served.sum();
	}

	@Override
	public HttpServerRoutes apply(HttpServerRoutes routes) {
		return routes.route(this::test, this::serve);
	}

	@EventListener
	void webServerInitialized(WebServerInitializedEvent event) {
		if (event.getApplicationContext() == this.context) {
			this.trafficPort = event.getWebServer().getPort();
		}
	}

	@EventListener
	void contextRefreshed(ContextRefreshedEvent event) {
		if (event.getApplicationContext() != this.context) {
			return;
		}
		this.listeners = this.context.getBeanProvider(CacheOutcomeListener.class).orderedStream().toList();
		this.off = whyOff();
		checkRoutes();
	}

	@EventListener
	void routesRefreshed(RefreshRoutesResultEvent event) {
		checkRoutes();
	}

	private String whyOff() {
		if (!(this.store instanceof MemoryCacheStore)) {
			return "the store is not the memory store";
		}
		List<String> opaque = new ArrayList<>();
		for (WebFilter filter : this.context.getBeansOfType(WebFilter.class).values()) {
			boolean transparent = filter instanceof HitLaneTransparent lane ? lane.letsLaneRepeat()
					: filter instanceof WeightCalculatorWebFilter; // read only by Weight predicates, never safe
			if (!transparent) {
				opaque.add(filter.getClass().getSimpleName());
			}
		}
		if (!opaque.isEmpty()) {
			return "web filters that may answer or change requests " + opaque;
		}
		for (CacheOutcomeListener listener : this.listeners) {
			if (!listener.countsLaneHits()) {
				return "listener " + listener.getClass().getSimpleName() + " needs every exchange";
			}
		}
		for (CacheHeaderContributor contributor : this.context.getBeanProvider(CacheHeaderContributor.class)) {
			if (!contributor.replayableOnHits()) {
				return "header contributor " + contributor.getClass().getSimpleName() + " is not replayable";
			}
		}
		List<String> before = EdgeCacheFilter.globalFiltersBeforeCache(
				this.context.getBeanProvider(GlobalFilter.class).orderedStream().toList());
		return before.isEmpty() ? null : "global filters run before the cache " + before;
	}

	/** Every route is a configured one whose predicates read only the request line and headers. */
	private void checkRoutes() {
		this.routesWhy = "routes being checked";
		this.lanes.invalidateAll();
		this.uris.invalidateAll();
		RouteLocator routes = this.context.getBeanProvider(RouteLocator.class).getIfAvailable();
		RouteDefinitionLocator definitions = this.context.getBeanProvider(RouteDefinitionLocator.class)
			.getIfAvailable();
		if (routes == null || definitions == null) {
			return;
		}
		Mono.zip(routes.getRoutes().map(Route::getId).collectList(), definitions.getRouteDefinitions().collectList())
			.subscribe(found -> {
				String unsafe = unsafeRoute(found.getT1(), found.getT2());
				this.routesWhy = unsafe;
				String off = this.off != null ? this.off : unsafe;
				String state = off == null ? "HIT lane on: repeat HITs are served from Reactor Netty"
						: "HIT lane off: " + off;
				if (!NOT_STARTED.equals(this.off) && !state.equals(this.logged)) { // said once the context is up
					this.logged = state;
					logger.info(state);
				}
			}, error -> logger.warn("HIT lane off: routes could not be checked", error));
	}

	private static String unsafeRoute(List<String> routeIds, List<RouteDefinition> definitions) {
		for (String id : routeIds) {
			RouteDefinition definition = definitions.stream().filter(d -> id.equals(d.getId())).findFirst().orElse(null);
			if (definition == null) {
				return "route '" + id + "' is not a configured route";
			}
			for (PredicateDefinition predicate : definition.getPredicates()) {
				if (!SAFE_PREDICATES.contains(predicate.getName())) {
					return "route '" + id + "' has a " + predicate.getName() + " predicate";
				}
			}
		}
		return null;
	}

	/**
	 * Called by the normal path just before a response commits, with the headers as they go out:
	 * remembers a fresh HIT's answer under the request's signature.
	 */
	void promote(ServerWebExchange exchange, CacheOutcome outcome, HttpHeaders sent) {
		CachedResponse entry = outcome.served();
		if (!isOn() || outcome.status() != CacheStatus.HIT || entry == null || outcome.collapsed()
				|| !entry.vary().isEmpty() || entry.revalidateAlways() || entry.sharedTierFill()
				|| outcome.routeId() == null || outcome.key() == null
				|| exchange.getAttributes().containsKey(NOT_REPEATABLE_ATTR)) {
			return;
		}
		ServerHttpRequest request = exchange.getRequest();
		HttpHeaders requestHeaders = request.getHeaders();
		HttpStatusCode status = exchange.getResponse().getStatusCode();
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		if (request.getMethod() != org.springframework.http.HttpMethod.GET || status == null
				|| status.value() != entry.status() || route == null || EdgeCacheFilter.hasFilterBeforeCache(route)
				|| hasAny(requestHeaders, NEVER_PROMOTED)
				|| (this.semantics == Semantics.RFC9111 && (requestHeaders.containsHeader(HttpHeaders.CACHE_CONTROL)
						|| requestHeaders.containsHeader(HttpHeaders.PRAGMA)))) {
			return;
		}
		if (!(ServerHttpRequestDecorator.getNativeRequest(request) instanceof HttpServerRequest raw)
				|| ((MemoryCacheStore) this.store).getIfPresent(outcome.key()) != entry) {
			return;
		}
		DefaultHttpHeaders replay = new DefaultHttpHeaders();
		for (Map.Entry<String, List<String>> header : sent.asMultiValueMap().entrySet()) {
			if (!HttpHeaders.AGE.equalsIgnoreCase(header.getKey())
					&& !"Cache-Status".equalsIgnoreCase(header.getKey())) {
				replay.add(header.getKey(), header.getValue());
			}
		}
		this.uris.put(raw.uri(), Boolean.TRUE);
		this.lanes.put(signature(raw),
				new Lane(new WeakReference<>(entry), outcome.key(), outcome.routeId(), outcome.policy(), replay));
	}

	private static boolean hasAny(HttpHeaders headers, List<String> names) {
		for (String name : names) {
			if (headers.containsHeader(name)) {
				return true;
			}
		}
		return false;
	}

	/** Whether the lane answers this request (then {@link #serve} follows on the same thread). */
	private boolean test(HttpServerRequest request) {
		if (request.method() != HttpMethod.GET || !isOn() || this.uris.getIfPresent(request.uri()) == null
				|| !onTrafficPort(request)) {
			return false;
		}
		String signature = signature(request);
		Lane lane = this.lanes.getIfPresent(signature);
		if (lane == null) {
			return false;
		}
		CachedResponse entry = lane.entry().get();
		long age = entry != null ? entry.currentAge(this.clock.millis()) : 0;
		if (entry == null || ((MemoryCacheStore) this.store).getIfPresent(lane.key()) != entry
				|| entry.lifetime() - age <= 0) {
			this.lanes.invalidate(signature); // purged, replaced or stale: the normal path decides
			return false;
		}
		SERVING.set(new Serving(lane, entry, age));
		return true;
	}

	private Publisher<Void> serve(HttpServerRequest request, HttpServerResponse response) {
		Serving serving = SERVING.get();
		SERVING.remove();
		Lane lane = serving.lane();
		CachedResponse entry = serving.entry();
		response.status(entry.status());
		io.netty.handler.codec.http.HttpHeaders headers = response.responseHeaders();
		headers.add(lane.headers());
		CacheOutcome outcome = new CacheOutcome().served(entry)
			.status(CacheStatus.HIT, null)
			.ageSeconds(serving.age())
			.ttlSeconds(entry.lifetime() - serving.age())
			.key(lane.key())
			.routeId(lane.routeId())
			.policy(lane.policy());
		this.cacheHeaders.write(new HttpHeaders(new Netty4HeadersAdapter(headers)), outcome);
		for (CacheOutcomeListener listener : this.listeners) {
			listener.laneHit(lane.routeId(), entry.body().length);
		}
		this.served.increment();
		return response.sendObject(CacheResponder.bodyBuffer(entry.body()));
	}

	private boolean onTrafficPort(HttpServerRequest request) {
		SocketAddress local = request.connectionHostAddress();
		return local instanceof InetSocketAddress address && address.getPort() == this.trafficPort;
	}

	/** The target URI and every request header, in order: two requests with one signature are alike. */
	static String signature(HttpServerRequest request) {
		StringBuilder signature = new StringBuilder(160).append(request.uri());
		Iterator<Map.Entry<CharSequence, CharSequence>> headers = request.requestHeaders().iteratorCharSequence();
		while (headers.hasNext()) {
			Map.Entry<CharSequence, CharSequence> header = headers.next();
			signature.append('\n').append(header.getKey()).append(": ").append(header.getValue());
		}
		return signature.toString();
	}

	/**
	 * A promoted answer. The entry is held weakly: the store alone decides how long a body stays
	 * in memory, an entry it evicted is never kept alive here.
	 */
	private record Lane(WeakReference<CachedResponse> entry, String key, String routeId, RequestPolicy policy,
			DefaultHttpHeaders headers) {
	}

	private record Serving(Lane lane, CachedResponse entry, long age) {
	}

}
