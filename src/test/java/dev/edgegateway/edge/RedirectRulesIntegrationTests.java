package dev.edgegateway.edge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@TestPropertySource(properties = {
		"edge.edge-rules.redirects[0].name=old-blog",
		"edge.edge-rules.redirects[0].when.paths[0]=/blog/**",
		"edge.edge-rules.redirects[0].to=https://blog.example.com/{path}",
		"edge.edge-rules.redirects[0].preserve-query=true",
		"edge.edge-rules.redirects[1].name=users",
		"edge.edge-rules.redirects[1].when.paths[0]=/u/{id}",
		"edge.edge-rules.redirects[1].when.paths[1]=/users/{id}/profile",
		"edge.edge-rules.redirects[1].to=/profiles/{id}",
		"edge.edge-rules.redirects[1].status=302",
		"edge.edge-rules.redirects[2].name=docs",
		"edge.edge-rules.redirects[2].when.paths[0]=/docs/{*rest}",
		"edge.edge-rules.redirects[2].to=https://docs.example.com{rest}",
		"edge.edge-rules.redirects[2].status=308",
		"edge.edge-rules.redirects[3].name=old-host",
		"edge.edge-rules.redirects[3].when.hosts[0]=old.example.com",
		"edge.edge-rules.redirects[3].when.hosts[1]=*.legacy.example.com",
		"edge.edge-rules.redirects[3].to=https://new.example.com/{path}",
		"edge.edge-rules.redirects[4].name=legacy-search",
		"edge.edge-rules.redirects[4].when.paths[0]=/search",
		"edge.edge-rules.redirects[4].when.query[q]=^legacy:",
		"edge.edge-rules.redirects[4].to=/find?{query}",
		"edge.edge-rules.redirects[4].status=303",
		"edge.edge-rules.redirects[5].name=beta",
		"edge.edge-rules.redirects[5].when.paths[0]=/beta/**",
		"edge.edge-rules.redirects[5].when.headers[X-Beta]=",
		"edge.edge-rules.redirects[5].to=/beta-new/{path}",
		"edge.edge-rules.redirects[5].status=307" })
class RedirectRulesIntegrationTests extends EdgeRulesIntegrationTestSupport {

	static final int ENTRIES = 10_000;

	@TempDir
	static Path files;

	/** All of a list's properties come from here: Boot binds one indexed list from one property source. */
	@DynamicPropertySource
	static void redirectLists(DynamicPropertyRegistry registry) {
		registry.add("edge.edge-rules.redirect-lists[0].name", () -> "migration");
		registry.add("edge.edge-rules.redirect-lists[0].preserve-query", () -> "true");
		registry.add("edge.edge-rules.redirect-lists[1].name", () -> "hosts");
		registry.add("edge.edge-rules.redirect-lists[1].status", () -> "302");
		registry.add("edge.edge-rules.redirect-lists[0].file", () -> write("migration.csv", csv()));
		registry.add("edge.edge-rules.redirect-lists[1].file", () -> write("hosts.yaml", List.of(
				"shop.example.com/old: https://shop.example.com/new",
				"\"/yaml-only\": /from-yaml")));
	}

	private static List<String> csv() {
		List<String> lines = new ArrayList<>(List.of("source,target", "# migrated from the old CMS", ""));
		for (int i = 0; i < ENTRIES; i++) {
			lines.add("/old/page-" + i + ",https://www.example.com/new/page-" + i);
		}
		return lines;
	}

