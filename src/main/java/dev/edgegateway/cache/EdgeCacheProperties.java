package dev.edgegateway.cache;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The {@code edge.cache.*} settings (DESIGN.md §3). Validated at start-up: a bad value stops the
 * application with a message that names the property path.
 */
@ConfigurationProperties("edge.cache")
public class EdgeCacheProperties implements InitializingBean {

	/** Cloudflare's default list of cacheable file extensions. */
	public static final List<String> CLOUDFLARE_EXTENSIONS = List.of("7z", "apk", "avi", "avif", "bin", "bmp", "bz2",
			"class", "css", "csv", "dmg", "doc", "docx", "ejs", "eot", "eps", "exe", "flac", "gif", "gz", "ico", "iso",
			"jar", "jpeg", "jpg", "js", "mid", "midi", "mkv", "mp3", "mp4", "ogg", "otf", "pdf", "pict", "pls", "png",
			"ppt", "pptx", "ps", "rar", "svg", "svgz", "swf", "tar", "tif", "tiff", "ttf", "webm", "webp", "woff",
			"woff2", "xls", "xlsx", "zip", "zst");

	/** Whether the cache runs at all; when false the gateway is a plain proxy (no cache, no cache headers). */
	private boolean enabled = true;

	/**
	 * Whether fresh HITs are answered right after the gateway's route match, before its filter
	 * chain (the same answer, cheaper). Turns itself off when a custom global filter is ordered
	 * before the cache.
	 */
	private boolean hitFastPath = true;

	/**
	 * Whether repeat HITs are served straight from Reactor Netty, below WebFlux and the gateway,
	 * once the normal path has answered the same request with a HIT. On only where that cannot
	 * change an answer (memory store, no edge rules, no access log, no debug header, routes with
	 * request-only predicates); the log says at start-up whether it is on and why not.
	 */
	private boolean hitLane = true;

	/** Which caching semantics the engine follows: cloudflare (default) or rfc9111. */
	private Semantics semantics = Semantics.CLOUDFLARE;

	/** Name of the response header that carries the cache status. */
	private String statusHeader = "CF-Cache-Status";

	/** Whether responses also carry an RFC 9211 Cache-Status header. */
	private boolean cacheStatusHeader = true;

	/** Cache name used in the Cache-Status header. */
	private String cacheName = "edge-gateway";

	/** Where entries are stored: memory (in-process), redis (shared) or tiered (memory in front of redis). */
	private StoreType store = StoreType.MEMORY;

	/** In-process store limits. */
	private final Memory memory = new Memory();

	/** File extensions that are cacheable without a cache rule (cloudflare semantics). */
	private Set<String> defaultCacheableExtensions = new LinkedHashSet<>(CLOUDFLARE_EXTENSIONS);

	/** Edge TTL by status code when the origin gives no freshness (cloudflare semantics). */
	private Map<Integer, Duration> defaultTtlByStatus = defaultTtls();

	/** How long an entry is kept past its freshness and stale windows, so it can still be revalidated. */
	private Duration keepWindow = Duration.ofHours(1);

	/** Request collapsing: concurrent misses of one key send one request to the origin. */
	private final Collapse collapse = new Collapse();

	private static Map<Integer, Duration> defaultTtls() {
		Map<Integer, Duration> ttls = new LinkedHashMap<>();
		ttls.put(200, Duration.ofMinutes(120));
		ttls.put(206, Duration.ofMinutes(120));
		ttls.put(301, Duration.ofMinutes(120));
		ttls.put(302, Duration.ofMinutes(20));
		ttls.put(303, Duration.ofMinutes(20));
		ttls.put(404, Duration.ofMinutes(3));
		ttls.put(410, Duration.ofMinutes(3));
		return ttls;
	}

	@Override
	public void afterPropertiesSet() {
		require(!this.statusHeader.isBlank() && this.statusHeader.chars().allMatch(EdgeCacheProperties::isTokenChar),
				"edge.cache.status-header", "'" + this.statusHeader + "' is not a valid header name");
		this.defaultTtlByStatus.forEach((status, ttl) -> {
			require(status >= 100 && status <= 599, "edge.cache.default-ttl-by-status",
					status + " is not an HTTP status code (100-599)");
			require(!ttl.isNegative(), "edge.cache.default-ttl-by-status." + status, "must not be negative");
		});
		require(this.memory.maxSize.toBytes() > 0, "edge.cache.memory.max-size", "must be positive");
		require(this.memory.maxObjectSize.toBytes() > 0, "edge.cache.memory.max-object-size", "must be positive");
		require(this.memory.maxObjectSize.toBytes() <= Integer.MAX_VALUE - 8, "edge.cache.memory.max-object-size",
				"must be below 2GB");
		require(!this.keepWindow.isNegative(), "edge.cache.keep-window", "must not be negative");
		require(this.collapse.timeout.toMillis() > 0, "edge.cache.collapse.timeout", "must be positive");
		require(!this.collapse.uncacheableTtl.isNegative(), "edge.cache.collapse.uncacheable-ttl",
				"must not be negative");
		Set<String> normalised = new LinkedHashSet<>();
		for (String extension : this.defaultCacheableExtensions) {
			normalised.add(extension.toLowerCase(Locale.ROOT).replaceFirst("^\\.", ""));
		}
		this.defaultCacheableExtensions = normalised;
	}

