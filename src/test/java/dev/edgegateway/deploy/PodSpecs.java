package dev.edgegateway.deploy;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.yaml.snakeyaml.Yaml;

/** Reads what a pod of the rendered chart would see: its container, ports, env and config. */
final class PodSpecs {

	private PodSpecs() {
	}

	static Container container(HelmChart.Rendered rendered) {
		return rendered.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
	}

	/** Resolves a named container port (as probes and Services use them) to its number. */
	static int containerPort(HelmChart.Rendered rendered, IntOrString port) {
		if (port.getIntVal() != null) {
			return port.getIntVal();
		}
		return container(rendered).getPorts()
			.stream()
			.filter(p -> port.getStrVal().equals(p.getName()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No container port named " + port.getStrVal()))
			.getContainerPort();
	}

	/** The application.yml of the ConfigMap that the Deployment mounts at /config. */
	static String applicationYaml(HelmChart.Rendered rendered) {
		String name = rendered.one(Deployment.class)
			.getSpec()
			.getTemplate()
			.getSpec()
			.getVolumes()
			.stream()
			.filter(volume -> volume.getConfigMap() != null)
			.findFirst()
			.orElseThrow()
			.getConfigMap()
			.getName();
		return rendered.named(ConfigMap.class, name).getData().get("application.yml");
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> applicationConfig(HelmChart.Rendered rendered) {
		return (Map<String, Object>) new Yaml().load(applicationYaml(rendered));
	}

	/** Looks a dotted path up in a YAML tree (keys may themselves hold dots only at the leaf). */
	@SuppressWarnings("unchecked")
	static Object at(Map<String, Object> tree, String path) {
		Object node = tree;
		for (String key : path.split("\\.")) {
			if (!(node instanceof Map<?, ?> map) || !map.containsKey(key)) {
				return null;
			}
			node = ((Map<String, Object>) map).get(key);
		}
		return node;
	}

	/**
	 * The container's environment as the kubelet would build it: plain values as they are,
	 * secretKeyRef values decoded from the Secrets the chart rendered.
	 */
	static Map<String, String> environment(HelmChart.Rendered rendered) {
		Map<String, String> env = new LinkedHashMap<>();
		for (EnvVar var : container(rendered).getEnv()) {
			if (var.getValueFrom() == null) {
				env.put(var.getName(), var.getValue());
				continue;
			}
			var ref = var.getValueFrom().getSecretKeyRef();
			Secret secret = rendered.named(Secret.class, ref.getName());
			String encoded = secret.getData().get(ref.getKey());
			if (encoded == null) {
				throw new AssertionError("Secret " + ref.getName() + " has no key " + ref.getKey());
			}
			env.put(var.getName(), new String(Base64.getDecoder().decode(encoded)));
		}
		return env;
	}

}
