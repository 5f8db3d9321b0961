package dev.edgegateway.observe;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The {@code edge.access-log.*} settings. */
@ConfigurationProperties("edge.access-log")
public class AccessLogProperties {

	/** Whether every traffic-port request is logged as a JSON line to the {@code edge.access} logger. */
	private boolean enabled = false;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
