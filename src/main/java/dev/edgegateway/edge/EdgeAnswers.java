package dev.edgegateway.edge;

import java.nio.charset.StandardCharsets;

import dev.edgegateway.cache.CacheOutcome;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes the answers edge rules give instead of going to the cache or the origin: redirects and
 * short pages. Every answer is recorded on the exchange's {@link CacheOutcome} (so it goes out as
 * NONE/UNKNOWN without {@code Age}) and counted in {@link EdgeRuleMetrics}.
 */
final class EdgeAnswers {

	private final EdgeRuleMetrics metrics;

	EdgeAnswers(EdgeRuleMetrics metrics) {
		this.metrics = metrics;
	}

	/** Records a non-answering action ({@code log}, {@code skip}). */
	void count(String rule, String action) {
		this.metrics.increment(rule, action);
	}

	Mono<Void> redirect(ServerWebExchange exchange, String rule, int status, String location) {
		ServerHttpResponse response = exchange.getResponse();
		if (!record(exchange, rule, "redirect")) {
			return Mono.empty();
		}
		response.setStatusCode(HttpStatusCode.valueOf(status));
		response.getHeaders().set(HttpHeaders.LOCATION, location);
		response.getHeaders().setContentLength(0);
		return response.setComplete();
	}

	/** Writes a short page; the caller chose the status, media type and extra headers. */
	Mono<Void> page(ServerWebExchange exchange, String rule, String action, int status, MediaType type, String body,
			HttpHeaders extra) {
		ServerHttpResponse response = exchange.getResponse();
		if (!record(exchange, rule, action)) {
			return Mono.empty();
		}
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		response.setStatusCode(HttpStatusCode.valueOf(status));
		HttpHeaders headers = response.getHeaders();
		headers.addAll(extra);
		headers.setContentType(type);
		headers.setContentLength(bytes.length);
		headers.setCacheControl("private, no-store");
		return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(bytes)));
	}

	/** Marks the outcome and counts the action; false when the response is committed already. */
	private boolean record(ServerWebExchange exchange, String rule, String action) {
		if (exchange.getResponse().isCommitted()) {
			return false;
		}
		CacheOutcome outcome = CacheOutcome.of(exchange);
		if (outcome != null) {
			outcome.answeredByEdgeRule(rule, action);
		}
		this.metrics.increment(rule, action);
		return true;
	}

}