	/** Throws an {@link IllegalStateException} naming the property when the condition fails. */
	public static void require(boolean condition, String property, String problem) {
		if (!condition) {
			throw new IllegalStateException("Invalid configuration: " + property + ": " + problem);
		}
	}

	private static boolean isTokenChar(int c) {
		return c > 32 && c < 127 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
	}

	/** The two semantics of DESIGN.md §2. */
	public enum Semantics {

		/** Cloudflare's behaviour: eligibility by extension or rule, default TTLs by status. */
		CLOUDFLARE,
		/** A standards shared cache: exactly RFC 9111. */
		RFC9111

	}

	/** Store backends. */
	public enum StoreType {

		MEMORY, REDIS, TIERED

	}

	/** In-process (Caffeine) store settings. */
	public static class Memory {

		/** Upper bound of the in-process store in bytes (bodies, headers and keys). */
		private DataSize maxSize = DataSize.ofMegabytes(256);

		/** Largest body that is stored; larger bodies stream through and are not stored. */
		private DataSize maxObjectSize = DataSize.ofMegabytes(8);

		public DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(DataSize maxSize) {
			this.maxSize = maxSize;
		}

		public DataSize getMaxObjectSize() {
			return this.maxObjectSize;
		}

		public void setMaxObjectSize(DataSize maxObjectSize) {
			this.maxObjectSize = maxObjectSize;
		}

	}

	/** Request collapsing settings. */
	public static class Collapse {

		/** Whether concurrent misses of one key are collapsed into one origin request. */
		private boolean enabled = true;

		/** How long a collapsed request waits for the first one before it goes to the origin itself. */
		private Duration timeout = Duration.ofSeconds(10);

		/** How long a key whose response was not storable is remembered, so later misses do not queue. */
		private Duration uncacheableTtl = Duration.ofSeconds(30);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Duration getUncacheableTtl() {
			return this.uncacheableTtl;
		}

		public void setUncacheableTtl(Duration uncacheableTtl) {
			this.uncacheableTtl = uncacheableTtl;
		}

	}

	public boolean isHitLane() {
		return this.hitLane;
	}

	public void setHitLane(boolean hitLane) {
		this.hitLane = hitLane;
	}

	public boolean isHitFastPath() {
		return this.hitFastPath;
	}

	public void setHitFastPath(boolean hitFastPath) {
		this.hitFastPath = hitFastPath;
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Semantics getSemantics() {
		return this.semantics;
	}

	public void setSemantics(Semantics semantics) {
		this.semantics = semantics;
	}

	public String getStatusHeader() {
		return this.statusHeader;
	}

	public void setStatusHeader(String statusHeader) {
		this.statusHeader = statusHeader;
	}

	public boolean isCacheStatusHeader() {
		return this.cacheStatusHeader;
	}

	public void setCacheStatusHeader(boolean cacheStatusHeader) {
		this.cacheStatusHeader = cacheStatusHeader;
	}

	public String getCacheName() {
		return this.cacheName;
	}

	public void setCacheName(String cacheName) {
		this.cacheName = cacheName;
	}

	public StoreType getStore() {
		return this.store;
	}

	public void setStore(StoreType store) {
		this.store = store;
	}

	public Memory getMemory() {
		return this.memory;
	}

	public Set<String> getDefaultCacheableExtensions() {
		return this.defaultCacheableExtensions;
	}

	public void setDefaultCacheableExtensions(Set<String> defaultCacheableExtensions) {
		this.defaultCacheableExtensions = defaultCacheableExtensions;
	}

	public Map<Integer, Duration> getDefaultTtlByStatus() {
		return this.defaultTtlByStatus;
	}

	public void setDefaultTtlByStatus(Map<Integer, Duration> defaultTtlByStatus) {
		this.defaultTtlByStatus = defaultTtlByStatus;
	}

	public Duration getKeepWindow() {
		return this.keepWindow;
	}

	public void setKeepWindow(Duration keepWindow) {
		this.keepWindow = keepWindow;
	}

	public Collapse getCollapse() {
		return this.collapse;
	}

}
