package dev.edgegateway.rules;

import java.util.List;
import java.util.Map;

/**
 * When a cache rule applies ({@code when:}). Every condition that is set must hold; within a list
 * any entry may match; every named header, cookie or query parameter must match. Regexes are
 * unanchored (Java syntax, {@code find}); an empty regex only requires presence.
 */
public class RuleConditions {

	/** Hosts as clients send them in Host, exact ({@code www.example.com}) or {@code *.example.com} for any subdomain. */
	private List<String> hosts;

	/** Spring PathPattern patterns of the request path, e.g. {@code /assets/**}. */
	private List<String> paths;

	/** File extensions of the path's last segment, without the dot, case-insensitive. */
	private List<String> extensions;

	/** Request methods (GET, HEAD). */
	private List<String> methods;

	/** Ids of the gateway routes the request matched. */
	private List<String> routes;

	/** Request headers: name to regex of a value; an empty regex requires presence only. */
	private Map<String, String> headers;

	/** Request cookies: name to regex of the value; an empty regex requires presence only. */
	private Map<String, String> cookies;

	/** Query parameters: name to regex of a value; an empty regex requires presence only. */
	private Map<String, String> query;

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

	public List<String> getExtensions() {
		return this.extensions;
	}

	public void setExtensions(List<String> extensions) {
		this.extensions = extensions;
	}

	public List<String> getMethods() {
		return this.methods;
	}

	public void setMethods(List<String> methods) {
		this.methods = methods;
	}

	public List<String> getRoutes() {
		return this.routes;
	}

	public void setRoutes(List<String> routes) {
		this.routes = routes;
	}

	public Map<String, String> getHeaders() {
		return this.headers;
	}

	public void setHeaders(Map<String, String> headers) {
		this.headers = headers;
	}

	public Map<String, String> getCookies() {
		return this.cookies;
	}

	public void setCookies(Map<String, String> cookies) {
		this.cookies = cookies;
	}

	public Map<String, String> getQuery() {
		return this.query;
	}

	public void setQuery(Map<String, String> query) {
		this.query = query;
	}

}
