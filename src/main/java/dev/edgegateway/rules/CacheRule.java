package dev.edgegateway.rules;

import java.time.Duration;
import java.util.Map;

/**
 * One cache rule ({@code edge.cache.rules[n]}, or a route's {@code metadata.edge-cache}): when it
 * applies and the settings it sets. An unset setting keeps what earlier rules decided.
 */
public class CacheRule {

	/** Name shown in Edge-Cache-Debug and cacheexplain (defaults to rules[n]). */
	private String name;

	/** Conditions; a rule without conditions matches every request. */
	private RuleConditions when;

	/** eligible (cache it, whatever the extension) or bypass (never look up or store: BYPASS). */
	private String cache;

	/** Edge TTL: how long the edge keeps the response. */
	private EdgeTtl edgeTtl;

	/** Browser TTL: the Cache-Control max-age clients get. */
	private BrowserTtl browserTtl;

	/** Operator stale windows, used when the origin sends none. */
	private ServeStale serveStale;

	/** Cache key settings and deception armor. */
	private RuleKey key;

	/** Regex of cookie names; a request carrying a matching cookie is BYPASS (e.g. wordpress_logged_in_.*). */
	private String bypassOnCookie;

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public RuleConditions getWhen() {
		return this.when;
	}

	public void setWhen(RuleConditions when) {
		this.when = when;
	}

	public String getCache() {
		return this.cache;
	}

	public void setCache(String cache) {
		this.cache = cache;
	}

	public EdgeTtl getEdgeTtl() {
		return this.edgeTtl;
	}

	public void setEdgeTtl(EdgeTtl edgeTtl) {
		this.edgeTtl = edgeTtl;
	}

	public BrowserTtl getBrowserTtl() {
		return this.browserTtl;
	}

	public void setBrowserTtl(BrowserTtl browserTtl) {
		this.browserTtl = browserTtl;
	}

	public ServeStale getServeStale() {
		return this.serveStale;
	}

	public void setServeStale(ServeStale serveStale) {
		this.serveStale = serveStale;
	}

	public RuleKey getKey() {
		return this.key;
	}

	public void setKey(RuleKey key) {
		this.key = key;
	}

	public String getBypassOnCookie() {
		return this.bypassOnCookie;
	}

	public void setBypassOnCookie(String bypassOnCookie) {
		this.bypassOnCookie = bypassOnCookie;
	}

	/** Edge TTL settings. */
	public static class EdgeTtl {

		/** respect-origin (origin headers, else the default TTL), override (fixed TTL) or bypass-by-default. */
		private String mode;

		/** TTL of the statuses cached by default (edge.cache.default-ttl-by-status keys); must not be negative. */
		private Duration defaultTtl;

		/** TTL by status or range ("404", "500-599"); 0 stores but revalidates every use, negative never stores. */
		private Map<String, Duration> byStatus;

		public String getMode() {
			return this.mode;
		}

		public void setMode(String mode) {
			this.mode = mode;
		}

		public Duration getDefault() {
			return this.defaultTtl;
		}

		public void setDefault(Duration defaultTtl) {
			this.defaultTtl = defaultTtl;
		}

		public Map<String, Duration> getByStatus() {
			return this.byStatus;
		}

		public void setByStatus(Map<String, Duration> byStatus) {
			this.byStatus = byStatus;
		}

	}

	/** Browser TTL settings. */
	public static class BrowserTtl {

		/** respect-origin (pass the origin's Cache-Control on) or override (max-age=value, never lower than the origin's). */
		private String mode;

		/** The max-age clients get with mode override. */
		private Duration value;

		public String getMode() {
			return this.mode;
		}

		public void setMode(String mode) {
			this.mode = mode;
		}

		public Duration getValue() {
			return this.value;
		}

		public void setValue(Duration value) {
			this.value = value;
		}

	}

	/** Operator stale windows (RFC 5861), applied when the origin sends none. */
	public static class ServeStale {

		/** stale-while-revalidate window: stale is served (UPDATING) while one request refreshes it. */
		private Duration whileRevalidate;

		/** stale-if-error window: stale is served (STALE) when the origin fails or answers 5xx. */
		private Duration ifError;

		/** Whether stale serving is turned off entirely, even when the origin allows it. */
		private Boolean disabled;

		public Duration getWhileRevalidate() {
			return this.whileRevalidate;
		}

		public void setWhileRevalidate(Duration whileRevalidate) {
			this.whileRevalidate = whileRevalidate;
		}

		public Duration getIfError() {
			return this.ifError;
		}

		public void setIfError(Duration ifError) {
			this.ifError = ifError;
		}

		public Boolean getDisabled() {
			return this.disabled;
		}

		public void setDisabled(Boolean disabled) {
			this.disabled = disabled;
		}

	}

}
