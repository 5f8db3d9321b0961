package dev.edgegateway.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code helm lint --strict} with the real Helm engine. */
class HelmChartLintTests {

	@Test
	void chartPassesStrictLint() {
		LintResult result = new Helm(HelmChart.CHART).lint().strict().call();

		assertThat(result.isFailed()).as("helm lint: %s", result.getMessages()).isFalse();
		assertThat(result.getMessages()).noneMatch(message -> message.contains("[ERROR]")
				|| message.contains("[WARNING]"));
	}

}
