package dev.edgegateway.deploy;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What can be checked of the Dockerfile without a Docker engine. {@code LayeredJarIT} (after
 * {@code package}) checks the layer order against the jar and runs the entrypoint and healthcheck.
 */
class DockerfileTests {

	private final Dockerfile dockerfile = Dockerfile.read();

	@Test
	void buildsWithTheMavenWrapperAndExtractsTheLayersWithTheLauncher() {
		Dockerfile.Stage build = this.dockerfile.stage("build");

		assertThat(build.from()).startsWith("FROM eclipse-temurin:17-jdk");
		assertThat(build.all("RUN")).anyMatch(run -> run.contains("./mvnw -B -q dependency:go-offline"));
		assertThat(build.all("RUN")).anyMatch(run -> run.contains("./mvnw -B -q package")
				&& run.contains("java -Djarmode=tools -jar app.jar extract --layers --launcher --destination /layers"));
		// the dependency download is cached apart from the sources: pom.xml is copied before src/
		List<String> copies = build.all("COPY");
		assertThat(copies.indexOf("COPY mvnw pom.xml ./")).isLessThan(copies.indexOf("COPY src/ src/"));
	}

	@Test
	void runsOnASlimJreAsANonRootUser() {
		Dockerfile.Stage runtime = this.dockerfile.runtime();

		assertThat(runtime.from()).matches("FROM eclipse-temurin:17-jre-[a-z]+");
		assertThat(runtime.one("USER")).isEqualTo("10001:10001");
		// the chart's podSecurityContext runs as the same uid/gid
		assertThat(runtime.all("RUN")).singleElement().asString().contains("--uid 10001", "--gid 10001");
		assertThat(runtime.all("COPY")).allMatch(copy -> copy.startsWith("COPY --from=build /layers/"));
	}

	@Test
	void exposesTrafficAndManagementPorts() {
		assertThat(this.dockerfile.runtime().one("EXPOSE")).isEqualTo("8080 8081");
	}

	@Test
	void sizesTheHeapFromTheContainerLimit() {
		String env = this.dockerfile.runtime().one("ENV");

		assertThat(env).contains("-XX:MaxRAMPercentage=75.0", "-XX:+ExitOnOutOfMemoryError",
				"-Djava.io.tmpdir=/tmp");
		assertThat(env).doesNotContain("-Xmx");
	}

	@Test
	void healthcheckAsksTheLivenessGroupOnTheManagementPort() {
		Dockerfile.Stage runtime = this.dockerfile.runtime();

		assertThat(runtime.one("HEALTHCHECK")).startsWith("--interval=15s --timeout=3s --start-period=60s");
		assertThat(runtime.execForm("HEALTHCHECK")).hasSize(3)
			.startsWith("bash", "-c")
			.last()
			.asString()
			.contains("${MANAGEMENT_SERVER_PORT:-8081}", "GET /actuator/health/liveness");
	}

	@Test
	void startsWithTheBootLauncher() {
		assertThat(this.dockerfile.runtime().execForm("ENTRYPOINT")).containsExactly("java",
				"org.springframework.boot.loader.launch.JarLauncher");
	}

	@Test
	void parserJoinsContinuationsAndDropsComments() {
		Dockerfile parsed = Dockerfile.parse("""
				# comment
				FROM a AS build
				RUN one \\
				    # inside
				    && two
				FROM b
				COPY --from=build /layers/x/ ./
				""");

		assertThat(parsed.stage("build").instructions()).containsExactly("RUN one && two");
		assertThat(parsed.copiedLayers()).containsExactly("x");
	}

}
