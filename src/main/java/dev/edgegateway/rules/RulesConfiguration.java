package dev.edgegateway.rules;

import java.util.List;

import dev.edgegateway.cache.CachePolicy;
import dev.edgegateway.cache.EdgeCacheProperties;
import dev.edgegateway.cache.UrlResolver;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring of cache rules: the rules-based {@link CachePolicy}, browser TTL, debug header, explain endpoint. */
@Configuration(proxyBeanMethods = false)
public class RulesConfiguration {

	/** Compiles (and validates) every rule and every route's metadata.edge-cache at start-up. */
	@Bean
	@ConditionalOnMissingBean(CachePolicy.class)
	RulesCachePolicy rulesCachePolicy(EdgeCacheProperties properties, RulesProperties rules,
			ObjectProvider<GatewayProperties> gateway) {
		GatewayProperties routes = gateway.getIfAvailable();
		return new RulesCachePolicy(properties, rules, routes != null ? routes.getRoutes() : List.of());
	}

	@Bean
	BrowserTtlContributor browserTtlContributor() {
		return new BrowserTtlContributor();
	}

	@Bean
	@ConditionalOnProperty(prefix = "edge.cache", name = "debug-header", havingValue = "true")
	DebugHeaderContributor debugHeaderContributor() {
		return new DebugHeaderContributor();
	}

	@Bean
	CacheExplainEndpoint cacheExplainEndpoint(UrlResolver resolver) {
		return new CacheExplainEndpoint(resolver);
	}

}
