package dev.edgegateway.deploy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs after {@code package} (Failsafe, {@code verify} phase) on the jar the build produced: the
 * image's layers are the jar's layers, and the Dockerfile's entrypoint, JVM flags and
 * healthcheck work on them. A container is simulated by merging the extracted layers into one
 * directory, as the runtime stage's COPY instructions do into /app.
 */
class LayeredJarIT {

	private static final Path JAR = Path.of(System.getProperty("edge.jar", "target/edge-gateway-0.1.0-SNAPSHOT.jar"));

	private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

	private final Dockerfile dockerfile = Dockerfile.read();

	private final List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());

	private Process app;

	private Thread outputReader;

	@TempDir
	Path work;

	@AfterEach
	void stopApp() throws Exception {
		// kept for diagnosis: what the app printed, with its timestamps
		Files.write(Path.of("target", "layered-jar-it.log"), List.copyOf(this.output));
		if (this.app != null && this.app.isAlive()) {
			this.app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	@Test
	void dockerfileCopiesTheLayersInTheOrderTheJarListsThem() throws Exception {
		List<String> layers = run(JAVA, "-Djarmode=tools", "-jar", JAR.toString(), "list-layers");

		assertThat(layers).containsExactly("dependencies", "spring-boot-loader", "snapshot-dependencies",
				"application");
		assertThat(this.dockerfile.copiedLayers()).isEqualTo(layers);
	}

	@Test
	void extractedLayersStartWithTheImageEntrypointAndPassTheHealthcheck() throws Exception {
		Path appDir = extractLikeTheImage();
		int trafficPort = freePort();
		int managementPort = freePort();

		List<String> command = new ArrayList<>(this.dockerfile.runtime().execForm("ENTRYPOINT"));
		command.set(0, JAVA);
		ProcessBuilder builder = new ProcessBuilder(command).directory(appDir.toFile()).redirectErrorStream(true);
		// MaxRAM stands in for a 1 GiB container memory limit, which the JVM would read from cgroups
		builder.environment().put("JAVA_TOOL_OPTIONS", javaToolOptions() + " -XX:MaxRAM=1g");
		builder.environment().put("SERVER_PORT", String.valueOf(trafficPort));
		builder.environment().put("MANAGEMENT_SERVER_PORT", String.valueOf(managementPort));
		this.app = builder.start();
		awaitOutput("Started EdgeGatewayApplication");

		assertThat(this.output).anyMatch(line -> line.startsWith("Picked up JAVA_TOOL_OPTIONS: -XX:MaxRAMPercentage"));
		HttpAnswer liveness = get(managementPort, "/actuator/health/liveness");
		assertThat(liveness.statusCode()).isEqualTo(200);
		assertThat(liveness.body()).contains("\"status\":\"UP\"");
		assertThat(get(managementPort, "/actuator/health/readiness").statusCode()).isEqualTo(200);
		assertThat(healthcheck(managementPort)).as("HEALTHCHECK exit code while up").isZero();

		// SIGTERM, as docker stop and the kubelet send (through the handle: Process.destroy()
		// would also close the output pipe before the shutdown is logged)
		assertThat(this.app.toHandle().destroy()).isTrue();
		assertThat(this.app.waitFor(30, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
		this.outputReader.join(10_000); // the last lines may still be in the pipe
		assertThat(String.join("\n", this.output)).as("exit %d", this.app.exitValue())
			.contains("Commencing graceful shutdown");
		assertThat(healthcheck(managementPort)).as("HEALTHCHECK exit code once down").isNotZero();
	}

	/** {@code extract --layers --launcher} as the build stage runs it, then the runtime stage's COPYs. */
	private Path extractLikeTheImage() throws Exception {
		Path layers = this.work.resolve("layers");
		run(JAVA, "-Djarmode=tools", "-jar", JAR.toString(), "extract", "--layers", "--launcher", "--destination",
				layers.toString());
		Path appDir = Files.createDirectories(this.work.resolve("app"));
		for (String layer : this.dockerfile.copiedLayers()) {
			Path source = layers.resolve(layer);
			assertThat(source).as("layer directory the Dockerfile copies").isDirectory();
			copyInto(source, appDir);
		}
		return appDir;
	}

	private String javaToolOptions() {
		String env = this.dockerfile.runtime().one("ENV");
		int start = env.indexOf("JAVA_TOOL_OPTIONS=\"") + "JAVA_TOOL_OPTIONS=\"".length();
		return env.substring(start, env.indexOf('"', start));
	}

	/** Runs the HEALTHCHECK command of the Dockerfile as Docker would, returning its exit code. */
	private int healthcheck(int managementPort) throws Exception {
		ProcessBuilder builder = new ProcessBuilder(this.dockerfile.runtime().execForm("HEALTHCHECK"))
			.redirectErrorStream(true);
		builder.environment().put("MANAGEMENT_SERVER_PORT", String.valueOf(managementPort));
		Process check = builder.start();
		check.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
		assertThat(check.waitFor(10, TimeUnit.SECONDS)).as("healthcheck within its timeout").isTrue();
		return check.exitValue();
	}

	private void awaitOutput(String marker) throws Exception {
		CompletableFuture<Void> started = new CompletableFuture<>();
		Thread reader = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(this.app.getInputStream(), StandardCharsets.UTF_8))) {
				for (String line = lines.readLine(); line != null; line = lines.readLine()) {
					this.output.add(line);
					if (line.contains(marker)) {
						started.complete(null);
					}
				}
				started.completeExceptionally(new AssertionError("App exited before it started"));
			}
			catch (IOException ex) {
				started.completeExceptionally(ex);
			}
		}, "app-output");
		reader.setDaemon(true);
		reader.start();
		this.outputReader = reader;
		try {
			started.get(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new AssertionError("App did not start:\n" + String.join("\n", this.output), ex);
		}
	}

	private static List<String> run(String... command) throws Exception {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(out).isZero();
		return out.lines().filter(line -> !line.isBlank()).toList();
	}

	/**
	 * An HTTP/1.0 GET: the server closes the connection after answering, so no idle keep-alive
	 * connection holds the graceful shutdown up until its timeout.
	 */
	private static HttpAnswer get(int port, String path) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write(("GET " + path + " HTTP/1.0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			int status = Integer.parseInt(response.split(" ", 3)[1]);
			return new HttpAnswer(status, response.substring(response.indexOf("\r\n\r\n") + 4));
		}
	}

	record HttpAnswer(int statusCode, String body) {
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static void copyInto(Path source, Path target) throws IOException {
		try (Stream<Path> files = Files.walk(source)) {
			files.forEach(file -> {
				try {
					Path destination = target.resolve(source.relativize(file).toString());
					if (Files.isDirectory(file)) {
						Files.createDirectories(destination);
					}
					else {
						Files.copy(file, destination, StandardCopyOption.REPLACE_EXISTING);
					}
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
	}

}
