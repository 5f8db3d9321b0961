package dev.edgegateway.demo;

import java.time.Clock;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/** The {@code demo} profile: an embedded origin on loopback that the demo routes point at. */
@Configuration(proxyBeanMethods = false)
@Profile("demo")
public class DemoConfiguration {

	@Bean
	DemoOrigin demoOrigin(@Value("${edge.demo.port:8090}") int port, Clock clock) {
		return new DemoOrigin(port, clock);
	}

}
