package dev.edgegateway.edge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The conditions of a {@code when} block. A request matches when every condition that is set
 * matches; within one list any entry may match. An empty block matches every request.
 */
public class Conditions {

	/** Host names (case-insensitive, without port); {@code *.example.com} matches any subdomain. */
	private List<String> hosts = new ArrayList<>();

	/** Spring PathPatterns ({@code /blog/**}, {@code /u/{id}}, {@code /files/{*rest}}). */
	private List<String> paths = new ArrayList<>();

	/** HTTP methods (case-insensitive). */
	private List<String> methods = new ArrayList<>();

	/** Client IP addresses or CIDR blocks, IPv4 or IPv6 (client IP as resolved through trusted proxies). */
	private List<String> ips = new ArrayList<>();

	/** Regular expressions; any one found in the User-Agent matches (a missing User-Agent never matches). */
	private List<String> userAgents = new ArrayList<>();

	/** Header name to a regular expression found in one of its values; an empty value means "present". */
	private Map<String, String> headers = new LinkedHashMap<>();

	/** Query parameter name to a regular expression found in one of its values; empty means "present". */
	private Map<String, String> query = new LinkedHashMap<>();

	/** ISO 3166 country codes read from the country header ({@code edge.edge-rules.country-header}). */
	private List<String> countries = new ArrayList<>();

	public List<String> getHosts() {
		return this.hosts;
	}

	public void setHosts(List<String> hosts) {
		this.hosts = hosts;
	}

	public List<String> getPaths() {
		return this.paths;
	}

	public void setPaths(List<String> paths) {
		this.paths = paths;
	}

	public List<String> getMethods() {
		return this.methods;
	}

	public void setMethods(List<String> methods) {
		this.methods = methods;
	}

	public List<String> getIps() {
		return this.ips;
	}

	public void setIps(List<String> ips) {
		this.ips = ips;
	}

	public List<String> getUserAgents() {
		return this.userAgents;
	}

	public void setUserAgents(List<String> userAgents) {
		this.userAgents = userAgents;
	}

	public Map<String, String> getHeaders() {
		return this.headers;
	}

	public void setHeaders(Map<String, String> headers) {
		this.headers = headers;
	}

	public Map<String, String> getQuery() {
		return this.query;
	}

	public void setQuery(Map<String, String> query) {
		this.query = query;
	}

	public List<String> getCountries() {
		return this.countries;
	}

	public void setCountries(List<String> countries) {
		this.countries = countries;
	}

}
