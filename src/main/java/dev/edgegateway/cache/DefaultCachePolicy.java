package dev.edgegateway.cache;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.edgegateway.cache.EdgeCacheProperties.Semantics;

import org.springframework.web.server.ServerWebExchange;

/**
 * DESIGN.md §2's defaults without cache rules: under {@code cloudflare} semantics only the default
 * cacheable extensions (and {@code /robots.txt}) are eligible, with the default TTL by status;
 * under {@code rfc9111} every GET/HEAD is eligible and only the origin's headers decide.
 */
public class DefaultCachePolicy implements CachePolicy {

	private final Semantics semantics;

	private final Set<String> extensions;

	private final RequestPolicy eligible;

	private final RequestPolicy dynamic = RequestPolicy.ineligible(CacheStatus.DYNAMIC, "extension", List.of());

	public DefaultCachePolicy(EdgeCacheProperties properties) {
		this.semantics = properties.getSemantics();
		this.extensions = Set.copyOf(properties.getDefaultCacheableExtensions());
		this.eligible = RequestPolicy.eligible(KeyPolicy.DEFAULT, defaultTtl(properties), List.of());
	}

	/** The default TTL settings of a semantics (shared with cache rules as their starting point). */
	public static TtlPolicy defaultTtl(EdgeCacheProperties properties) {
		if (properties.getSemantics() == Semantics.RFC9111) {
			return new TtlPolicy(TtlPolicy.EdgeTtlMode.RESPECT_ORIGIN, java.util.Map.of(), null, null, null, false);
		}
		return new TtlPolicy(TtlPolicy.EdgeTtlMode.RESPECT_ORIGIN, properties.getDefaultTtlByStatus(), null, null,
				null, false);
	}

	@Override
	public RequestPolicy resolve(ServerWebExchange exchange) {
		if (this.semantics == Semantics.RFC9111) {
			return this.eligible;
		}
		return hasCacheableExtension(exchange.getRequest().getPath().value(), this.extensions) ? this.eligible
				: this.dynamic;
	}

	/** Whether the path's last segment ends in one of the extensions, or the path is {@code /robots.txt}. */
	public static boolean hasCacheableExtension(String path, Set<String> extensions) {
		int slash = path.lastIndexOf('/');
		int dot = path.lastIndexOf('.');
		if (dot <= slash || dot == path.length() - 1) {
			return false;
		}
		if (path.equals("/robots.txt")) {
			return true;
		}
		return extensions.contains(path.substring(dot + 1).toLowerCase(Locale.ROOT));
	}

}
