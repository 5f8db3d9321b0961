package dev.edgegateway.cache;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring of the cache feature. */
@Configuration(proxyBeanMethods = false)
public class CacheConfiguration {

	/** The clock every freshness and age computation reads; tests replace it with a movable one. */
	@Bean
	Clock edgeClock() {
		return Clock.systemUTC();
	}

	@Bean
	CacheHeaders cacheHeaders(EdgeCacheProperties properties) {
		return new CacheHeaders(properties.getStatusHeader(), properties.isCacheStatusHeader(),
				properties.getCacheName());
	}

	@Bean
	CacheOutcomeWebFilter cacheOutcomeWebFilter(CacheHeaders headers, ObjectProvider<CacheOutcomeListener> listeners) {
		return new CacheOutcomeWebFilter(headers, listeners.orderedStream().toList());
	}

}
