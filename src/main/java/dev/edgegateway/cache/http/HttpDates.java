package dev.edgegateway.cache.http;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * HTTP-date parsing and formatting (RFC 9110 §5.6.7): IMF-fixdate, and the obsolete RFC 850 and
 * asctime forms. The day name is not checked against the date (a wrong day name does not make a
 * date invalid), and a two-digit year is the most recent such year not more than 50 years ahead.
 */
public final class HttpDates {

	private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter
		.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter IMF_WITHOUT_DAY = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm:ss 'GMT'",
			Locale.US);

	private static final DateTimeFormatter RFC_850_WITHOUT_DAY = new DateTimeFormatterBuilder().parseCaseInsensitive()
		.appendPattern("d-MMM-")
		.appendValueReduced(ChronoField.YEAR, 2, 2, LocalDate.now(ZoneOffset.UTC).getYear() - 49)
		.appendPattern(" HH:mm:ss 'GMT'")
		.toFormatter(Locale.US);

	private static final DateTimeFormatter ASCTIME_WITHOUT_DAY = DateTimeFormatter.ofPattern("MMM d HH:mm:ss yyyy",
			Locale.US);

	private HttpDates() {
	}

	/** Parses an HTTP-date; {@code null} when absent or invalid. */
	public static Instant parse(String value) {
		if (value == null) {
			return null;
		}
		String text = value.trim().replaceAll("\\s+", " ");
		int comma = text.indexOf(',');
		try {
			if (comma > 0) {
				String rest = text.substring(comma + 1).trim();
				DateTimeFormatter format = rest.indexOf('-') > 0 ? RFC_850_WITHOUT_DAY : IMF_WITHOUT_DAY;
				return LocalDateTime.parse(rest, format).toInstant(ZoneOffset.UTC);
			}
			int space = text.indexOf(' ');
			if (space > 0) {
				return LocalDateTime.parse(text.substring(space + 1), ASCTIME_WITHOUT_DAY).toInstant(ZoneOffset.UTC);
			}
		}
		catch (DateTimeParseException ex) {
			return null;
		}
		return null;
	}

	/** Formats an instant as IMF-fixdate. */
	public static String format(Instant instant) {
		return IMF_FIXDATE.format(instant);
	}

}
