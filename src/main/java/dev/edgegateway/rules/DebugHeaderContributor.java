package dev.edgegateway.rules;

import dev.edgegateway.cache.CacheHeaderContributor;
import dev.edgegateway.cache.CacheOutcome;
import dev.edgegateway.cache.CacheStatus;
import dev.edgegateway.cache.RequestPolicy;
import dev.edgegateway.cache.StorageDecision;

import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes {@code Edge-Cache-Debug} ({@code edge.cache.debug-header: true}): the matched rules, the
 * eligibility, the key, the edge TTL mode, the directive that decided storage and the effective
 * TTL and stale windows in seconds, e.g.
 * {@code rules=assets; eligible; key="http://h/a.css"; edge-ttl=override; decided-by=rule-override; ttl=3600; swr=30; sie=86400; stale=allowed; browser-ttl=600}.
 * On a response served from cache without asking the origin, {@code decided-by=stored} and
 * {@code ttl} is what remains of the stored lifetime.
 */
class DebugHeaderContributor implements CacheHeaderContributor {

	/** The header name. */
	static final String HEADER = "Edge-Cache-Debug";

	@Override
	public void contribute(ServerWebExchange exchange, HttpHeaders headers, CacheOutcome outcome) {
		RequestPolicy policy = outcome.policy();
		if (policy == null || outcome.status() == CacheStatus.NONE) {
			return;
		}
		StringBuilder value = new StringBuilder(160).append("rules=")
			.append(policy.rules().isEmpty() ? "-" : String.join(",", policy.rules()));
		if (!policy.eligible()) {
			value.append("; ineligible=").append(policy.ineligibleStatus().headerValue());
			value.append("; reason=").append(policy.reason());
			headers.set(HEADER, printable(value));
			return;
		}
		value.append("; eligible");
		if (outcome.key() != null) {
			value.append("; key=\"").append(outcome.key().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
		}
		value.append("; edge-ttl=").append(PolicyDescription.mode(policy.ttl().mode().name()));
		StorageDecision decision = outcome.decision();
		if (decision != null) {
			value.append("; decided-by=").append(decision.source());
			if (decision.store()) {
				value.append("; ttl=").append(decision.lifetime())
					.append("; swr=").append(decision.staleWhileRevalidate())
					.append("; sie=").append(decision.staleIfError())
					.append("; stale=").append(decision.staleForbidden() ? "forbidden" : "allowed");
			}
		}
		else if (outcome.status().fromCache()) {
			value.append("; decided-by=stored; ttl=").append(outcome.ttlSeconds());
		}
		value.append("; browser-ttl=")
			.append(policy.browserTtl() == null ? "respect-origin" : Long.toString(policy.browserTtl().toSeconds()));
		headers.set(HEADER, printable(value));
	}

	/** Header values are visible ASCII: anything else from a request (a key part) becomes '?'. */
	private static String printable(StringBuilder value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c > 0x7e) {
				value.setCharAt(i, '?');
			}
		}
		return value.toString();
	}

}
