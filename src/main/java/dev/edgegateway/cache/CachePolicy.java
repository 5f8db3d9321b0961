package dev.edgegateway.cache;

import org.springframework.web.server.ServerWebExchange;

/**
 * Decides eligibility, key and TTL settings for a GET/HEAD request. The default implementation
 * applies DESIGN.md §2's defaults; cache rules replace it. Must be cheap: it runs on every request.
 */
@FunctionalInterface
public interface CachePolicy {

	RequestPolicy resolve(ServerWebExchange exchange);

}
