package dev.edgegateway.cache.store.redis;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import static dev.edgegateway.cache.EdgeCacheProperties.require;

/** The {@code edge.cache.tiered.*} settings: the per-replica L1 in front of Redis ({@code store: tiered}). */
@ConfigurationProperties("edge.cache.tiered")
public class TieredStoreProperties implements InitializingBean {

	/** Upper bound of each replica's in-process L1 in bytes. */
	private DataSize l1MaxSize = DataSize.ofMegabytes(64);

	@Override
	public void afterPropertiesSet() {
		require(this.l1MaxSize.toBytes() > 0, "edge.cache.tiered.l1-max-size", "must be positive");
	}

	public DataSize getL1MaxSize() {
		return this.l1MaxSize;
	}

	public void setL1MaxSize(DataSize l1MaxSize) {
		this.l1MaxSize = l1MaxSize;
	}

}
