package dev.edgegateway.cache;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed-size, lossy record of the request paths this replica has stored, or found stored,
 * something for: it answers "maybe" or "certainly not", and a path once added is never
 * "certainly not". The HIT fast path asks it first, so a request for a path that never had an
 * entry here (pass-through, DYNAMIC, a first MISS) goes on to the gateway's filter chain without a
 * policy resolution or a store read of its own; the chain reads the store as always, so
 * an entry another replica put in the shared tier is still a HIT, and adds its path here.
 * <p>
 * One bit per hash of the path in 128 KiB, set and never cleared: memory does not grow with the
 * number of paths, a purged or expired path only keeps a "maybe", and when very many paths have
 * been stored most answers become "maybe", which is what the fast path did before it asked.
 */
final class StoredPaths {

	private static final int BITS_LOG2 = 20;

	private final AtomicLongArray bits = new AtomicLongArray((1 << BITS_LOG2) / Long.SIZE);

	/** Notes that something is stored for the path. */
	void add(String path) {
		int bit = bitOf(path);
		long mask = 1L << bit;
		int word = bit >>> 6;
		if ((this.bits.get(word) & mask) == 0) {
			this.bits.getAndAccumulate(word, mask, (current, added) -> current | added);
		}
	}

	/** False only when nothing was ever stored for the path. */
	boolean mayHold(String path) {
		int bit = bitOf(path);
		return (this.bits.get(bit >>> 6) & (1L << bit)) != 0;
	}

	/** The path's bit: its hash spread (Fibonacci hashing), top bits kept. */
	private static int bitOf(String path) {
		return (path.hashCode() * 0x9E3779B9) >>> (Integer.SIZE - BITS_LOG2);
	}

}
