package dev.edgegateway.cache.store.redis;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.edgegateway.cache.store.CachedResponse;

import org.springframework.http.HttpHeaders;

/**
 * The binary form of a {@link CachedResponse} in Redis. The first byte is the format version, so a
 * rolling upgrade never misreads an entry written by another version: an unknown version (or bytes
 * that do not parse) is an {@link UnreadableEntryException}, which the store treats as a miss.
 *
 * <p>Version 1: version byte, flags byte (stale forbidden, revalidate always, has variant id), key,
 * status, the seven timing longs, expiresAt, headers (name, values), tags, vary, variant id, body.
 * Strings and byte arrays are length-prefixed (int) UTF-8.
 */
public final class EntryCodec {

	/** The format this code writes. */
	public static final byte VERSION = 1;

	private static final int STALE_FORBIDDEN = 1;

	private static final int REVALIDATE_ALWAYS = 2;

	private static final int HAS_VARIANT = 4;

	private EntryCodec() {
	}

	/** The entry as bytes of the current format ({@link CachedResponse#sharedTierFill()} is not kept). */
	public static byte[] encode(CachedResponse entry) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(entry.body().length + 512);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(VERSION);
			int flags = (entry.staleForbidden() ? STALE_FORBIDDEN : 0)
					| (entry.revalidateAlways() ? REVALIDATE_ALWAYS : 0) | (entry.variantId() != null ? HAS_VARIANT : 0);
			out.writeByte(flags);
			writeString(out, entry.key());
			out.writeShort(entry.status());
			out.writeLong(entry.requestTime());
			out.writeLong(entry.responseTime());
			out.writeLong(entry.dateMillis());
			out.writeLong(entry.ageValue());
			out.writeLong(entry.lifetime());
			out.writeLong(entry.staleWhileRevalidate());
			out.writeLong(entry.staleIfError());
			out.writeLong(entry.expiresAt());
			Set<Map.Entry<String, List<String>>> headers = entry.headers().headerSet();
			out.writeInt(headers.size());
			for (Map.Entry<String, List<String>> header : headers) {
				writeString(out, header.getKey());
				writeStrings(out, header.getValue());
			}
			writeStrings(out, entry.tags());
			writeStrings(out, entry.vary());
			if (entry.variantId() != null) {
				writeString(out, entry.variantId());
			}
			out.writeInt(entry.body().length);
			out.write(entry.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/** The entry the bytes hold; throws {@link UnreadableEntryException} for another version or garbage. */
	public static CachedResponse decode(byte[] data) {
		if (data.length == 0 || data[0] != VERSION) {
			throw new UnreadableEntryException(
					data.length == 0 ? "empty value" : "unknown entry format version " + data[0],
					data.length > 0 && data[0] > VERSION);
		}
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, 1, data.length - 1))) {
			int flags = in.readUnsignedByte();
			String key = readString(in);
			int status = in.readUnsignedShort();
			long requestTime = in.readLong();
			long responseTime = in.readLong();
			long dateMillis = in.readLong();
			long ageValue = in.readLong();
			long lifetime = in.readLong();
			long swr = in.readLong();
			long sie = in.readLong();
			long expiresAt = in.readLong();
			HttpHeaders headers = new HttpHeaders();
			int headerCount = checkedLength(in.readInt(), in.available());
			for (int i = 0; i < headerCount; i++) {
				String name = readString(in);
				headers.addAll(name, readStrings(in));
			}
			Set<String> tags = Set.copyOf(new LinkedHashSet<>(readStrings(in)));
			List<String> vary = List.copyOf(readStrings(in));
			String variantId = (flags & HAS_VARIANT) != 0 ? readString(in) : null;
			byte[] body = new byte[checkedLength(in.readInt(), in.available())];
			in.readFully(body);
			if (in.available() != 0) {
				throw new UnreadableEntryException("trailing bytes after the body");
			}
			return new CachedResponse(key, status, headers, body, requestTime,
					responseTime, dateMillis, ageValue, lifetime, swr, sie, (flags & STALE_FORBIDDEN) != 0,
					(flags & REVALIDATE_ALWAYS) != 0, tags, vary, variantId, expiresAt, false);
		}
		catch (IOException | RuntimeException ex) {
			if (ex instanceof UnreadableEntryException unreadable) {
				throw unreadable;
			}
			throw new UnreadableEntryException("malformed entry: " + ex);
		}
	}

	private static void writeString(DataOutputStream out, String value) throws IOException {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		out.writeInt(bytes.length);
		out.write(bytes);
	}

	private static void writeStrings(DataOutputStream out, java.util.Collection<String> values) throws IOException {
		out.writeInt(values.size());
		for (String value : values) {
			writeString(out, value);
		}
	}

	private static String readString(DataInputStream in) throws IOException {
		byte[] bytes = new byte[checkedLength(in.readInt(), in.available())];
		in.readFully(bytes);
		return new String(bytes, StandardCharsets.UTF_8);
	}

	private static List<String> readStrings(DataInputStream in) throws IOException {
		int count = checkedLength(in.readInt(), in.available());
		List<String> values = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			values.add(readString(in));
		}
		return values;
	}

	/** A length read from the bytes, refused when more than the bytes left (garbage must not allocate gigabytes). */
	private static int checkedLength(int length, int limit) {
		if (length < 0 || length > limit) {
			throw new UnreadableEntryException("impossible length " + length);
		}
		return length;
	}

	/** The bytes are not an entry this version can read. */
	public static final class UnreadableEntryException extends RuntimeException {

		private final boolean newer;

		UnreadableEntryException(String message) {
			this(message, false);
		}

		UnreadableEntryException(String message, boolean newer) {
			super(message, null, false, false);
			this.newer = newer;
		}

		/** Whether the bytes are of a newer format than this version writes (left alone during a rolling upgrade). */
		public boolean isNewer() {
			return this.newer;
		}

	}

}
