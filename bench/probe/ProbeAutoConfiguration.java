package probe;

import java.util.Arrays;

import io.netty.buffer.Unpooled;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.WebFilter;

/** Ceiling probes: a constant 1 KiB answer to /static/1k.bin from a first WebFilter, or from a Reactor Netty route. */
@AutoConfiguration
public class ProbeAutoConfiguration {

	static final byte[] BODY = new byte[1024];
	static {
		Arrays.fill(BODY, (byte) 'x');
	}

	@Bean
	@ConditionalOnProperty(name = "probe.mode", havingValue = "webfilter")
	WebFilter probeWebFilter() {
		class Probe implements WebFilter, Ordered {
			public Mono<Void> filter(org.springframework.web.server.ServerWebExchange exchange,
					org.springframework.web.server.WebFilterChain chain) {
				if (!exchange.getRequest().getPath().value().equals("/static/1k.bin")) {
					return chain.filter(exchange);
				}
				ServerHttpResponse response = exchange.getResponse();
				response.beforeCommit(() -> {
					response.getHeaders().set("CF-Cache-Status", "HIT");
					return Mono.empty();
				});
				response.getHeaders().set("X-Origin-Req", "probe");
				response.getHeaders().set("Content-Type", "application/octet-stream");
				response.getHeaders().setContentLength(BODY.length);
				return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(BODY)));
			}
			public int getOrder() {
				return Ordered.HIGHEST_PRECEDENCE;
			}
		}
		return new Probe();
	}

	@Bean
	@ConditionalOnProperty(name = "probe.mode", havingValue = "netty")
	NettyRouteProvider probeRoutes() {
		return routes -> routes.get("/static/1k.bin", (request, response) -> response.header("CF-Cache-Status", "HIT")
			.header("X-Origin-Req", "probe")
			.header("Content-Type", "application/octet-stream")
			.header("Content-Length", "1024")
			.sendObject(Unpooled.wrappedBuffer(BODY)));
	}

}
