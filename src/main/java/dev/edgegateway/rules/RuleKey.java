package dev.edgegateway.rules;

import java.util.List;

/**
 * The cache key settings of a rule ({@code key:}); an unset field keeps what earlier rules (or
 * the default key: host, path and the whole query string as sent) decided.
 */
public class RuleKey {

	/** Query string in the key: {@code all}, {@code none}, {@code {include: [..]}} or {@code {exclude: [..]}}. */
	private Query query;

	/** Whether query parameters are sorted, so their order does not make a different key. */
	private Boolean sortQuery;

	/** Request headers whose values are part of the key. */
	private List<String> headers;

	/** Cookies whose values are part of the key. */
	private List<String> cookies;

	/** Whether the host is part of the key (false: hosts of one route share entries). */
	private Boolean host;

	/** Whether a response whose Content-Type does not fit the path's extension is refused (on by default). */
	private Boolean deceptionArmor;

	public Query getQuery() {
		return this.query;
	}

	public void setQuery(Query query) {
		this.query = query;
	}

	public Boolean getSortQuery() {
		return this.sortQuery;
	}

	public void setSortQuery(Boolean sortQuery) {
		this.sortQuery = sortQuery;
	}

	public List<String> getHeaders() {
		return this.headers;
	}

	public void setHeaders(List<String> headers) {
		this.headers = headers;
	}

	public List<String> getCookies() {
		return this.cookies;
	}

	public void setCookies(List<String> cookies) {
		this.cookies = cookies;
	}

	public Boolean getHost() {
		return this.host;
	}

	public void setHost(Boolean host) {
		this.host = host;
	}

	public Boolean getDeceptionArmor() {
		return this.deceptionArmor;
	}

	public void setDeceptionArmor(Boolean deceptionArmor) {
		this.deceptionArmor = deceptionArmor;
	}

	/**
	 * The query part of the key. Binds from a scalar ({@code query: all}, {@code query: none}, via
	 * {@link #valueOf(String)}) or from a map ({@code query: {include: [a, b]}}).
	 */
	public static class Query {

		/** all or none (set by the scalar form). */
		private String mode;

		/** Only these parameters are part of the key. */
		private List<String> include;

		/** All parameters but these are part of the key. */
		private List<String> exclude;

		/** The scalar form: {@code all} or {@code none} (checked when the rules are compiled). */
		public static Query valueOf(String mode) {
			Query query = new Query();
			query.mode = mode;
			return query;
		}

		public String getMode() {
			return this.mode;
		}

		public void setMode(String mode) {
			this.mode = mode;
		}

		public List<String> getInclude() {
			return this.include;
		}

		public void setInclude(List<String> include) {
			this.include = include;
		}

		public List<String> getExclude() {
			return this.exclude;
		}

		public void setExclude(List<String> exclude) {
			this.exclude = exclude;
		}

	}

}
