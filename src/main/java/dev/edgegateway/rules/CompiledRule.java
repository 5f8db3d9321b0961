package dev.edgegateway.rules;

/**
 * A rule ready for the request path: its name, its precompiled conditions and its settings.
 * Compared by identity: the policy memoises stacked settings per set of matched rules.
 */
final class CompiledRule {

	private final String name;

	private final RuleMatcher matcher;

	private final RuleSettings settings;

	CompiledRule(String name, RuleMatcher matcher, RuleSettings settings) {
		this.name = name;
		this.matcher = matcher;
		this.settings = settings;
	}

	String name() {
		return this.name;
	}

	RuleMatcher matcher() {
		return this.matcher;
	}

	RuleSettings settings() {
		return this.settings;
	}

}
