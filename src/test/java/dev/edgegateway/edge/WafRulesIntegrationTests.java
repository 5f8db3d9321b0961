package dev.edgegateway.edge;

import dev.edgegateway.support.MutableClock;

import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** WAF rules with the test client NOT a trusted proxy: its forwarding headers are ignored. */
@Import(WafRulesIntegrationTests.Clocks.class)
@TestPropertySource(properties = {
		"edge.edge-rules.trusted-proxies[0]=10.0.0.0/8",
		"edge.edge-rules.country-header=X-Country",
		"edge.edge-rules.waf[0].name=allow-health",
		"edge.edge-rules.waf[0].action=skip",
		"edge.edge-rules.waf[0].when.paths[0]=/secure/health",
		"edge.edge-rules.waf[1].name=block-secure",
		"edge.edge-rules.waf[1].when.paths[0]=/secure/**",
		"edge.edge-rules.waf[2].name=log-curl",
		"edge.edge-rules.waf[2].action=log",
		"edge.edge-rules.waf[2].when.user-agents[0]=(?i)^curl/",
		"edge.edge-rules.waf[3].name=block-scanners",
		"edge.edge-rules.waf[3].when.user-agents[0]=(?i)sqlmap",
		"edge.edge-rules.waf[3].when.user-agents[1]=nikto",
		"edge.edge-rules.waf[4].name=block-admin",
		"edge.edge-rules.waf[4].when.paths[0]=/admin/**",
		"edge.edge-rules.waf[4].when.not.ips[0]=10.0.0.0/8",
		"edge.edge-rules.waf[5].name=block-local",
		"edge.edge-rules.waf[5].when.paths[0]=/ip-blocked/**",
		"edge.edge-rules.waf[5].when.ips[0]=2001:db8::/32",
		"edge.edge-rules.waf[5].when.ips[1]=127.0.0.1/32",
		"edge.edge-rules.waf[6].name=no-delete",
		"edge.edge-rules.waf[6].when.paths[0]=/no-delete/**",
		"edge.edge-rules.waf[6].when.methods[0]=delete",
		"edge.edge-rules.waf[6].when.methods[1]=PUT",
		"edge.edge-rules.waf[6].status=405",
		"edge.edge-rules.waf[7].name=xss",
		"edge.edge-rules.waf[7].when.headers[X-Comment]=(?i)<script",
		"edge.edge-rules.waf[8].name=debug-param",
		"edge.edge-rules.waf[8].when.paths[0]=/api/**",
		"edge.edge-rules.waf[8].when.query[debug]=",
		"edge.edge-rules.waf[9].name=sanctions",
		"edge.edge-rules.waf[9].when.countries[0]=KP",
		"edge.edge-rules.waf[9].status=451",
		"edge.edge-rules.waf[10].name=internal-host",
		"edge.edge-rules.waf[10].when.hosts[0]=*.internal.test",
		"edge.edge-rules.waf[11].name=api-limit",
		"edge.edge-rules.waf[11].action=rate-limit",
		"edge.edge-rules.waf[11].when.paths[0]=/limited/**",
		"edge.edge-rules.waf[11].rate-limit.requests=3",
		"edge.edge-rules.waf[11].rate-limit.period=1m",
		"edge.edge-rules.waf[12].name=key-limit",
		"edge.edge-rules.waf[12].action=rate-limit",
		"edge.edge-rules.waf[12].when.paths[0]=/keyed/**",
		"edge.edge-rules.waf[12].rate-limit.requests=1",
		"edge.edge-rules.waf[12].rate-limit.period=10s",
		"edge.edge-rules.waf[12].rate-limit.by=header:X-Api-Key",
		"edge.edge-rules.waf[13].name=need-token",
		"edge.edge-rules.waf[13].when.paths[0]=/need-token/**",
		"edge.edge-rules.waf[13].when.not.headers[X-Token]=" })
class WafRulesIntegrationTests extends EdgeRulesIntegrationTestSupport {

	@Autowired
	MutableClock clock;

