package dev.edgegateway.cache.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** HTTP-date parsing and formatting (RFC 9110 §5.6.7): IMF-fixdate, and the obsolete RFC 850 and asctime forms. */
public final class HttpDates {

	private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter
		.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter RFC_850 = DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'",
			Locale.US);

	private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.US);

	private HttpDates() {
	}

	/** Parses an HTTP-date; {@code null} when absent or invalid. */
	public static Instant parse(String value) {
		if (value == null) {
			return null;
		}
		String text = value.trim();
		if (text.isEmpty()) {
			return null;
		}
		try {
			return ZonedDateTime.parse(text, IMF_FIXDATE).toInstant();
		}
		catch (DateTimeParseException ex) {
			// fall through to the obsolete formats
		}
		try {
			ZonedDateTime parsed = java.time.LocalDateTime.parse(text, RFC_850).atZone(ZoneOffset.UTC);
			// RFC 9110: a two-digit year more than 50 years in the future is in the past century
			if (parsed.getYear() > ZonedDateTime.now(ZoneOffset.UTC).getYear() + 50) {
				parsed = parsed.minusYears(100);
			}
			return parsed.toInstant();
		}
		catch (DateTimeParseException ex) {
			// fall through
		}
		try {
			return java.time.LocalDateTime.parse(text.replaceAll("\\s+", " "), ASCTIME).toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/** Formats an instant as IMF-fixdate. */
	public static String format(Instant instant) {
		return IMF_FIXDATE.format(instant);
	}

}
