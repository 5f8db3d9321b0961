package dev.edgegateway.purge;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;

import dev.edgegateway.cache.UrlResolver;
import dev.edgegateway.cache.store.CacheStore;
import dev.edgegateway.cache.store.PurgeRequest;
import dev.edgegateway.cache.store.PurgeResult;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;

/**
 * Carries out validated purge calls on the store: {@code files} become primary keys exactly as the
 * traffic path computes them ({@link UrlResolver}), the other kinds go to the store's indexes as
 * they are. Counts purges by kind and logs each one (who asked is the token holder; what and how
 * much is in the log line).
 */
public class PurgeService {

	private static final Log logger = LogFactory.getLog(PurgeService.class);

	private final CacheStore store;

	private final UrlResolver resolver;

	private final Map<PurgeKind, LongAdder> purges = new EnumMap<>(PurgeKind.class);

	private final LongAdder purgedEntries = new LongAdder();

	public PurgeService(CacheStore store, UrlResolver resolver) {
		this.store = store;
		this.resolver = resolver;
		for (PurgeKind kind : PurgeKind.values()) {
			this.purges.put(kind, new LongAdder());
		}
	}

	/** Purges; emits what the store did, or a 503 {@link PurgeRejection} when the store failed. */
	public Mono<Purged> purge(PurgeCommand command) {
		String id = UUID.randomUUID().toString().replace("-", "");
		return storeRequest(command)
			.flatMap(request -> request.kind() != PurgeRequest.Kind.EVERYTHING && request.values().isEmpty()
					? Mono.just(new PurgeResult(0, 0)) : this.store.purge(request))
			.onErrorMap(error -> !(error instanceof PurgeRejection), error -> {
				logger.warn("Purge " + id + " (" + command.kind().tag() + ") failed: " + error);
				return new PurgeRejection(HttpStatus.SERVICE_UNAVAILABLE, PurgeRejection.STORE_FAILED,
						"the cache store could not carry out the purge: " + error.getMessage());
			})
			.map(result -> {
				this.purges.get(command.kind()).increment();
				this.purgedEntries.add(result.entries());
				logger.info("Purge " + id + ": " + command.kind().tag() + " x" + command.size()
						+ (command.soft() ? " (soft)" : "") + " -> " + result.entries() + " entries, "
						+ result.replicas() + " other replicas acknowledged");
				return new Purged(id, command.soft(), result.entries(), result.replicas());
			});
	}

	private Mono<PurgeRequest> storeRequest(PurgeCommand command) {
		return switch (command.kind()) {
			case FILES -> keys(command.files()).map(keys -> new PurgeRequest(PurgeRequest.Kind.KEYS, keys, command.soft()));
			case PREFIXES -> Mono.just(new PurgeRequest(PurgeRequest.Kind.PREFIXES, command.values(), command.soft()));
			case HOSTS -> Mono.just(new PurgeRequest(PurgeRequest.Kind.HOSTS, command.values(), command.soft()));
			case TAGS -> Mono.just(new PurgeRequest(PurgeRequest.Kind.TAGS, command.values(), command.soft()));
			case EVERYTHING -> Mono.just(new PurgeRequest(PurgeRequest.Kind.EVERYTHING, List.of(), command.soft()));
		};
	}

	/**
	 * The primary keys of the URLs, under both {@code http} and {@code https}: TLS usually ends in
	 * front of the gateway, so the scheme a client used and the one in the key often differ, and
	 * operators purge the URL as users see it. URLs no route serves, or that the cache would not
	 * store, have no key and purge nothing.
	 */
	private Mono<List<String>> keys(List<PurgeCommand.File> files) {
		return Flux.fromIterable(files)
			.concatMap(file -> this.resolver.resolve(file.url(), file.headers()).onErrorResume(error -> {
				logger.warn("Purge could not work out the cache key of " + file.url() + ": " + error);
				return Mono.empty();
			}))
			.mapNotNull(UrlResolver.Resolution::key)
			.concatMapIterable(PurgeService::bothSchemes)
			.distinct()
			.collectList();
	}

	static List<String> bothSchemes(String key) {
		if (key.startsWith("https://")) {
			return List.of(key, "http://" + key.substring("https://".length()));
		}
		if (key.startsWith("http://")) {
			return List.of(key, "https://" + key.substring("http://".length()));
		}
		return List.of(key);
	}

	/** Successful purge calls of a kind so far. */
	public long purgeCount(PurgeKind kind) {
		return this.purges.get(kind).sum();
	}

	/** Entries removed or marked stale by purges so far (this replica's view). */
	public long purgedEntries() {
		return this.purgedEntries.sum();
	}

	/**
	 * What one purge call did.
	 *
	 * @param id the purge id (the envelope's {@code result.id})
	 * @param soft whether entries were marked stale rather than removed
	 * @param entries entries removed or marked stale in this replica's view of the store
	 * @param replicas other replicas that acknowledged the purge
	 */
	public record Purged(String id, boolean soft, long entries, long replicas) {
	}

}
