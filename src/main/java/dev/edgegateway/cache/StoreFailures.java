package dev.edgegateway.cache;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Counts store failures and logs them at most once per interval, so a failing store (Redis down)
 * degrades to the origin quietly instead of flooding the log.
 */
public class StoreFailures {

	private static final Log logger = LogFactory.getLog(StoreFailures.class);

	private static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

	private final LongAdder count = new LongAdder();

	private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);

	public void record(String operation, Throwable error) {
		this.count.increment();
		long now = System.nanoTime();
		long last = this.lastLogged.get();
		if (now - last >= LOG_INTERVAL_NANOS && this.lastLogged.compareAndSet(last, now)) {
			logger.warn("Cache store " + operation + " failed (serving from the origin instead; "
					+ this.count.sum() + " failures so far): " + error);
		}
	}

	/** Failures so far. */
	public long count() {
		return this.count.sum();
	}

}
