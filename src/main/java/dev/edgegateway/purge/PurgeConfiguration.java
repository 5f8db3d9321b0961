package dev.edgegateway.purge;

import dev.edgegateway.cache.UrlResolver;
import dev.edgegateway.cache.store.CacheStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Wiring of the purge feature in the application context. The HTTP API itself lives only in the
 * management context ({@link PurgeManagementContextConfiguration}), so the traffic port never
 * serves it.
 */
@Configuration(proxyBeanMethods = false)
public class PurgeConfiguration {

	private static final Log logger = LogFactory.getLog(PurgeConfiguration.class);

	@Bean
	PurgeService purgeService(CacheStore store, UrlResolver resolver, PurgeProperties properties,
			Environment environment) {
		if (ManagementPortType.get(environment) != ManagementPortType.DIFFERENT) {
			logger.warn("The purge API is off: it is served only on a separate management port "
					+ "(set management.server.port to a port other than server.port)");
		}
		else if (properties.getToken().isEmpty()) {
			logger.warn("The purge API refuses every call: no token is configured "
					+ "(set edge.purge.token or EDGE_PURGE_TOKEN)");
		}
		return new PurgeService(store, resolver);
	}

}
