package dev.edgegateway.cache;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeoutException;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Maps an origin that could not be reached or did not answer in time to the answer a client of an
 * edge expects: 502 Bad Gateway or 504 Gateway Timeout with a short text, never a 500 or a hang.
 */
public final class OriginErrors {

	private OriginErrors() {
	}

	/** Whether the failure is the origin's (unreachable, refused, reset, timed out). */
	public static boolean isOriginFailure(Throwable error) {
		if (error instanceof ResponseStatusException status) {
			return status.getStatusCode().value() == 504;
		}
		return error instanceof IOException || error instanceof TimeoutException
				|| error instanceof io.netty.channel.ConnectTimeoutException;
	}

	/** 504 for timeouts, 502 for everything else. */
	public static HttpStatus statusFor(Throwable error) {
		if (error instanceof TimeoutException || error instanceof io.netty.channel.ConnectTimeoutException
				|| error instanceof io.netty.handler.timeout.TimeoutException
				|| (error instanceof ResponseStatusException status && status.getStatusCode().value() == 504)) {
			return HttpStatus.GATEWAY_TIMEOUT;
		}
		return HttpStatus.BAD_GATEWAY;
	}

	/** Writes the 502/504 answer, or passes the error on when the response is already committed. */
	public static Mono<Void> write(ServerWebExchange exchange, Throwable error) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.error(error);
		}
		HttpStatus status = statusFor(error);
		CacheOutcome outcome = CacheOutcome.of(exchange);
		if (outcome != null) {
			outcome.originStatus(0);
		}
		response.getHeaders().clear();
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.TEXT_PLAIN);
		String reason = error instanceof ConnectException || error instanceof UnknownHostException
				? "the origin could not be reached" : status == HttpStatus.GATEWAY_TIMEOUT
						? "the origin did not answer in time" : "the origin connection failed";
		byte[] body = (status.value() + " " + status.getReasonPhrase() + ": " + reason + "\n")
			.getBytes(StandardCharsets.UTF_8);
		response.getHeaders().setContentLength(body.length);
		return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
	}

}
