package dev.edgegateway.edge;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class RedirectTemplateTests {

	private static final List<PathPattern> PATTERNS = List.of(PathPatternParser.defaultInstance.parse("/a/{id}/**"),
			PathPatternParser.defaultInstance.parse("/b/{id}/{slug}"));

	@Test
	void expandsVariablesAndEncodesCaptures() {
		RedirectTemplate template = RedirectTemplate.parse("https://{host}/x/{id}/{path}?{query}", PATTERNS, "p");
		RequestMatcher.PathMatch match = new RequestMatcher.PathMatch(Map.of("id", "a b/ü"), "rest/of");
		assertThat(template.expand(match, "example.com", "q=1", true))
			.isEqualTo("https://example.com/x/a%20b/%C3%BC/rest/of?q=1");
	}

	@Test
	void preserveQueryAppendsUnlessTheTemplateUsesQuery() {
		RequestMatcher.PathMatch match = new RequestMatcher.PathMatch(Map.of(), "p");
		assertThat(RedirectTemplate.parse("/n/{path}", List.of(), "p").expand(match, "h", "a=1", true))
			.isEqualTo("/n/p?a=1");
		assertThat(RedirectTemplate.parse("/n/{path}?src=old", List.of(), "p").expand(match, "h", "a=1", true))
			.isEqualTo("/n/p?src=old&a=1");
		assertThat(RedirectTemplate.parse("/n/{path}", List.of(), "p").expand(match, "h", "a=1", false))
			.isEqualTo("/n/p");
		assertThat(RedirectTemplate.parse("/n/{path}", List.of(), "p").expand(match, "h", null, true))
			.isEqualTo("/n/p");
	}

	@Test
	void captureMustExistInEveryPattern() {
		assertThatIllegalStateException().isThrownBy(() -> RedirectTemplate.parse("/{slug}", PATTERNS, "edge.x.to"))
			.withMessageStartingWith("Invalid configuration: edge.x.to: '/{slug}' uses {slug}");
		assertThatIllegalStateException().isThrownBy(() -> RedirectTemplate.parse("/{id}", List.of(), "edge.x.to"))
			.withMessageContaining("uses {id}");
	}

	@Test
	void targetMustBeAnHttpUrlOrAnAbsolutePath() {
		for (String bad : new String[] { "javascript:alert(1)", "//evil.example/", "relative/path", "https://", "" }) {
			assertThatIllegalStateException().as(bad).isThrownBy(() -> RedirectTemplate.parse(bad, List.of(), "t"));
		}
	}

}
