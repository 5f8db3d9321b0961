package dev.edgegateway.purge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.springframework.http.HttpStatus;

/**
 * Checks the {@code Authorization: Bearer <token>} of a purge call against {@code edge.purge.token}
 * in constant time: both sides are hashed first, so neither the content nor the length of the
 * configured token leaks through timing. With no token configured every call is refused.
 */
final class PurgeAuthenticator {

	private static final String BEARER = "bearer ";

	private final byte[] expected;

	PurgeAuthenticator(String token) {
		this.expected = (token == null || token.isEmpty()) ? null : sha256(token);
	}

	/** Whether a token is configured (the purge API is enabled). */
	boolean enabled() {
		return this.expected != null;
	}

	/** Passes, or throws the 401/403 rejection. */
	void check(String authorization) {
		if (this.expected == null) {
			throw new PurgeRejection(HttpStatus.FORBIDDEN, PurgeRejection.AUTHENTICATION,
					"the purge API is disabled: no token is configured (set edge.purge.token or EDGE_PURGE_TOKEN)");
		}
		if (authorization == null || authorization.length() <= BEARER.length()
				|| !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			throw new PurgeRejection(HttpStatus.UNAUTHORIZED, PurgeRejection.AUTHENTICATION,
					"authentication required: send Authorization: Bearer <token>");
		}
		byte[] presented = sha256(authorization.substring(BEARER.length()).trim());
		if (!MessageDigest.isEqual(this.expected, presented)) {
			throw new PurgeRejection(HttpStatus.FORBIDDEN, PurgeRejection.AUTHENTICATION, "invalid purge token");
		}
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is a required JDK algorithm", ex);
		}
	}

}
