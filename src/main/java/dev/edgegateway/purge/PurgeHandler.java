package dev.edgegateway.purge;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code POST /cache/purge} and {@code POST /client/v4/zones/{zone}/purge_cache}: authenticates,
 * reads the body (any content type, so {@code curl -d} works), purges, and answers the Cloudflare
 * envelope. Every refusal is an envelope with a status and a reason; the body is parsed here, not
 * by a codec, so no malformed input can turn into a 500.
 */
final class PurgeHandler {

	private static final Log logger = LogFactory.getLog(PurgeHandler.class);

	private final PurgeAuthenticator authenticator;

	private final PurgeBodyParser parser;

	private final PurgeService service;

	private final int maxBodyBytes;

	PurgeHandler(PurgeProperties properties, PurgeService service) {
		this.authenticator = new PurgeAuthenticator(properties.getToken());
		this.parser = new PurgeBodyParser(properties.getMaxItems());
		this.service = service;
		// a generous URL per item plus headers; far beyond any honest body, far below a memory problem
		this.maxBodyBytes = 64 * 1024 + properties.getMaxItems() * 8 * 1024;
	}

	Mono<ServerResponse> purge(ServerRequest request) {
		return Mono.fromRunnable(() -> this.authenticator.check(request.headers().firstHeader(HttpHeaders.AUTHORIZATION)))
			.then(body(request))
			.map(this.parser::parse)
			.flatMap(this.service::purge)
			.flatMap(purged -> respond(HttpStatus.OK, PurgeEnvelope.success(purged)))
			.onErrorResume(PurgeRejection.class, this::refuse)
			.onErrorResume(error -> {
				logger.error("Purge failed unexpectedly", error);
				return respond(HttpStatus.INTERNAL_SERVER_ERROR, PurgeEnvelope.failure(new PurgeRejection(
						HttpStatus.INTERNAL_SERVER_ERROR, PurgeRejection.STORE_FAILED, "internal error: " + error)));
			});
	}

	private Mono<byte[]> body(ServerRequest request) {
		return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), this.maxBodyBytes)
			.map(PurgeHandler::bytes)
			.defaultIfEmpty(new byte[0])
			.onErrorMap(DataBufferLimitException.class, error -> new PurgeRejection(HttpStatus.CONTENT_TOO_LARGE,
					PurgeRejection.BAD_REQUEST, "the body is larger than " + this.maxBodyBytes + " bytes"));
	}

	private static byte[] bytes(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	private Mono<ServerResponse> refuse(PurgeRejection rejection) {
		ServerResponse.BodyBuilder response = ServerResponse.status(rejection.status());
		if (rejection.status() == HttpStatus.UNAUTHORIZED) {
			response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"edge-gateway purge\"");
		}
		return response.contentType(MediaType.APPLICATION_JSON).bodyValue(PurgeEnvelope.failure(rejection));
	}

	private static Mono<ServerResponse> respond(HttpStatus status, byte[] json) {
		return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON).bodyValue(json);
	}

}
