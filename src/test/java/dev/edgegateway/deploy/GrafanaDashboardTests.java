package dev.edgegateway.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Grafana dashboard shipped with the chart queries only metrics the app exports. */
class GrafanaDashboardTests {

	/** The metric contract: Edge Gateway's meters and Spring Cloud Gateway's request timer. */
	static final Set<String> KNOWN_METRICS = Set.of("edge_cache_requests_total", "edge_cache_response_bytes_total",
			"edge_cache_entries", "edge_cache_size_bytes", "edge_cache_evictions_total", "edge_cache_purges_total",
			"spring_cloud_gateway_requests_seconds_bucket", "spring_cloud_gateway_requests_seconds_sum",
			"spring_cloud_gateway_requests_seconds_count");

	private static final Pattern METRIC = Pattern.compile("\\b((?:edge|spring)_[a-z_]+)\\s*[{\\[(]");

	@Test
	void dashboardFileIsAValidDashboardOverTheKnownMetrics() throws IOException {
		assertValidDashboard(Files.readString(HelmChart.CHART.resolve("dashboards/edge-gateway.json")));
	}

	static void assertValidDashboard(String json) {
		JsonNode dashboard = read(json);
		assertThat(dashboard.path("uid").asText()).isEqualTo("edge-gateway");
		List<String> titles = new ArrayList<>();
		List<String> expressions = new ArrayList<>();
		dashboard.path("panels").forEach(panel -> {
			titles.add(panel.path("title").asText());
			panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText()));
		});
		assertThat(titles).contains("Requests by cache status", "Hit ratio (served from cache)",
				"Purges by kind");
		assertThat(titles).anyMatch(title -> title.contains("latency"));
		assertThat(expressions).isNotEmpty().allSatisfy(expr -> {
			Matcher matcher = METRIC.matcher(expr);
			assertThat(matcher.find()).as("no metric in %s", expr).isTrue();
			do {
				assertThat(KNOWN_METRICS).as("metric in %s", expr).contains(matcher.group(1));
			}
			while (matcher.find());
			assertThat(balanced(expr)).as("balanced brackets in %s", expr).isTrue();
		});
		assertThat(String.join("\n", expressions)).contains("edge_cache_requests_total",
				"spring_cloud_gateway_requests_seconds_bucket", "edge_cache_purges_total");
	}

	private static boolean balanced(String expr) {
		int depth = 0;
		for (char c : expr.toCharArray()) {
			depth += (c == '(' || c == '{' || c == '[') ? 1 : (c == ')' || c == '}' || c == ']') ? -1 : 0;
			if (depth < 0) {
				return false;
			}
		}
		return depth == 0;
	}

	private static JsonNode read(String json) {
		try {
			return new ObjectMapper().readTree(json);
		}
		catch (IOException ex) {
			throw new AssertionError("Dashboard is not JSON", ex);
		}
	}

}
