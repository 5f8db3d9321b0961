package dev.edgegateway.observe;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import dev.edgegateway.cache.CacheKeys;
import dev.edgegateway.cache.CacheOutcome;
import dev.edgegateway.cache.CacheOutcomeListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * The access log: one JSON line per traffic-port request on the {@code edge.access} logger (INFO),
 * written from the exchange's {@link CacheOutcome} when it ends. Fields: {@code time},
 * {@code requestId}, {@code clientIp}, {@code method}, {@code host}, {@code path}, {@code query},
 * {@code status}, {@code cacheStatus}, {@code detail}, {@code route}, {@code durationMs},
 * {@code bytes}, and {@code edgeRule} when an edge rule answered.
 * <p>
 * Lines are written by one background thread: appenders do blocking I/O, which must never run on
 * a Netty event loop. When the writer falls {@value #QUEUE_CAPACITY} lines behind, further lines
 * are dropped and counted rather than slowing traffic down.
 */
public class AccessLogListener implements CacheOutcomeListener, DisposableBean {

	/** Name of the access logger; route it to its own appender in the logging configuration. */
	public static final String LOGGER_NAME = "edge.access";

	private static final Log logger = LogFactory.getLog(LOGGER_NAME);

	static final int QUEUE_CAPACITY = 10_000;

	private static final JsonMapper JSON = JsonMapper.shared();

	private final Clock clock;

	private final ThreadPoolExecutor writer;

	private final LongAdder dropped = new LongAdder();

	public AccessLogListener(Clock clock) {
		this.clock = clock;
		this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE_CAPACITY),
				task -> {
					Thread thread = new Thread(task, "edge-access-log");
					thread.setDaemon(true);
					return thread;
				}, (task, executor) -> this.dropped.increment());
	}

	@Override
	public void exchangeCompleted(ServerWebExchange exchange, CacheOutcome outcome) {
		if (!logger.isInfoEnabled()) {
			return;
		}
		Map<String, Object> line = line(exchange, outcome);
		this.writer.execute(() -> write(line));
	}

	private void write(Map<String, Object> line) {
		try {
			long dropped = this.dropped.sumThenReset();
			if (dropped > 0) {
				logger.warn("Access log fell behind: " + dropped + " lines dropped");
			}
			logger.info(JSON.writeValueAsString(line));
		}
		catch (RuntimeException ex) {
			logger.debug("Access log line could not be written", ex);
		}
	}

	/** Writes the lines still queued, then stops the writer. */
	@Override
	public void destroy() throws InterruptedException {
		this.writer.shutdown();
		this.writer.awaitTermination(5, TimeUnit.SECONDS);
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
