package dev.edgegateway.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** NOTES.txt, as {@code helm install --dry-run} prints it, tells how to reach and purge this release. */
class HelmChartNotesTests {

	@Test
	void notesShowThePurgeCallAgainstTheManagementService() {
		String output = dryRunInstall(new Helm(HelmChart.CHART).install().withValuesFile(HelmChart.ALL_FEATURES));

		assertThat(output).contains("https://static.example.com/", "https://www.example.com/")
			.contains("kubectl -n web get secret edge-edge-gateway -o jsonpath='{.data.purge-token}' | base64 -d")
			.contains("curl -X POST http://edge-edge-gateway-management.web.svc:8081/cache/purge")
			.contains("Authorization: Bearer $TOKEN")
			.contains("ServiceMonitor edge-edge-gateway");
	}

	@Test
	void notesWarnWhenNothingIsConfigured() {
		String output = dryRunInstall(new Helm(HelmChart.CHART).install());

		assertThat(output).contains("port-forward svc/edge-edge-gateway 8080:80")
			.contains("no routes are configured")
			.contains("The purge API refuses every call: no token is set");
	}

	private static String dryRunInstall(InstallCommand install) {
		return install.withName(HelmChart.RELEASE).withNamespace(HelmChart.NAMESPACE).dryRun().clientOnly().call()
			.getOutput();
	}

}
