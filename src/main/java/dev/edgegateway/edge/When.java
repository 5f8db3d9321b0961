package dev.edgegateway.edge;

/**
 * A rule's {@code when} block: {@link Conditions}, plus {@code not}, conditions that must not all
 * match (so {@code not: { ips: [10.0.0.0/8] }} means "client IP outside 10.0.0.0/8").
 */
public class When extends Conditions {

	/** Conditions the request must NOT match (all of them together); null when unused. */
	private Conditions not;

	public Conditions getNot() {
		return this.not;
	}

	public void setNot(Conditions not) {
		this.not = not;
	}

}
