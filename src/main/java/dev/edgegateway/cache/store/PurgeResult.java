package dev.edgegateway.cache.store;

/**
 * What a purge did.
 *
 * @param entries entries removed (or marked stale) in this replica's view of the store
 * @param replicas other replicas that acknowledged the purge (0 for a single in-process store)
 */
public record PurgeResult(long entries, long replicas) {
}
