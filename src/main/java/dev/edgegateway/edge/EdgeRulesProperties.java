package dev.edgegateway.edge;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code edge.edge-rules.*} settings (DESIGN.md §3): the rules that answer before the cache,
 * always-use-https, redirect rules and bulk lists, WAF custom rules. Compiled and validated once
 * at start-up by {@link EdgeRulesConfiguration}; a bad value stops start-up naming its path.
 */
@ConfigurationProperties("edge.edge-rules")
public class EdgeRulesProperties {

	/** Whether requests that arrived over plain HTTP are redirected (301) to the same URL on https. */
	private boolean alwaysUseHttps;

	/** Addresses or CIDR blocks of proxies whose X-Forwarded-For / X-Forwarded-Proto / Forwarded are believed. */
	private List<String> trustedProxies = new ArrayList<>();

	/** Request header carrying the client's country code (set by the proxy in front), for `countries`. */
	private String countryHeader = "CF-IPCountry";

	/** Redirect rules, evaluated in order; the first match answers. */
	private List<RedirectRuleProperties> redirects = new ArrayList<>();

	/** Bulk redirect lists (CSV or YAML files of source to target), looked up after the redirect rules. */
	private List<RedirectList> redirectLists = new ArrayList<>();

	/** WAF custom rules, evaluated in order after the redirects. */
	private List<WafRuleProperties> waf = new ArrayList<>();

	/** A bulk redirect list: a file of exact source to target pairs, looked up in O(1). */
	public static class RedirectList {

		/** List name, used as the metric tag and in logs. */
		private String name;

		/** CSV ("source,target" per line) or YAML (a map) file; a path, or a file: / classpath: location. */
		private String file;

		/** Redirect status: 301, 302, 303, 307 or 308. */
		private int status = 301;

		/** Whether the request's query string is appended to the target. */
		private boolean preserveQuery;

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public String getFile() {
			return this.file;
		}

		public void setFile(String file) {
			this.file = file;
		}

		public int getStatus() {
			return this.status;
		}

		public void setStatus(int status) {
			this.status = status;
		}

		public boolean isPreserveQuery() {
			return this.preserveQuery;
		}

		public void setPreserveQuery(boolean preserveQuery) {
			this.preserveQuery = preserveQuery;
		}

	}

	public boolean isAlwaysUseHttps() {
		return this.alwaysUseHttps;
	}

	public void setAlwaysUseHttps(boolean alwaysUseHttps) {
		this.alwaysUseHttps = alwaysUseHttps;
	}

	public List<String> getTrustedProxies() {
		return this.trustedProxies;
	}

	public void setTrustedProxies(List<String> trustedProxies) {
		this.trustedProxies = trustedProxies;
	}

	public String getCountryHeader() {
		return this.countryHeader;
	}

	public void setCountryHeader(String countryHeader) {
		this.countryHeader = countryHeader;
	}

	public List<RedirectRuleProperties> getRedirects() {
		return this.redirects;
	}

	public void setRedirects(List<RedirectRuleProperties> redirects) {
		this.redirects = redirects;
	}

	public List<RedirectList> getRedirectLists() {
		return this.redirectLists;
	}

	public void setRedirectLists(List<RedirectList> redirectLists) {
		this.redirectLists = redirectLists;
	}

	public List<WafRuleProperties> getWaf() {
		return this.waf;
	}

	public void setWaf(List<WafRuleProperties> waf) {
		this.waf = waf;
	}

}
