package dev.edgegateway.observe;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.edgegateway.cache.CacheKeys;
import dev.edgegateway.cache.CacheOutcome;
import dev.edgegateway.cache.CacheOutcomeListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * The access log: one JSON line per traffic-port request on the {@code edge.access} logger (INFO),
 * written from the exchange's {@link CacheOutcome} when it ends. Fields: {@code time},
 * {@code requestId}, {@code clientIp}, {@code method}, {@code host}, {@code path}, {@code query},
 * {@code status}, {@code cacheStatus}, {@code detail}, {@code route}, {@code durationMs},
 * {@code bytes}, and {@code edgeRule} when an edge rule answered.
 */
public class AccessLogListener implements CacheOutcomeListener {

	/** Name of the access logger; route it to its own appender in the logging configuration. */
	public static final String LOGGER_NAME = "edge.access";

	private static final Log logger = LogFactory.getLog(LOGGER_NAME);

	private static final JsonMapper JSON = JsonMapper.shared();

	private final Clock clock;

	public AccessLogListener(Clock clock) {
		this.clock = clock;
	}

	@Override
	public void exchangeCompleted(ServerWebExchange exchange, CacheOutcome outcome) {
		if (!logger.isInfoEnabled()) {
			return;
		}
		try {
			logger.info(JSON.writeValueAsString(line(exchange, outcome)));
		}
		catch (RuntimeException ex) {
			logger.debug("Access log line could not be written", ex);
		}
	}

	Map<String, Object> line(ServerWebExchange exchange, CacheOutcome outcome) {
		ServerHttpRequest request = exchange.getRequest();
		HttpStatusCode status = exchange.getResponse().getStatusCode();
		String requestId = request.getHeaders().getFirst("X-Request-Id");
		Map<String, Object> line = new LinkedHashMap<>();
		line.put("time", this.clock.instant().toString());
		line.put("requestId", requestId != null ? requestId : request.getId());
		line.put("clientIp", clientIp(request));
		line.put("method", request.getMethod().name());
		line.put("host", CacheKeys.host(request));
		line.put("path", request.getPath().value());
		line.put("query", request.getURI().getRawQuery());
		line.put("status", status != null ? status.value() : null);
		line.put("cacheStatus", outcome.status().headerValue());
		line.put("detail", outcome.detail());
		line.put("route", CacheStatisticsListener.routeId(exchange, outcome));
		line.put("durationMs", TimeUnit.NANOSECONDS.toMicros(outcome.elapsedNanos()) / 1000.0);
		line.put("bytes", CacheStatisticsListener.bytesSent(exchange, outcome));
		if (outcome.edgeRule() != null) {
			line.put("edgeRule", outcome.edgeRule());
		}
		return line;
	}

	/** The peer's address; a proxy's own address when the gateway runs behind one. */
	private static String clientIp(ServerHttpRequest request) {
		InetSocketAddress remote = request.getRemoteAddress();
		if (remote == null) {
			return null;
		}
		return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
	}

}
