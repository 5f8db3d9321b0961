package dev.edgegateway.edge;

import java.time.Duration;

/** One entry of {@code edge.edge-rules.waf}: a WAF custom rule evaluated in list order. */
public class WafRuleProperties {

	/** Rule name, used as the metric tag and in logs. */
	private String name;

	/** Which requests the rule applies to. */
	private When when = new When();

	/** What to do with a matching request: block, skip, log or rate-limit. */
	private Action action = Action.BLOCK;

	/** Status of a block answer (400-599). */
	private int status = 403;

	/** Limit applied when the action is rate-limit. */
	private RateLimit rateLimit;

	/** WAF actions. */
	public enum Action {

		/** Answer with the block page; the request goes no further. */
		BLOCK,
		/** Allow, and evaluate no further WAF rules. */
		SKIP,
		/** Allow, count and log, continue with the next rule. */
		LOG,
		/** Allow up to the limit, then answer 429 with Retry-After. */
		RATE_LIMIT;

		/** The action as written in configuration and metric tags ({@code rate-limit}). */
		public String tag() {
			return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
		}

	}

	/** A fixed-window request limit, counted in memory per replica. */
	public static class RateLimit {

		/** Requests allowed per period and client. */
		private int requests;

		/** Length of the counting window. */
		private Duration period = Duration.ofMinutes(1);

		/** What identifies a client: ip, or header:<Name> (falls back to the IP when the header is absent). */
		private String by = "ip";

		/** Most clients counted at once per rule; the least recently seen are forgotten beyond it. */
		private long maxClients = 100_000;

		public int getRequests() {
			return this.requests;
		}

		public void setRequests(int requests) {
			this.requests = requests;
		}

		public Duration getPeriod() {
			return this.period;
		}

		public void setPeriod(Duration period) {
			this.period = period;
		}

		public String getBy() {
			return this.by;
		}

		public void setBy(String by) {
			this.by = by;
		}

		public long getMaxClients() {
			return this.maxClients;
		}

		public void setMaxClients(long maxClients) {
			this.maxClients = maxClients;
		}

	}

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public When getWhen() {
		return this.when;
	}

	public void setWhen(When when) {
		this.when = when;
	}

	public Action getAction() {
		return this.action;
	}

	public void setAction(Action action) {
		this.action = action;
	}

	public int getStatus() {
		return this.status;
	}

	public void setStatus(int status) {
		this.status = status;
	}

	public RateLimit getRateLimit() {
		return this.rateLimit;
	}

	public void setRateLimit(RateLimit rateLimit) {
		this.rateLimit = rateLimit;
	}

}
