package dev.edgegateway.purge;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * Reads a Cloudflare purge body ({@code files}, {@code prefixes}, {@code hosts}, {@code tags} or
 * {@code purge_everything}, plus {@code soft}) strictly: anything it does not understand is a
 * {@link PurgeRejection} with the reason, never a guess and never a 500.
 */
final class PurgeBodyParser {

	static final int MAX_TAG_LENGTH = 1024;

	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	/** A host as clients send it in {@code Host}: a name or an IP literal, optionally with a port. */
	private static final Pattern HOST = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9_.-]+)(:[0-9]{1,5})?");

	/** An HTTP field name (RFC 9110 §5.1 token). */
	private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

	private static final String KINDS = "files, prefixes, hosts, tags or purge_everything";

	private final int maxItems;

	PurgeBodyParser(int maxItems) {
		this.maxItems = maxItems;
	}

	PurgeCommand parse(byte[] body) {
		JsonNode root = readTree(body);
		PurgeKind kind = null;
		JsonNode items = null;
		boolean soft = false;
		for (Map.Entry<String, JsonNode> field : root.properties()) {
			if (field.getKey().equals("soft")) {
				soft = bool(field.getValue(), "'soft' must be true or false");
				continue;
			}
			PurgeKind named = PurgeKind.ofField(field.getKey());
			if (named == null) {
				throw PurgeRejection.badRequest("unknown field '" + field.getKey() + "'; expected " + KINDS
						+ " (and optionally soft)");
			}
			if (kind != null) {
				throw PurgeRejection.badRequest(
						"one purge kind per call, got both '" + kind.field() + "' and '" + named.field() + "'");
			}
			kind = named;
			items = field.getValue();
		}
		if (kind == null) {
			throw PurgeRejection.badRequest("the body must name one of " + KINDS);
		}
		if (kind == PurgeKind.EVERYTHING) {
			if (!bool(items, "'purge_everything' must be true")) {
				throw PurgeRejection.badRequest("'purge_everything' must be true");
			}
			return new PurgeCommand(kind, List.of(), List.of(), soft);
		}
		checkList(kind, items);
		if (kind == PurgeKind.FILES) {
			List<PurgeCommand.File> files = new ArrayList<>();
			for (int i = 0; i < items.size(); i++) {
				files.add(file(items.get(i), "files[" + i + "]"));
			}
			return new PurgeCommand(kind, files, List.of(), soft);
		}
		List<String> values = new ArrayList<>();
		for (int i = 0; i < items.size(); i++) {
			String where = kind.field() + "[" + i + "]";
			String value = string(items.get(i), where).trim();
			values.add(switch (kind) {
				case PREFIXES -> prefix(value, where);
				case HOSTS -> host(value, where);
				default -> tag(value, where);
			});
		}
		return new PurgeCommand(kind, List.of(), values, soft);
	}

	private static JsonNode readTree(byte[] body) {
		if (body == null || body.length == 0) {
			throw PurgeRejection.badRequest("empty body; send a JSON object naming one of " + KINDS);
		}
		JsonNode root;
		try {
			root = JSON.readTree(body);
		}
		catch (JacksonException ex) {
			throw PurgeRejection.badRequest("invalid JSON: " + ex.getOriginalMessage());
		}
		if (root == null || !root.isObject()) {
			throw PurgeRejection.badRequest("the body must be a JSON object naming one of " + KINDS);
		}
		return root;
	}

	private void checkList(PurgeKind kind, JsonNode items) {
		if (!items.isArray()) {
			throw PurgeRejection.badRequest("'" + kind.field() + "' must be an array");
		}
		if (items.isEmpty()) {
			throw PurgeRejection.badRequest("'" + kind.field() + "' must not be empty");
		}
		if (items.size() > this.maxItems) {
			throw new PurgeRejection(HttpStatus.BAD_REQUEST, PurgeRejection.TOO_MANY_ITEMS, "'" + kind.field()
					+ "' names " + items.size() + " items; at most " + this.maxItems + " per call (edge.purge.max-items)");
		}
	}

	private static PurgeCommand.File file(JsonNode item, String where) {
		if (item.isString()) {
			return new PurgeCommand.File(url(item.stringValue(), where), HttpHeaders.EMPTY);
		}
		if (!item.isObject()) {
			throw PurgeRejection.badRequest(where + " must be a URL or an object {\"url\": .., \"headers\": {..}}");
		}
		URI url = null;
		HttpHeaders headers = new HttpHeaders();
		for (Map.Entry<String, JsonNode> field : item.properties()) {
			switch (field.getKey()) {
				case "url" -> url = url(string(field.getValue(), where + ".url"), where + ".url");
				case "headers" -> headers = headers(field.getValue(), where + ".headers");
				default -> throw PurgeRejection.badRequest(
						"unknown field '" + field.getKey() + "' in " + where + "; expected url and headers");
			}
		}
		if (url == null) {
			throw PurgeRejection.badRequest(where + " has no 'url'");
		}
		return new PurgeCommand.File(url, HttpHeaders.readOnlyHttpHeaders(headers));
	}

	private static HttpHeaders headers(JsonNode node, String where) {
		if (!node.isObject()) {
			throw PurgeRejection.badRequest(where + " must be an object of header names to values");
		}
		HttpHeaders headers = new HttpHeaders();
		for (Map.Entry<String, JsonNode> header : node.properties()) {
			if (!HEADER_NAME.matcher(header.getKey()).matches()) {
				throw PurgeRejection.badRequest(where + ": '" + header.getKey() + "' is not a header name");
			}
			headers.add(header.getKey(), string(header.getValue(), where + "." + header.getKey()));
		}
		return headers;
	}

	private static URI url(String text, String where) {
		URI url;
		try {
			url = new URI(text.trim());
		}
		catch (URISyntaxException ex) {
			throw PurgeRejection.badRequest(where + ": not a URL: " + ex.getMessage());
		}
		String scheme = url.getScheme() == null ? null : url.getScheme().toLowerCase(Locale.ROOT);
		if (!("http".equals(scheme) || "https".equals(scheme)) || url.getHost() == null) {
			throw PurgeRejection.badRequest(
					where + ": '" + text + "' is not an absolute http(s) URL with a host, like https://www.example.com/a.css");
		}
		return url;
	}

	private static String prefix(String value, String where) {
		if (value.contains("://")) {
			throw PurgeRejection.badRequest(where + ": a prefix is host/path without a scheme, like www.example.com/assets");
		}
		if (value.contains("?") || value.contains("#")) {
			throw PurgeRejection.badRequest(where + ": a prefix matches whatever the query; leave the query out");
		}
		int slash = value.indexOf('/');
		host(slash < 0 ? value : value.substring(0, slash), where);
		return value;
	}

	private static String host(String value, String where) {
		if (!HOST.matcher(value).matches()) {
			throw PurgeRejection.badRequest(where + ": '" + value + "' is not a host name, like www.example.com");
		}
		return value.toLowerCase(Locale.ROOT);
	}

	private static String tag(String value, String where) {
		if (value.isEmpty() || value.length() > MAX_TAG_LENGTH || value.contains(",")) {
			throw PurgeRejection.badRequest(
					where + ": a tag is 1 to " + MAX_TAG_LENGTH + " characters without commas");
		}
		return value;
	}

	private static String string(JsonNode node, String where) {
		if (!node.isString()) {
			throw PurgeRejection.badRequest(where + " must be a string");
		}
		return node.stringValue();
	}

	private static boolean bool(JsonNode node, String message) {
		if (!node.isBoolean()) {
			throw PurgeRejection.badRequest(message);
		}
		return node.booleanValue();
	}

}
