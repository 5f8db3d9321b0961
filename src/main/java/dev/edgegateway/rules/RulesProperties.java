package dev.edgegateway.rules;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The cache-rule settings under {@code edge.cache} (DESIGN.md §3): the ordered rule list and the
 * debug header. Bound next to {@code EdgeCacheProperties} on the same prefix; each class binds
 * only the fields it has. Validated when the rules are compiled, at start-up.
 */
@ConfigurationProperties("edge.cache")
public class RulesProperties {

	/** Cache rules, evaluated in order; the settings of every matching rule stack and a later rule wins. */
	private List<CacheRule> rules = new ArrayList<>();

	/** Whether responses carry an Edge-Cache-Debug header explaining the cache decision. */
	private boolean debugHeader = false;

	public List<CacheRule> getRules() {
		return this.rules;
	}

	public void setRules(List<CacheRule> rules) {
		this.rules = rules;
	}

	public boolean isDebugHeader() {
		return this.debugHeader;
	}

	public void setDebugHeader(boolean debugHeader) {
		this.debugHeader = debugHeader;
	}

}
