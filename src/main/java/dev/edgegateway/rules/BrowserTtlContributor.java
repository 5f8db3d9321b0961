package dev.edgegateway.rules;

import java.time.Duration;

import dev.edgegateway.cache.CacheHeaderContributor;
import dev.edgegateway.cache.CacheOutcome;
import dev.edgegateway.cache.RequestPolicy;
import dev.edgegateway.cache.http.CacheControl;

import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Cloudflare's browser TTL: for a request whose rules override it, the {@code Cache-Control} the
 * client gets becomes {@code max-age=N}, unless the origin's own {@code max-age} is higher (the
 * browser TTL never lowers it). Applies to what the edge serves from cache or has just stored;
 * an origin answer the edge refused (BYPASS) or could not store keeps its own headers.
 */
class BrowserTtlContributor implements CacheHeaderContributor {

	/** The rewritten {@code Cache-Control} depends on the policy and the stored headers only. */
	@Override
	public boolean replayableOnHits() {
		return true;
	}

	@Override
	public void contribute(ServerWebExchange exchange, HttpHeaders headers, CacheOutcome outcome) {
		RequestPolicy policy = outcome.policy();
		if (policy == null || !policy.eligible() || policy.browserTtl() == null
				|| !(outcome.stored() || outcome.status().fromCache())) {
			return;
		}
		Duration browserTtl = policy.browserTtl();
		long originMaxAge = CacheControl.parse(headers.get(HttpHeaders.CACHE_CONTROL)).maxAge();
		if (originMaxAge != CacheControl.ABSENT && originMaxAge >= browserTtl.toSeconds()) {
			return;
		}
		headers.set(HttpHeaders.CACHE_CONTROL, "max-age=" + browserTtl.toSeconds());
	}

}
