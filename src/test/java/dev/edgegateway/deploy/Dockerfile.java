package dev.edgegateway.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The repository's Dockerfile read as Docker reads it: comments dropped, backslash continuations
 * joined, one instruction per entry, grouped into build stages. No Docker engine runs on our
 * machines, so the tests check the Dockerfile through this parser and run what it runs.
 */
record Dockerfile(List<Stage> stages) {

	static final Path PATH = Path.of("Dockerfile").toAbsolutePath();

	private static final Pattern LAYER_COPY = Pattern.compile("COPY --from=build /layers/([a-z-]+)/ \\./");

	static Dockerfile read() {
		try {
			return parse(Files.readString(PATH));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Dockerfile parse(String text) {
		List<Stage> stages = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		for (String line : text.lines().toList()) {
			String trimmed = line.strip();
			if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
				continue;
			}
			if (trimmed.startsWith("#")) {
				continue; // a comment inside a continued instruction
			}
			if (trimmed.endsWith("\\")) {
				current.append(trimmed, 0, trimmed.length() - 1).append(' ');
				continue;
			}
			current.append(trimmed);
			String instruction = current.toString().replaceAll("\\s+", " ").strip();
			current.setLength(0);
			if (instruction.startsWith("FROM ")) {
				stages.add(new Stage(instruction, new ArrayList<>()));
			}
			else {
				stages.get(stages.size() - 1).instructions().add(instruction);
			}
		}
		return new Dockerfile(stages);
	}

	Stage runtime() {
		return this.stages.get(this.stages.size() - 1);
	}

	Stage stage(String name) {
		return this.stages.stream()
			.filter(stage -> stage.from().endsWith(" AS " + name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No stage " + name));
	}

	/** The Spring Boot layers the runtime stage copies, in order. */
	List<String> copiedLayers() {
		List<String> layers = new ArrayList<>();
		for (String instruction : runtime().all("COPY")) {
			Matcher matcher = LAYER_COPY.matcher(instruction);
			if (matcher.matches()) {
				layers.add(matcher.group(1));
			}
		}
		return layers;
	}

	/** One build stage: its FROM line and the instructions after it. */
	record Stage(String from, List<String> instructions) {

		List<String> all(String keyword) {
			return this.instructions.stream().filter(i -> i.startsWith(keyword + " ")).toList();
		}

		String one(String keyword) {
			List<String> found = all(keyword);
			if (found.size() != 1) {
				throw new AssertionError("Expected one " + keyword + " but found " + found);
			}
			return found.get(0).substring(keyword.length() + 1);
		}

		/** The exec-form (JSON array) argument list of ENTRYPOINT or of HEALTHCHECK's CMD. */
		List<String> execForm(String keyword) {
			String argument = one(keyword);
			String json = argument.substring(argument.indexOf('['));
			try {
				return new ObjectMapper().readValue(json, new TypeReference<List<String>>() {
				});
			}
			catch (IOException ex) {
				throw new AssertionError(keyword + " is not in exec form: " + argument, ex);
			}
		}

	}

}