	private static String write(String name, List<String> lines) {
		try {
			return Files.write(files.resolve(name), lines).toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Test
	void pathRuleRedirectsWithWhatTheWildcardMatchedAndKeepsTheQuery() {
		DoubleSupplier redirects = counted("old-blog", "redirect");
		expectEdgeAnswer(this.client.get().uri("/blog/2024/05/post?ref=x&y=1").exchange(), 301)
			.expectHeader().valueEquals("Location", "https://blog.example.com/2024/05/post?ref=x&y=1");
		assertThat(redirects.getAsDouble()).isEqualTo(1);
		assertOriginUntouched();
	}

	@Test
	void capturedSegmentVariableFromAnyOfThePatterns() {
		expectEdgeAnswer(this.client.get().uri("/u/42?ignored=1").exchange(), 302)
			.expectHeader().valueEquals("Location", "/profiles/42");
		expectEdgeAnswer(this.client.get().uri("/users/ada/profile").exchange(), 302)
			.expectHeader().valueEquals("Location", "/profiles/ada");
		assertOriginUntouched();
	}

	@Test
	void captureOfTheRestOfThePathKeepsItsSlash() {
		expectEdgeAnswer(this.client.post().uri("/docs/guide/install").exchange(), 308)
			.expectHeader().valueEquals("Location", "https://docs.example.com/guide/install");
		assertOriginUntouched();
	}

	@Test
	void hostRuleMatchesExactAndWildcardHostsCaseInsensitively() {
		expectEdgeAnswer(this.client.get().uri("/a/b").header("Host", "OLD.example.com:8443").exchange(), 301)
			.expectHeader().valueEquals("Location", "https://new.example.com/a/b");
		expectEdgeAnswer(this.client.get().uri("/c").header("Host", "www.legacy.example.com").exchange(), 301)
			.expectHeader().valueEquals("Location", "https://new.example.com/c");
		expectFromOrigin(this.client.get().uri("/c").header("Host", "legacy.example.com.evil.test").exchange(), "/c");
	}

	@Test
	void queryConditionAndQueryVariable() {
		expectEdgeAnswer(this.client.get().uri("/search?q=legacy:cats&page=2").exchange(), 303)
			.expectHeader().valueEquals("Location", "/find?q=legacy:cats&page=2");
		expectFromOrigin(this.client.get().uri("/search?q=cats").exchange(), "/search?q=cats");
	}

	@Test
	void headerPresenceCondition() {
		expectEdgeAnswer(this.client.get().uri("/beta/x").header("X-Beta", "1").exchange(), 307)
			.expectHeader().valueEquals("Location", "/beta-new/x");
		expectFromOrigin(this.client.get().uri("/beta/x").exchange(), "/beta/x");
	}

	@Test
	void bulkListOfTenThousandEntriesAnswersExactMatches() {
		DoubleSupplier redirects = counted("migration", "redirect");
		for (int i : new int[] { 0, 4_999, ENTRIES - 1 }) {
			expectEdgeAnswer(this.client.get().uri("/old/page-" + i).exchange(), 301)
				.expectHeader().valueEquals("Location", "https://www.example.com/new/page-" + i);
		}
		expectEdgeAnswer(this.client.get().uri("/old/page-7?utm=a").exchange(), 301)
			.expectHeader().valueEquals("Location", "https://www.example.com/new/page-7?utm=a");
		assertThat(redirects.getAsDouble()).isEqualTo(4);
		assertOriginUntouched();
		expectFromOrigin(this.client.get().uri("/old/page-" + ENTRIES).exchange(), "/old/page-" + ENTRIES);
		expectFromOrigin(this.client.get().uri("/old/page-1/").exchange(), "/old/page-1/");
	}

	@Test
	void yamlListMatchesHostAndPathOrPathAlone() {
		expectEdgeAnswer(this.client.get().uri("/old?x=1").header("Host", "shop.example.com").exchange(), 302)
			.expectHeader().valueEquals("Location", "https://shop.example.com/new");
		expectEdgeAnswer(this.client.get().uri("/yaml-only").exchange(), 302)
			.expectHeader().valueEquals("Location", "/from-yaml");
		assertOriginUntouched();
		expectFromOrigin(this.client.get().uri("/old").header("Host", "other.example.com").exchange(), "/old");
	}

	@Test
	void redirectRulesAlsoAnswerRequestsThatMatchNoRoute() {
		expectEdgeAnswer(this.client.delete().uri("/blog/x").exchange(), 301);
		this.client.delete().uri("/elsewhere").exchange().expectStatus().isNotFound()
			.expectHeader().valueEquals(STATUS_HEADER, "NONE/UNKNOWN");
		assertOriginUntouched();
	}

	@Test
	void oddHostsAndPathsNeverFail() {
		expectFromOrigin(this.client.get().uri("/plain").header("Host", "[2001:db8::1]:8080").exchange(), "/plain");
		this.client.get().uri("/plain").header("Host", "::1").exchange().expectStatus().value(s -> assertThat(s).isLessThan(500));
		assertThat(rawRequest("GET /blog/%E2%82%AC/x?q=a%20b HTTP/1.1\r\nHost: a\r\n"))
			.startsWith("HTTP/1.1 301").contains("Location: https://blog.example.com/%E2%82%AC/x?q=a%20b");
		assertThat(rawRequest("GET /blog/%zz HTTP/1.1\r\nHost: a\r\n")).doesNotStartWith("HTTP/1.1 5");
		assertThat(rawRequest("GET /search?q=%zz&q=legacy:%zz HTTP/1.1\r\nHost: a\r\n")).doesNotStartWith("HTTP/1.1 5");
		assertThat(rawRequest("GET /u/%zz HTTP/1.1\r\nHost: [::1\r\n")).doesNotStartWith("HTTP/1.1 5");
	}

}
