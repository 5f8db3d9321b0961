package dev.edgegateway.rules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.edgegateway.cache.CacheStatus;
import dev.edgegateway.cache.KeyPolicy;
import dev.edgegateway.cache.KeyPolicy.QueryMode;
import dev.edgegateway.cache.RequestPolicy;
import dev.edgegateway.cache.TtlPolicy;
import dev.edgegateway.cache.TtlPolicy.EdgeTtlMode;

/**
 * Stacks the settings of the matched rules, in order, on top of the defaults: a later rule wins
 * every setting it sets; {@code by-status} TTLs merge status by status, and {@code default} sets
 * the TTL of every status cached by default. The result, {@link Stacked}, holds the finished
 * {@link RequestPolicy} for each way the request can still go.
 */
final class PolicyStack {

	private Boolean cache;

	private EdgeTtlMode mode;

	private final Map<Integer, Duration> ttlByStatus;

	private final Set<Integer> defaultStatuses;

	private Duration staleWhileRevalidate;

	private Duration staleIfError;

	private boolean staleDisabled;

	private Duration browserTtl;

	private boolean host = true;

	private QueryMode query = QueryMode.ALL;

	private Set<String> queryParameters = Set.of();

	private boolean sortQuery;

	private List<String> headers = List.of();

	private List<String> cookies = List.of();

	private boolean deceptionArmor = true;

	private Pattern bypassOnCookie;

	private final List<String> names = new ArrayList<>();

	/**
	 * @param base the default TTL settings (DESIGN.md §2)
	 * @param defaultStatuses the statuses a rule's {@code default} TTL applies to
	 */
	PolicyStack(TtlPolicy base, Set<Integer> defaultStatuses) {
		this.mode = base.mode();
		this.ttlByStatus = new LinkedHashMap<>(base.ttlByStatus());
		this.defaultStatuses = defaultStatuses;
		this.staleWhileRevalidate = base.staleWhileRevalidate();
		this.staleIfError = base.staleIfError();
		this.staleDisabled = base.staleDisabled();
	}

	PolicyStack apply(CompiledRule rule) {
		RuleSettings s = rule.settings();
		this.names.add(rule.name());
		this.cache = s.cache() != null ? s.cache() : this.cache;
		this.mode = s.edgeTtlMode() != null ? s.edgeTtlMode() : this.mode;
		if (s.defaultTtl() != null) {
			this.defaultStatuses.forEach(status -> this.ttlByStatus.put(status, s.defaultTtl()));
		}
		if (s.byStatus() != null) {
			this.ttlByStatus.putAll(s.byStatus());
		}
		this.browserTtl = s.browserTtlSet() ? s.browserTtl() : this.browserTtl;
		this.staleWhileRevalidate = or(s.staleWhileRevalidate(), this.staleWhileRevalidate);
		this.staleIfError = or(s.staleIfError(), this.staleIfError);
		this.staleDisabled = or(s.staleDisabled(), this.staleDisabled);
		if (s.query() != null) {
			this.query = s.query();
			this.queryParameters = s.queryParameters();
		}
		this.sortQuery = or(s.sortQuery(), this.sortQuery);
		this.headers = or(s.keyHeaders(), this.headers);
		this.cookies = or(s.keyCookies(), this.cookies);
		this.host = or(s.keyHost(), this.host);
		this.deceptionArmor = or(s.deceptionArmor(), this.deceptionArmor);
		this.bypassOnCookie = or(s.bypassOnCookie(), this.bypassOnCookie);
		return this;
	}

	Stacked build() {
		KeyPolicy key = new KeyPolicy(this.host, this.query, new LinkedHashSet<>(this.queryParameters), this.sortQuery,
				this.headers, this.cookies);
		TtlPolicy ttl = new TtlPolicy(this.mode, this.ttlByStatus, null, this.staleWhileRevalidate, this.staleIfError,
				this.staleDisabled);
		List<String> rules = List.copyOf(this.names);
		RequestPolicy eligible = new RequestPolicy(true, null, null, key, ttl, this.browserTtl, this.deceptionArmor,
				rules);
		return new Stacked(this.cache, this.bypassOnCookie, eligible,
				RequestPolicy.ineligible(CacheStatus.DYNAMIC, "extension", rules),
				RequestPolicy.ineligible(CacheStatus.BYPASS, "rule-bypass", rules),
				RequestPolicy.ineligible(CacheStatus.BYPASS, "bypass-on-cookie", rules));
	}

	private static <T> T or(T value, T otherwise) {
		return value != null ? value : otherwise;
	}

	/**
	 * Stacked settings of one combination of matched rules.
	 *
	 * @param cache what {@code cache:} says (null: eligibility by extension)
	 * @param bypassOnCookie regex of cookie names that make the request BYPASS, or null
	 * @param eligible the policy when the request is eligible
	 * @param dynamic the policy when it is not (DYNAMIC, by extension)
	 * @param bypass the policy for {@code cache: bypass}
	 * @param cookieBypass the policy when a cookie matched {@code bypass-on-cookie}
	 */
	record Stacked(Boolean cache, Pattern bypassOnCookie, RequestPolicy eligible, RequestPolicy dynamic,
			RequestPolicy bypass, RequestPolicy cookieBypass) {
	}

}
