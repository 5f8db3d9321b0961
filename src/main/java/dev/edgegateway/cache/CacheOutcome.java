package dev.edgegateway.cache;

import dev.edgegateway.cache.store.CachedResponse;

import org.springframework.web.server.ServerWebExchange;

/**
 * What the cache did for one exchange: the one record from which the status header, {@code Age},
 * {@code Cache-Status}, metrics and the access log are all written (DESIGN.md §1).
 * <p>
 * Created for every request on the traffic port by {@link CacheOutcomeWebFilter} with status
 * {@link CacheStatus#NONE}; the cache filter and the edge rules update it before the response is
 * committed. Mutated by one exchange at a time only.
 */
public final class CacheOutcome {

	/** Exchange attribute holding the {@link CacheOutcome}. */
	public static final String CACHE_OUTCOME_ATTR = CacheOutcome.class.getName();

	private final long startNanos = System.nanoTime();

	private CacheStatus status = CacheStatus.NONE;

	private String detail;

	private String key;

	private String routeId;

	private long ageSeconds = -1;

	private long ttlSeconds = Long.MIN_VALUE;

	private int originStatus;

	private boolean stored;

	private boolean collapsed;

	private String edgeRule;

	private String edgeAction;

	private long bytes;

	private RequestPolicy policy;

	private StorageDecision decision;

	private CachedResponse served;

	/** The outcome of this exchange, or {@code null} outside the traffic port. */
	public static CacheOutcome of(ServerWebExchange exchange) {
		return exchange.getAttribute(CACHE_OUTCOME_ATTR);
	}

	/** Sets the status and the reason (an RFC 9211 {@code detail} token, may be null). */
	public CacheOutcome status(CacheStatus status, String detail) {
		this.status = status;
		this.detail = detail;
		return this;
	}

	/** Records that an edge rule answered the request itself (status NONE/UNKNOWN). */
	public CacheOutcome answeredByEdgeRule(String rule, String action) {
		this.status = CacheStatus.NONE;
		this.detail = action;
		this.edgeRule = rule;
		this.edgeAction = action;
		return this;
	}

	public CacheStatus status() {
		return this.status;
	}

	public String detail() {
		return this.detail;
	}

	public String key() {
		return this.key;
	}

	public CacheOutcome key(String key) {
		this.key = key;
		return this;
	}

	public String routeId() {
		return this.routeId;
	}

	public CacheOutcome routeId(String routeId) {
		this.routeId = routeId;
		return this;
	}

	/** The {@code Age} written on the response in seconds, or -1 when none is written. */
	public long ageSeconds() {
		return this.ageSeconds;
	}

	public CacheOutcome ageSeconds(long ageSeconds) {
		this.ageSeconds = ageSeconds;
		return this;
	}

	/** Remaining freshness in seconds (negative when stale), or {@link Long#MIN_VALUE} when unknown. */
	public long ttlSeconds() {
		return this.ttlSeconds;
	}

	public CacheOutcome ttlSeconds(long ttlSeconds) {
		this.ttlSeconds = ttlSeconds;
		return this;
	}

	/** The status the origin answered with when the request was forwarded, else 0. */
	public int originStatus() {
		return this.originStatus;
	}

	public CacheOutcome originStatus(int originStatus) {
		this.originStatus = originStatus;
		return this;
	}

	/** Whether the response was (to be) stored. */
	public boolean stored() {
		return this.stored;
	}

	public CacheOutcome stored(boolean stored) {
		this.stored = stored;
		return this;
	}

	/** Whether this request waited on another request's origin fetch (request collapsing). */
	public boolean collapsed() {
		return this.collapsed;
	}

	public CacheOutcome collapsed(boolean collapsed) {
		this.collapsed = collapsed;
		return this;
	}

	public String edgeRule() {
		return this.edgeRule;
	}

	public String edgeAction() {
		return this.edgeAction;
	}

	/** Body bytes written to the client (counted as the body streams). */
	public long bytes() {
		return this.bytes;
	}

	public void addBytes(long count) {
		this.bytes += count;
	}

	/** The cache's decision about the request, or null when the cache did not classify it. */
	public RequestPolicy policy() {
		return this.policy;
	}

	public CacheOutcome policy(RequestPolicy policy) {
		this.policy = policy;
		return this;
	}

	/** How the origin's response was judged for storage, or null when none was judged. */
	public StorageDecision decision() {
		return this.decision;
	}

	public CacheOutcome decision(StorageDecision decision) {
		this.decision = decision;
		return this;
	}

	/** The stored entry the response was served from, or null. */
	public CachedResponse served() {
		return this.served;
	}

	public CacheOutcome served(CachedResponse entry) {
		this.served = entry;
		return this;
	}

	/** Nanoseconds since the request entered the gateway. */
	public long elapsedNanos() {
		return System.nanoTime() - this.startNanos;
	}

}
