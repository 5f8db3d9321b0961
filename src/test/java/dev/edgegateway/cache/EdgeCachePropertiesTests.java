package dev.edgegateway.cache;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad {@code edge.cache.*} values stop start-up with the property path named. */
class EdgeCachePropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(Config.class);

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "edge.cache.semantics=varnish|edge.cache.semantics",
			"edge.cache.default-ttl-by-status.999=1m|edge.cache.default-ttl-by-status: 999 is not an HTTP status",
			"edge.cache.default-ttl-by-status.200=-1m|edge.cache.default-ttl-by-status.200: must not be negative",
			"edge.cache.memory.max-size=0|edge.cache.memory.max-size: must be positive",
			"edge.cache.memory.max-object-size=lots|edge.cache.memory.max-object-size",
			"edge.cache.status-header=CF Cache|edge.cache.status-header: 'CF Cache' is not a valid header name",
			"edge.cache.collapse.timeout=0s|edge.cache.collapse.timeout: must be positive",
			"edge.cache.store=disk|edge.cache.store" })
	void badValuesNameThePropertyPath(String property, String message) {
		this.runner.withPropertyValues(property).run(context -> {
			assertThat(context).hasFailed();
			assertThat(fullMessage(context.getStartupFailure())).contains(message);
		});
	}

	@Test
	void defaultsAreCloudflares() {
		this.runner.run(context -> {
			EdgeCacheProperties properties = context.getBean(EdgeCacheProperties.class);
			assertThat(properties.getStatusHeader()).isEqualTo("CF-Cache-Status");
			assertThat(properties.getDefaultCacheableExtensions()).contains("css", "js", "woff2").doesNotContain("html");
			assertThat(properties.getDefaultTtlByStatus()).containsEntry(302, java.time.Duration.ofMinutes(20));
		});
	}

	private static String fullMessage(Throwable error) {
		StringBuilder message = new StringBuilder();
		for (Throwable t = error; t != null; t = t.getCause()) {
			message.append(t.getMessage()).append('\n');
		}
		return message.toString();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(EdgeCacheProperties.class)
	static class Config {

	}

}
