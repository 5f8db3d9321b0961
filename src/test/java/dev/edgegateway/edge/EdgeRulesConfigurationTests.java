package dev.edgegateway.edge;

import dev.edgegateway.cache.TrafficPort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import dev.edgegateway.EdgeGatewayApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.web.server.WebFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/** Bad edge-rule configuration stops start-up with a message naming the property path. */
class EdgeRulesConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(Infrastructure.class, EdgeRulesConfiguration.class);

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			waf[2].when.ips[0]=10.0.0.0/33 | edge.edge-rules.waf[2].when.ips[0]: '10.0.0.0/33' is not a valid IP or CIDR
			waf[0].when.not.ips[0]=fe80::1/129 | edge.edge-rules.waf[0].when.not.ips[0]: 'fe80::1/129' is not a valid IP or CIDR
			waf[0].when.user-agents[0]=(unclosed | edge.edge-rules.waf[0].when.user-agents[0]: '(unclosed' is not a valid regular expression
			waf[1].when.headers[X-Token]=[a- | edge.edge-rules.waf[1].when.headers[X-Token]: '[a-' is not a valid regular expression
			waf[0].when.query[q]=*x | edge.edge-rules.waf[0].when.query[q]: '*x' is not a valid regular expression
			waf[0].when.paths[0]=/a/{b | edge.edge-rules.waf[0].when.paths[0]: '/a/{b' is not a valid path pattern
			waf[0].when.paths[0]=admin/** | edge.edge-rules.waf[0].when.paths[0]: 'admin/**' is not a valid path pattern: must start with /
			waf[0].when.countries[0]=USA | edge.edge-rules.waf[0].when.countries: 'USA' is not a two-letter country code
			waf[0].when.methods[0]=GE T | edge.edge-rules.waf[0].when.methods: 'GE T' is not an HTTP method
			waf[0].status=200 | edge.edge-rules.waf[0].status: 200 is not a block status (400-599)
			waf[0].action=rate-limit | edge.edge-rules.waf[0].rate-limit: must be set when the action is rate-limit
			waf[0].name= | edge.edge-rules.waf[0].name: must not be empty
			redirects[0].status=200 | edge.edge-rules.redirects[0].status: 200 is not a redirect status (301, 302, 303, 307 or 308)
			redirects[0].to=https://x.example/{slug} | edge.edge-rules.redirects[0].to: 'https://x.example/{slug}' uses {slug}, which is not a variable of this rule (known: id, path, query, host)
			redirects[0].to=ftp://x.example/ | edge.edge-rules.redirects[0].to: 'ftp://x.example/' is not an absolute http(s) URL or a path starting with /
			redirects[0].to=/a/{*id} | edge.edge-rules.redirects[0].to: '/a/{*id}' has a { or } that is not a variable
			trusted-proxies[1]=proxy.internal | edge.edge-rules.trusted-proxies[1]: 'proxy.internal' is not a valid IP or CIDR
			country-header=Bad Header | edge.edge-rules.country-header: 'Bad Header' is not a valid header name
			""")
	void badValueNamesItsPropertyPath(String property, String message) {
		this.runner.withPropertyValues(valid()).withPropertyValues("edge.edge-rules." + property)
			.run(context -> assertThat(context).getFailure().rootCause()
				.hasMessageStartingWith("Invalid configuration: " + message));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			rate-limit.requests=0 | edge.edge-rules.waf[3].rate-limit.requests: must be positive
			rate-limit.period=0s | edge.edge-rules.waf[3].rate-limit.period: must be positive
			rate-limit.by=cookie | edge.edge-rules.waf[3].rate-limit.by: 'cookie' is not ip or header:<Name>
			rate-limit.max-clients=0 | edge.edge-rules.waf[3].rate-limit.max-clients: must be positive
			""")
	void badRateLimit(String property, String message) {
		this.runner.withPropertyValues(valid())
			.withPropertyValues("edge.edge-rules.waf[3].name=limit", "edge.edge-rules.waf[3].action=rate-limit",
					"edge.edge-rules.waf[3].rate-limit.requests=10", "edge.edge-rules.waf[3]." + property)
			.run(context -> assertThat(context).getFailure().rootCause().hasMessage("Invalid configuration: " + message));
	}

	@Test
	void unreadableBulkListNamesTheFileProperty() {
		assertFailure("redirect-lists[0].file=/does/not/exist.csv",
				"edge.edge-rules.redirect-lists[0].file: '/does/not/exist.csv' cannot be read");
		assertFailure("redirect-lists[0].file=/etc/hostname",
				"edge.edge-rules.redirect-lists[0].file: '/etc/hostname' must end in .csv, .yml or .yaml");
		assertFailure("redirect-lists[0].status=200",
				"edge.edge-rules.redirect-lists[0].status: 200 is not a redirect status");
	}

	@Test
	void badLineOfABulkListNamesTheFileAndLine(@TempDir Path dir) throws IOException {
		Path csv = Files.write(dir.resolve("list.csv"), List.of("/a,https://example.com/a", "/b https://example.com/b"));
		Path yaml = Files.write(dir.resolve("list.yaml"), List.of("/a: https://example.com/a", "b: /x"));
		Path duplicate = Files.write(dir.resolve("dup.csv"), List.of("/a,/x", "/a,/y"));
		assertFailure("redirect-lists[0].file=" + csv, "edge.edge-rules.redirect-lists[0].file: line 2: "
				+ "'/b https://example.com/b' has no target (expected source,target)");
		assertFailure("redirect-lists[0].file=" + yaml, "edge.edge-rules.redirect-lists[0].file: key 'b': "
				+ "'b' is not a path (/old) or host and path (www.example.com/old)");
		assertFailure("redirect-lists[0].file=" + duplicate,
				"edge.edge-rules.redirect-lists[0].file: line 2: '/a' is listed twice");
	}

	@Test
	void validConfigurationStarts() {
		this.runner.withPropertyValues(valid()).run(context -> assertThat(context).hasNotFailed()
			.hasSingleBean(RedirectWebFilter.class).hasSingleBean(WafWebFilter.class)
			.doesNotHaveBean(AlwaysUseHttpsWebFilter.class));
	}

	@Test
	void withoutRulesNoEdgeFilterIsInTheChain() {
		this.runner.run(context -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBeanProvider(WebFilter.class).orderedStream()).isEmpty();
		});
	}

	@Test
	void applicationStartFailsWithThePropertyPath() {
		SpringApplicationBuilder app = new SpringApplicationBuilder(EdgeGatewayApplication.class)
			.properties("server.port=0", "management.server.port=0", "edge.edge-rules.waf[0].name=a", "edge.edge-rules.waf[0].when.ips[0]=10.0.0.0/33");
		assertThatException().isThrownBy(app::run)
			.satisfies(ex -> assertThat(NestedExceptionUtils.getMostSpecificCause(ex)).hasMessage(
					"Invalid configuration: edge.edge-rules.waf[0].when.ips[0]: '10.0.0.0/33' is not a valid IP or CIDR"));
	}

	@Test
	void unknownActionIsABindingErrorOnTheProperty() {
		this.runner.withPropertyValues("edge.edge-rules.waf[0].name=a", "edge.edge-rules.waf[0].action=explode")
			.run(context -> assertThat(context).getFailure().hasStackTraceContaining("edge.edge-rules.waf[0].action"));
	}

	private void assertFailure(String property, String message) {
		this.runner.withPropertyValues("edge.edge-rules.redirect-lists[0].name=list", "edge.edge-rules." + property)
			.run(context -> assertThat(context).getFailure().rootCause()
				.hasMessageStartingWith("Invalid configuration: " + message));
	}

	/** Three valid WAF rules and one redirect, so the bad values above sit at realistic indexes. */
	private static String[] valid() {
		return new String[] { "edge.edge-rules.trusted-proxies[0]=10.0.0.0/8",
				"edge.edge-rules.waf[0].name=zero", "edge.edge-rules.waf[0].when.paths[0]=/zero/**",
				"edge.edge-rules.waf[1].name=one", "edge.edge-rules.waf[2].name=two",
				"edge.edge-rules.redirects[0].name=r", "edge.edge-rules.redirects[0].when.paths[0]=/r/{id}",
				"edge.edge-rules.redirects[0].to=/new/{id}" };
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(EdgeRulesProperties.class)
	static class Infrastructure {

		@Bean
		Clock clock() {
			return Clock.systemUTC();
		}

		@Bean
		TrafficPort trafficPort(org.springframework.context.ApplicationContext context) {
			return new TrafficPort(context);
		}

	}

}
