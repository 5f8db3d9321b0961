package dev.edgegateway.purge;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The {@code edge.purge.*} settings of the purge API (management port only). */
@ConfigurationProperties("edge.purge")
public class PurgeProperties implements InitializingBean {

	/**
	 * Bearer token purge calls must present (env {@code EDGE_PURGE_TOKEN}); while it is empty the
	 * purge API refuses every call.
	 */
	private String token = "";

	/** Most files, prefixes, hosts or tags one purge call may name; more is a 400. */
	private int maxItems = 500;

	public String getToken() {
		return this.token;
	}

	public void setToken(String token) {
		this.token = token;
	}

	public int getMaxItems() {
		return this.maxItems;
	}

	public void setMaxItems(int maxItems) {
		this.maxItems = maxItems;
	}

	@Override
	public void afterPropertiesSet() {
		if (this.maxItems < 1) {
			throw new IllegalStateException("edge.purge.max-items must be at least 1, was " + this.maxItems);
		}
	}

}
