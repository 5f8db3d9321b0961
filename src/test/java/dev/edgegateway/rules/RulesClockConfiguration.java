package dev.edgegateway.rules;

import dev.edgegateway.support.MutableClock;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Replaces the cache's clock with one the rules tests move by hand. */
@TestConfiguration(proxyBeanMethods = false)
class RulesClockConfiguration {

	@Bean
	@Primary
	MutableClock mutableClock() {
		return new MutableClock();
	}

}
