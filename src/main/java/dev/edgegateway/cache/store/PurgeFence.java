package dev.edgegateway.cache.store;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps a purge from being undone by a fetch that was under way when it ran: the fetch takes a
 * {@link #stamp()} before it asks the origin, and once its entry is stored the store asks which
 * purges since that stamp name the entry. A purge that does removes it again (a soft one marks it
 * stale), so what a client gets after a purge returns never predates the purge.
 *
 * <p>The store puts the entry first and asks afterwards, and a purge is counted here before it
 * looks for entries: either the purge finds the new entry, or the store finds the purge. The last
 * {@value #REMEMBERED} purges are remembered; a fetch older than all of them is treated as purged.
 */
public final class PurgeFence {

	public static final int REMEMBERED = 1024;

	/** What purges since a stamp did to an entry. */
	public enum Verdict {

		/** None named it. */
		NONE,
		/** Only soft purges named it: it is stale. */
		SOFT,
		/** A purge removed it. */
		HARD

	}

	private final AtomicLong last = new AtomicLong();

	private final PurgeRequest[] recent = new PurgeRequest[REMEMBERED];

	/** The purges counted so far: what a fetch remembers before it goes to the origin. */
	public long stamp() {
		return this.last.get();
	}

	/** Counts a purge; called before the purge looks for the entries it names. */
	public synchronized void purging(PurgeRequest request) {
		long next = this.last.get() + 1;
		this.recent[(int) (next % REMEMBERED)] = request;
		this.last.set(next);
	}

	/** What the purges counted since {@code stamp} did to the entry stored under {@code key}. */
	public Verdict since(long stamp, String key, Set<String> tags) {
		if (this.last.get() == stamp) {
			return Verdict.NONE; // the common case: no purge while the fetch ran, no lock
		}
		synchronized (this) {
			long last = this.last.get();
			if (last - stamp > REMEMBERED) {
				return Verdict.HARD;
			}
			Verdict verdict = Verdict.NONE;
			for (long purge = stamp + 1; purge <= last; purge++) {
				PurgeRequest request = this.recent[(int) (purge % REMEMBERED)];
				if (PurgeIndex.names(request, key, tags)) {
					if (!request.soft()) {
						return Verdict.HARD;
					}
					verdict = Verdict.SOFT;
				}
			}
			return verdict;
		}
	}

}
