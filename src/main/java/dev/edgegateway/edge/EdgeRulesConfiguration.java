package dev.edgegateway.edge;

import dev.edgegateway.cache.TrafficPort;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wiring of the edge rules: compiles {@code edge.edge-rules} once at start-up (a bad value stops
 * start-up naming its property path) into the three WebFilters that answer before the cache.
 * A filter with no rules to apply is not registered at all (its bean method returns null, which
 * Spring keeps as an empty bean): every WebFilter costs each request a step of Spring's filter chain.
 */
@Configuration(proxyBeanMethods = false)
public class EdgeRulesConfiguration {

	private static final Log logger = LogFactory.getLog(EdgeRulesConfiguration.class);

	private static final String PREFIX = "edge.edge-rules";

	/** Resolves the client IP through {@code trusted-proxies}; shared with the access log. */
	@Bean
	ClientIpResolver clientIpResolver(EdgeRulesProperties properties) {
		List<IpRange> trusted = new ArrayList<>();
		List<String> proxies = properties.getTrustedProxies();
		for (int i = 0; i < proxies.size(); i++) {
			trusted.add(ConfigChecks.ipRange(proxies.get(i), PREFIX + ".trusted-proxies[" + i + "]"));
		}
		return new ClientIpResolver(trusted);
	}

	@Bean
	EdgeRuleMetrics edgeRuleMetrics(ObjectProvider<MeterRegistry> registry) {
		return new EdgeRuleMetrics(registry.getIfAvailable(SimpleMeterRegistry::new));
	}


	@Bean
	EdgeAnswers edgeAnswers(EdgeRuleMetrics metrics) {
		return new EdgeAnswers(metrics);
	}

	@Bean
	@ConditionalOnBooleanProperty(PREFIX + ".always-use-https")
	AlwaysUseHttpsWebFilter alwaysUseHttpsWebFilter(TrafficPort trafficPort, ClientIpResolver clientIps,
			EdgeAnswers answers, EdgeRuleMetrics metrics) {
		metrics.register(AlwaysUseHttpsWebFilter.RULE, "redirect");
		return new AlwaysUseHttpsWebFilter(trafficPort, clientIps, answers);
	}

	@Bean
	RedirectWebFilter redirectWebFilter(EdgeRulesProperties properties, TrafficPort trafficPort,
			ClientIpResolver clientIps, EdgeAnswers answers, EdgeRuleMetrics metrics) {
		String countryHeader = countryHeader(properties);
		List<RedirectWebFilter.RedirectRule> rules = new ArrayList<>();
		for (int i = 0; i < properties.getRedirects().size(); i++) {
			rules.add(RedirectWebFilter.RedirectRule.compile(properties.getRedirects().get(i),
					PREFIX + ".redirects[" + i + "]", countryHeader));
		}
		List<RedirectList> lists = new ArrayList<>();
		for (int i = 0; i < properties.getRedirectLists().size(); i++) {
			RedirectList list = RedirectList.load(properties.getRedirectLists().get(i),
					PREFIX + ".redirect-lists[" + i + "]");
			logger.info("Loaded redirect list '" + list.name() + "' with " + list.size() + " entries");
			lists.add(list);
		}
		if (rules.isEmpty() && lists.isEmpty()) {
			return null; // validated, nothing to apply
		}
		rules.forEach(rule -> metrics.register(rule.name(), "redirect"));
		lists.forEach(list -> metrics.register(list.name(), "redirect"));
		return new RedirectWebFilter(trafficPort, rules, lists, clientIps, answers);
	}

	@Bean
	WafWebFilter wafWebFilter(EdgeRulesProperties properties, TrafficPort trafficPort, ClientIpResolver clientIps,
			EdgeAnswers answers, EdgeRuleMetrics metrics, Clock clock) {
		String countryHeader = countryHeader(properties);
		List<WafRule> rules = new ArrayList<>();
		for (int i = 0; i < properties.getWaf().size(); i++) {
			rules.add(WafRule.compile(properties.getWaf().get(i), PREFIX + ".waf[" + i + "]", countryHeader, clock));
		}
		if (rules.isEmpty()) {
			return null; // validated, nothing to apply
		}
		rules.forEach(rule -> metrics.register(rule.name(), rule.action().tag()));
		return new WafWebFilter(trafficPort, rules, clientIps, answers);
	}

	private static String countryHeader(EdgeRulesProperties properties) {
		String header = ConfigChecks.requireText(properties.getCountryHeader(), PREFIX + ".country-header");
		ConfigChecks.require(ConfigChecks.isToken(header), PREFIX + ".country-header",
				"'" + header + "' is not a valid header name");
		return header;
	}

}
