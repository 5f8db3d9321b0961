package dev.edgegateway.edge;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Strict parsing of IP address literals, never a DNS lookup: dotted-quad IPv4 and RFC 4291 IPv6
 * (with or without brackets, an optional zone id is dropped). IPv4-mapped IPv6 addresses
 * ({@code ::ffff:10.1.2.3}) become the IPv4 address, so one CIDR list matches both forms.
 */
public final class IpAddresses {

	private IpAddresses() {
	}

	/** The address bytes (4 or 16), or {@code null} when the text is not an IP literal. */
	public static byte[] parse(String text) {
		if (text == null) {
			return null;
		}
		String value = text.trim();
		if (value.length() > 2 && value.charAt(0) == '[' && value.charAt(value.length() - 1) == ']') {
			value = value.substring(1, value.length() - 1);
		}
		if (value.isEmpty() || value.length() > 64) {
			return null;
		}
		return value.indexOf(':') >= 0 ? parseV6(value) : parseV4(value);
	}

	/** The address, or {@code null} when the text is not an IP literal. */
	public static InetAddress toInetAddress(String text) {
		byte[] bytes = parse(text);
		return bytes == null ? null : fromBytes(bytes);
	}

	/** An {@link InetAddress} for 4 or 16 address bytes (no lookup). */
	public static InetAddress fromBytes(byte[] bytes) {
		try {
			return InetAddress.getByAddress(bytes);
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException("not an address: " + bytes.length + " bytes", ex);
		}
	}

	/** The bytes of an address, IPv4-mapped IPv6 normalised to IPv4. */
	public static byte[] bytesOf(InetAddress address) {
		return unmap(address.getAddress());
	}

	private static byte[] parseV4(String value) {
		byte[] bytes = new byte[4];
		int part = 0;
		int current = -1;
		for (int i = 0; i <= value.length(); i++) {
			char c = i < value.length() ? value.charAt(i) : '.';
			if (c == '.') {
				if (current < 0 || part > 3) {
					return null;
				}
				bytes[part++] = (byte) current;
				current = -1;
			}
			else if (c >= '0' && c <= '9') {
				current = (current < 0 ? 0 : current * 10) + (c - '0');
				if (current > 255) {
					return null;
				}
			}
			else {
				return null;
			}
		}
		return part == 4 ? bytes : null;
	}

	private static byte[] parseV6(String value) {
		int zone = value.indexOf('%');
		String address = zone >= 0 ? value.substring(0, zone) : value;
		for (int i = 0; i < address.length(); i++) {
			char c = address.charAt(i);
			if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
				return null;
			}
		}
		try {
			// The JDK only parses here: text with ':' is an IPv6 literal or an error, never a host name.
			InetAddress parsed = InetAddress.getByName("[" + address + "]");
			return parsed instanceof Inet6Address || parsed.getAddress().length == 4 ? unmap(parsed.getAddress()) : null;
		}
		catch (UnknownHostException | IllegalArgumentException ex) {
			return null;
		}
	}

	private static byte[] unmap(byte[] bytes) {
		if (bytes.length != 16) {
			return bytes;
		}
		for (int i = 0; i < 10; i++) {
			if (bytes[i] != 0) {
				return bytes;
			}
		}
		if (bytes[10] != (byte) 0xff || bytes[11] != (byte) 0xff) {
			return bytes;
		}
		return new byte[] { bytes[12], bytes[13], bytes[14], bytes[15] };
	}

}
