package dev.edgegateway.cache.store.redis;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports below the kernel's ephemeral range (32768+ on Linux) for servers the tests stop and
 * start again: a port from that range, left free while Redis is down, can be taken as the source
 * port of a reconnection attempt (even a TCP self-connect to it), and Redis could not come back on it.
 */
final class FreePorts {

	private FreePorts() {
	}

	static int belowEphemeralRange() throws IOException {
		for (int attempt = 0; attempt < 200; attempt++) {
			int port = ThreadLocalRandom.current().nextInt(20_000, 32_000);
			try (ServerSocket socket = new ServerSocket()) {
				socket.bind(new InetSocketAddress("127.0.0.1", port));
				return port;
			}
			catch (IOException ex) {
				// taken, try another
			}
		}
		throw new IOException("no free port below 32000");
	}

}
