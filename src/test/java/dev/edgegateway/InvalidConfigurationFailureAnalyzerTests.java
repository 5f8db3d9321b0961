package dev.edgegateway;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

class InvalidConfigurationFailureAnalyzerTests {

	private final InvalidConfigurationFailureAnalyzer analyzer = new InvalidConfigurationFailureAnalyzer();

	@Test
	void startUpReportIsTheOneLineNamingTheProperty() {
		Throwable failure = new BeanCreationException("edgeCacheProperties",
				new IllegalStateException("Invalid configuration: edge.cache.memory.max-size: must be positive"));
		FailureAnalysis analysis = this.analyzer.analyze(failure);
		assertThat(analysis.getDescription()).isEqualTo("edge.cache.memory.max-size: must be positive");
		assertThat(analysis.getAction()).contains("Correct the property");
	}

	@Test
	void otherFailuresAreLeftToBoot() {
		assertThat(this.analyzer.analyze(new IllegalStateException("something else"))).isNull();
	}

}
