package dev.edgegateway.edge;

/** One entry of {@code edge.edge-rules.redirects}: a redirect rule evaluated in list order. */
public class RedirectRuleProperties {

	/** Rule name, used as the metric tag and in logs. */
	private String name;

	/** Which requests the rule redirects. */
	private When when = new When();

	/** Target URL template: {path} (what ** matched), {name} PathPattern captures, {query}, {host}. */
	private String to;

	/** Redirect status: 301, 302, 303, 307 or 308. */
	private int status = 301;

	/** Whether the request's query string is appended to the target (unless the target uses {query}). */
	private boolean preserveQuery;

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

	public String getTo() {
		return this.to;
	}

	public void setTo(String to) {
		this.to = to;
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
