package dev.edgegateway.edge;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The {@code edge.edge-rule.actions} counter (Prometheus {@code edge_edge_rule_actions_total}),
 * tagged {@code rule} and {@code action}: one increment per edge-rule answer, and per {@code log}
 * or {@code skip} match. Counters of configured rules are registered at start-up, so they show
 * from zero.
 */
public class EdgeRuleMetrics {

	/** Meter name. */
	public static final String ACTIONS = "edge.edge-rule.actions";

	private final MeterRegistry registry;

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	public EdgeRuleMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	/** Registers the counter (at zero) ahead of the first increment. */
	public void register(String rule, String action) {
		counter(rule, action);
	}

	/** Counts one action of a rule. */
	public void increment(String rule, String action) {
		counter(rule, action).increment();
	}

	private Counter counter(String rule, String action) {
		return this.counters.computeIfAbsent(rule + '\u0000' + action, key -> Counter.builder(ACTIONS)
				.description("Requests answered (or matched, for log and skip) by an edge rule")
				.tag("rule", rule).tag("action", action).register(this.registry));
	}

}
