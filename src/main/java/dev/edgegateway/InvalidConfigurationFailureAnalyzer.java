package dev.edgegateway;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an {@code Invalid configuration: <property path>: <problem>} start-up failure into Boot's
 * short "APPLICATION FAILED TO START" report, so an operator reads one line naming the property
 * instead of a stack trace.
 */
public class InvalidConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<IllegalStateException> {

	static final String PREFIX = "Invalid configuration: ";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, IllegalStateException cause) {
		String message = cause.getMessage();
		if (message == null || !message.startsWith(PREFIX)) {
			return null;
		}
		String detail = message.substring(PREFIX.length());
		return new FailureAnalysis(detail, "Correct the property named above in application.yml (or its environment"
				+ " variable) and start again.", cause);
	}

}
