package dev.edgegateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Edge Gateway: a self-hosted edge cache on Spring Cloud Gateway with Cloudflare cache semantics. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EdgeGatewayApplication {

	public static void main(String[] args) {
		SpringApplication.run(EdgeGatewayApplication.class, args);
	}

}
