package dev.edgegateway.purge;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * The Cloudflare API envelope every purge answer is wrapped in:
 * {@code {"success":..,"errors":[{"code":..,"message":..}],"messages":[],"result":{"id":..}}}.
 * {@code result} also carries what this gateway did: {@code entries} (removed or marked stale),
 * {@code replicas} (other replicas that acknowledged) and {@code soft}.
 */
final class PurgeEnvelope {

	private static final JsonMapper JSON = JsonMapper.shared();

	private PurgeEnvelope() {
	}

	static byte[] success(PurgeService.Purged purged) {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("id", purged.id());
		result.put("entries", purged.entries());
		result.put("replicas", purged.replicas());
		result.put("soft", purged.soft());
		return write(true, List.of(), result);
	}

	static byte[] failure(PurgeRejection rejection) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("code", rejection.code());
		error.put("message", rejection.getMessage());
		return write(false, List.of(error), null);
	}

	private static byte[] write(boolean success, List<Map<String, Object>> errors, Map<String, Object> result) {
		Map<String, Object> envelope = new LinkedHashMap<>();
		envelope.put("success", success);
		envelope.put("errors", errors);
		envelope.put("messages", List.of());
		envelope.put("result", result);
		return JSON.writeValueAsBytes(envelope);
	}

}
