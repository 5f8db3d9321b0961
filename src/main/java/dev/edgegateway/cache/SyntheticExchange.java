package dev.edgegateway.cache;

import java.net.InetSocketAddress;
import java.net.URI;

import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.reactive.AbstractServerHttpRequest;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.adapter.DefaultServerWebExchange;
import org.springframework.web.server.i18n.AcceptHeaderLocaleContextResolver;
import org.springframework.web.server.session.DefaultWebSessionManager;

/**
 * An exchange for a URL that no client sent: lets purge and explain compute the key and policy a
 * real request for the URL would get, without sending anything anywhere.
 */
public final class SyntheticExchange {

	private static final DefaultWebSessionManager SESSIONS = new DefaultWebSessionManager();

	private static final ServerCodecConfigurer CODECS = ServerCodecConfigurer.create();

	private static final AcceptHeaderLocaleContextResolver LOCALES = new AcceptHeaderLocaleContextResolver();

	private SyntheticExchange() {
	}

	/**
	 * An exchange for {@code method uri} with these headers; {@code Host} is taken from the URI
	 * unless the headers name one.
	 */
	public static ServerWebExchange of(HttpMethod method, URI uri, HttpHeaders headers) {
		HttpHeaders copy = new HttpHeaders();
		copy.putAll(headers);
		if (!copy.containsHeader(HttpHeaders.HOST) && uri.getHost() != null) {
			copy.set(HttpHeaders.HOST, uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort());
		}
		return new DefaultServerWebExchange(new Request(method, uri, copy), new DetachedResponse(), SESSIONS, CODECS,
				LOCALES);
	}

	private static final class Request extends AbstractServerHttpRequest {

		Request(HttpMethod method, URI uri, HttpHeaders headers) {
			super(method, uri, null, headers);
		}

		@Override
		protected MultiValueMap<String, HttpCookie> initCookies() {
			MultiValueMap<String, HttpCookie> cookies = new LinkedMultiValueMap<>();
			for (String line : getHeaders().getOrEmpty(HttpHeaders.COOKIE)) {
				for (String pair : line.split(";")) {
					int eq = pair.indexOf('=');
					if (eq > 0) {
						String name = pair.substring(0, eq).trim();
						cookies.add(name, new HttpCookie(name, pair.substring(eq + 1).trim()));
					}
				}
			}
			return cookies;
		}

		@Override
		protected SslInfo initSslInfo() {
			return null;
		}

		@Override
		public <T> T getNativeRequest() {
			throw new IllegalStateException("A synthetic request has no native request");
		}

		@Override
		public InetSocketAddress getRemoteAddress() {
			return null;
		}

		@Override
		public Flux<DataBuffer> getBody() {
			return Flux.empty();
		}

	}

}
