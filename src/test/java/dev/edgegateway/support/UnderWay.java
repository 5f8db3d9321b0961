package dev.edgegateway.support;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import dev.edgegateway.support.GatewayClient.Response;
import dev.edgegateway.support.TestOrigin.Reply;
import reactor.core.publisher.Sinks;

import static org.awaitility.Awaitility.await;

/** A request the origin has received and answers only once released: what a test does meanwhile races the fetch. */
public final class UnderWay {

	private final Sinks.Empty<Void> gate;

	private final CompletableFuture<Response> answer;

	private UnderWay(Sinks.Empty<Void> gate, CompletableFuture<Response> answer) {
		this.gate = gate;
		this.answer = answer;
	}

	/** Has {@code origin} hold its {@code reply} for {@code path}, sends {@code request}, and returns once the origin has it. */
	public static UnderWay start(TestOrigin origin, String path, Reply reply, Supplier<Response> request) {
		Sinks.Empty<Void> gate = Sinks.empty();
		origin.on(path, reply.after(gate.asMono()));
		CompletableFuture<Response> answer = CompletableFuture.supplyAsync(request);
		await().atMost(Duration.ofSeconds(10)).until(() -> origin.count(path) == 1);
		return new UnderWay(gate, answer);
	}

	/** Lets the origin answer; returns what the client got. */
	public Response release() {
		this.gate.tryEmitEmpty();
		return this.answer.join();
	}

}
