package dev.edgegateway.cache;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.springframework.core.io.buffer.DataBuffer;

/**
 * Copies the bytes of a streaming body into memory the cache owns, without moving the buffers'
 * read positions, so the same buffers go on to the client unchanged. Gives up (and drops what it
 * copied) as soon as the body exceeds the maximum object size: a large body streams through and
 * is never held whole.
 */
final class BodyCapture {

	private final int maxBytes;

	private byte[] bytes;

	private int length;

	private boolean overflowed;

	/**
	 * @param maxBytes largest body kept
	 * @param expectedLength the {@code Content-Length}, or -1 when unknown
	 */
	BodyCapture(int maxBytes, long expectedLength) {
		this.maxBytes = maxBytes;
		int initial = expectedLength >= 0 ? (int) Math.min(expectedLength, maxBytes) : Math.min(8192, maxBytes);
		this.bytes = new byte[initial];
	}

	void append(DataBuffer buffer) {
		if (this.overflowed) {
			return;
		}
		int count = buffer.readableByteCount();
		if ((long) this.length + count > this.maxBytes) {
			this.overflowed = true;
			this.bytes = null;
			return;
		}
		if (this.length + count > this.bytes.length) {
			this.bytes = Arrays.copyOf(this.bytes, (int) Math.min(this.maxBytes,
					Math.max((long) this.length + count, this.bytes.length * 2L)));
		}
		buffer.toByteBuffer(buffer.readPosition(), ByteBuffer.wrap(this.bytes), this.length,
				count);
		this.length += count;
	}

	boolean overflowed() {
		return this.overflowed;
	}

	/** The captured body, trimmed to its length. */
	byte[] body() {
		return this.bytes.length == this.length ? this.bytes : Arrays.copyOf(this.bytes, this.length);
	}

}
