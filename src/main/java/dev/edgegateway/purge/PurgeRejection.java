package dev.edgegateway.purge;

import org.springframework.http.HttpStatus;

/**
 * A purge call refused with a status, a Cloudflare-style error code and a reason for the caller.
 * Thrown by parsing and authentication; the handler turns it into the error envelope.
 */
public class PurgeRejection extends RuntimeException {

	/** Malformed body: bad JSON, wrong types, unknown fields, mixed or missing kinds, bad values. */
	public static final int BAD_REQUEST = 1012;

	/** More items than {@code edge.purge.max-items}. */
	public static final int TOO_MANY_ITEMS = 1014;

	/** Missing, wrong or unconfigured token (Cloudflare's authentication error code). */
	public static final int AUTHENTICATION = 10000;

	/** The store could not carry out the purge. */
	public static final int STORE_FAILED = 1016;

	private final HttpStatus status;

	private final int code;

	public PurgeRejection(HttpStatus status, int code, String message) {
		super(message, null, false, false);
		this.status = status;
		this.code = code;
	}

	static PurgeRejection badRequest(String message) {
		return new PurgeRejection(HttpStatus.BAD_REQUEST, BAD_REQUEST, message);
	}

	public HttpStatus status() {
		return this.status;
	}

	public int code() {
		return this.code;
	}

}
