package dev.edgegateway.edge;

/**
 * An IPv4 or IPv6 address block in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}); a
 * plain address is a block of one. Parsed once at start-up; {@link #contains(byte[])} is a few
 * byte comparisons.
 */
public final class IpRange {

	private final byte[] network;

	private final int prefix;

	private IpRange(byte[] network, int prefix) {
		this.network = network;
		this.prefix = prefix;
	}

	/** Parses an address or CIDR block; {@code null} when the text is neither. */
	public static IpRange parse(String text) {
		if (text == null) {
			return null;
		}
		String value = text.trim();
		int slash = value.indexOf('/');
		byte[] address = IpAddresses.parse(slash < 0 ? value : value.substring(0, slash));
		if (address == null) {
			return null;
		}
		boolean writtenAsV6 = value.substring(0, slash < 0 ? value.length() : slash).indexOf(':') >= 0;
		int prefix = address.length * 8;
		if (slash >= 0) {
			prefix = parsePrefix(value.substring(slash + 1), writtenAsV6 ? 128 : 32);
			if (address.length == 4 && writtenAsV6) {
				// ::ffff:10.0.0.0/104 counts 128 bits; the IPv4 form of a mapped address is 96 bits shorter.
				prefix -= 96;
			}
			if (prefix < 0) {
				return null;
			}
		}
		return new IpRange(mask(address, prefix), prefix);
	}

	private static int parsePrefix(String text, int maxBits) {
		if (text.isEmpty() || text.length() > 3 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
			return -1_000;
		}
		int prefix = Integer.parseInt(text);
		return prefix <= maxBits ? prefix : -1_000;
	}

	private static byte[] mask(byte[] address, int prefix) {
		byte[] masked = address.clone();
		for (int i = 0; i < masked.length; i++) {
			int bitsInByte = Math.max(0, Math.min(8, prefix - i * 8));
			masked[i] &= (byte) (0xff << (8 - bitsInByte));
		}
		return masked;
	}

	/** Whether the address (4 or 16 bytes, IPv4-mapped normalised to 4) lies in this block. */
	public boolean contains(byte[] address) {
		if (address == null || address.length != this.network.length) {
			return false;
		}
		int fullBytes = this.prefix / 8;
		for (int i = 0; i < fullBytes; i++) {
			if (address[i] != this.network[i]) {
				return false;
			}
		}
		int rest = this.prefix % 8;
		return rest == 0 || (address[fullBytes] & (0xff << (8 - rest)) & 0xff) == (this.network[fullBytes] & 0xff);
	}

	@Override
	public String toString() {
		return IpAddresses.fromBytes(this.network).getHostAddress() + "/" + this.prefix;
	}

}
