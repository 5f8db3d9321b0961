package dev.edgegateway.edge;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.http.HttpHeaders;

/**
 * Minimal RFC 7239 {@code Forwarded} reading: the elements in order (one per proxy hop) and a
 * parameter of one element, quotes removed. Tolerant: malformed text yields empty values, never an
 * exception.
 */
final class ForwardedHeader {

	private ForwardedHeader() {
	}

	/** The comma-separated elements of all Forwarded headers, in order (commas inside quotes kept). */
	static List<String> elements(HttpHeaders headers) {
		List<String> values = headers.get("Forwarded");
		List<String> elements = new ArrayList<>();
		if (values == null) {
			return elements;
		}
		for (String value : values) {
			split(value, elements);
		}
		return elements;
	}

	private static void split(String value, List<String> elements) {
		boolean quoted = false;
		int start = 0;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '"') {
				quoted = !quoted;
			}
			else if (c == ',' && !quoted) {
				elements.add(value.substring(start, i).trim());
				start = i + 1;
			}
		}
		elements.add(value.substring(start).trim());
	}

	/** The value of {@code name} (case-insensitive) in one element, unquoted; {@code null} when absent. */
	static String parameter(String element, String name) {
		for (String pair : element.split(";")) {
			int equals = pair.indexOf('=');
			if (equals > 0 && pair.substring(0, equals).trim().toLowerCase(Locale.ROOT).equals(name)) {
				String value = pair.substring(equals + 1).trim();
				if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
					value = value.substring(1, value.length() - 1);
				}
				return value;
			}
		}
		return null;
	}

}