	@Test
	void blockAnswersWithAnHtmlPageCarryingARequestIdAndNeverReachesTheOrigin() {
		DoubleSupplier blocks = counted("block-admin", "block");
		String page = expectEdgeAnswer(this.client.get().uri("/admin/users").accept(MediaType.TEXT_HTML).exchange(), 403)
			.expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectHeader().valueEquals("Cache-Control", "private, no-store")
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(page).contains("Forbidden").containsPattern("Request id: <code>[0-9a-f]{16}</code>")
			.doesNotContain("block-admin");
		assertThat(blocks.getAsDouble()).isEqualTo(1);
		assertOriginUntouched();
	}

	@Test
	void blockPageIsJsonWhenTheClientPrefersJson() {
		expectEdgeAnswer(this.client.get().uri("/admin").accept(MediaType.APPLICATION_JSON).exchange(), 403)
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody()
			.jsonPath("$.status").isEqualTo(403)
			.jsonPath("$.request_id").value(id -> assertThat((String) id).matches("[0-9a-f]{16}"));
		expectEdgeAnswer(this.client.get().uri("/admin").header("Accept", "text/html;q=0.5, application/json").exchange(), 403)
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON);
		expectEdgeAnswer(this.client.get().uri("/admin").header("Accept", "*/*").exchange(), 403)
			.expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML);
		expectEdgeAnswer(this.client.get().uri("/admin").header("Accept", "not a media type;;").exchange(), 403)
			.expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML);
		assertOriginUntouched();
	}

	@Test
	void forwardedForFromAnUntrustedConnectionIsIgnored() {
		expectEdgeAnswer(this.client.get().uri("/admin/x").header("X-Forwarded-For", "10.1.2.3").exchange(), 403);
		expectEdgeAnswer(this.client.get().uri("/ip-blocked/x").header("X-Forwarded-For", "198.51.100.1").exchange(), 403);
		assertOriginUntouched();
	}

	@Test
	void skipAllowsAndStopsTheRemainingRules() {
		DoubleSupplier skips = counted("allow-health", "skip");
		expectFromOrigin(this.client.get().uri("/secure/health").exchange(), "/secure/health");
		expectEdgeAnswer(this.client.get().uri("/secure/keys").exchange(), 403);
		assertThat(skips.getAsDouble()).isEqualTo(1);
		assertThat(origin.requests()).isEqualTo(1);
	}

	@Test
	void logAllowsCountsAndGoesOnToTheNextRules() {
		DoubleSupplier logs = counted("log-curl", "log");
		expectFromOrigin(this.client.get().uri("/logged").header("User-Agent", "curl/8.5").exchange(), "/logged");
		assertThat(logs.getAsDouble()).isEqualTo(1);
		expectEdgeAnswer(this.client.get().uri("/admin").header("User-Agent", "curl/8.5").exchange(), 403);
		assertThat(logs.getAsDouble()).isEqualTo(2);
	}

	@Test
	void userAgentRegexes() {
		expectEdgeAnswer(this.client.get().uri("/ua").header("User-Agent", "Mozilla/5.0 SQLMap/1.7").exchange(), 403);
		expectEdgeAnswer(this.client.get().uri("/ua").header("User-Agent", "nikto").exchange(), 403);
		expectFromOrigin(this.client.get().uri("/ua").header("User-Agent", "Nikto-lookalike").exchange(), "/ua");
	}

	@Test
	void clientIpCondition() {
		DoubleSupplier blocks = counted("block-local", "block");
		expectEdgeAnswer(this.client.get().uri("/ip-blocked/a").exchange(), 403);
		assertThat(blocks.getAsDouble()).isEqualTo(1);
		assertOriginUntouched();
	}

	@Test
	void methodConditionWithItsOwnStatusAlsoCoversRequestsThatMatchNoRoute() {
		expectEdgeAnswer(this.client.delete().uri("/no-delete/1").exchange(), 405);
		expectEdgeAnswer(this.client.put().uri("/no-delete/1").exchange(), 405);
		expectEdgeAnswer(this.client.delete().uri("/admin/1").exchange(), 403);
		assertOriginUntouched();
		expectFromOrigin(this.client.get().uri("/no-delete/1").exchange(), "/no-delete/1");
	}

	@Test
	void headerRegexAndHeaderAbsence() {
		expectEdgeAnswer(this.client.get().uri("/c").header("X-Comment", "hi <SCRIPT>alert(1)").exchange(), 403);
		expectFromOrigin(this.client.get().uri("/c").header("X-Comment", "hi").exchange(), "/c");
		expectEdgeAnswer(this.client.get().uri("/need-token/a").exchange(), 403);
		expectFromOrigin(this.client.get().uri("/need-token/a").header("X-Token", "t").exchange(), "/need-token/a");
	}

	@Test
	void queryParameterPresence() {
		expectEdgeAnswer(this.client.get().uri("/api/items?debug").exchange(), 403);
		expectEdgeAnswer(this.client.get().uri("/api/items?a=1&debug=true").exchange(), 403);
		expectFromOrigin(this.client.get().uri("/api/items?debugging=1").exchange(), "/api/items?debugging=1");
	}

	@Test
	void countryFromTheConfiguredHeader() {
		expectEdgeAnswer(this.client.get().uri("/geo").header("X-Country", "kp").exchange(), 451);
		expectFromOrigin(this.client.get().uri("/geo").header("X-Country", "CH").exchange(), "/geo");
		expectFromOrigin(this.client.get().uri("/geo").header("CF-IPCountry", "KP").exchange(), "/geo");
	}

	@Test
	void hostWildcard() {
		expectEdgeAnswer(this.client.get().uri("/h").header("Host", "db.internal.test:8080").exchange(), 403);
		expectFromOrigin(this.client.get().uri("/h").header("Host", "internal.test").exchange(), "/h");
	}

	@Test
	void headRequestsGetTheBlockStatusWithoutABody() {
		expectEdgeAnswer(this.client.head().uri("/admin").exchange(), 403).expectBody().isEmpty();
	}

	@Test
	void rateLimitAllowsTheLimitThenAnswers429WithRetryAfterUntilTheWindowEnds() {
		DoubleSupplier limited = counted("api-limit", "rate-limit");
		for (int i = 0; i < 3; i++) {
			expectFromOrigin(this.client.get().uri("/limited/r").exchange(), "/limited/r");
		}
		expectEdgeAnswer(this.client.get().uri("/limited/r").exchange(), 429)
			.expectHeader().valueEquals("Retry-After", "50");
		this.clock.advance(Duration.ofSeconds(30));
		expectEdgeAnswer(this.client.get().uri("/limited/other").exchange(), 429)
			.expectHeader().valueEquals("Retry-After", "20");
		assertThat(origin.requests()).isEqualTo(3);
		assertThat(limited.getAsDouble()).isEqualTo(2);
		this.clock.advance(Duration.ofSeconds(20));
		expectFromOrigin(this.client.get().uri("/limited/r").exchange(), "/limited/r");
	}

	@Test
	void rateLimitByHeaderCountsEachKeyApart() {
		expectFromOrigin(this.client.get().uri("/keyed/a").header("X-Api-Key", "k1").exchange(), "/keyed/a");
		expectFromOrigin(this.client.get().uri("/keyed/a").header("X-Api-Key", "k2").exchange(), "/keyed/a");
		expectEdgeAnswer(this.client.get().uri("/keyed/a").header("X-Api-Key", "k1").exchange(), 429)
			.expectHeader().exists("Retry-After");
		this.clock.advance(Duration.ofSeconds(10));
		expectFromOrigin(this.client.get().uri("/keyed/a").header("X-Api-Key", "k1").exchange(), "/keyed/a");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Clocks {

		/** Starts 10 seconds into a minute, so a 1m window has 50 seconds left. */
		@Bean
		@Primary
		MutableClock movableClock() {
			return new MutableClock(Instant.parse("2026-01-01T00:00:10Z"));
		}

	}

}
