package dev.edgegateway.cache.store.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of Redis, so a test can cut one gateway off from Redis (its connections are
 * closed and new ones refused) and restore it, while other gateways keep talking to Redis.
 */
final class TcpProxy implements AutoCloseable {

	private final String targetHost;

	private final int targetPort;

	private final int port;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private volatile ServerSocket server;

	TcpProxy(String targetHost, int targetPort) throws IOException {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		this.server = bind(FreePorts.belowEphemeralRange());
		this.port = this.server.getLocalPort();
		accept(this.server);
	}

	int port() {
		return this.port;
	}

	/** Closes every proxied connection and refuses new ones. */
	synchronized void cut() throws IOException {
		this.server.close();
		for (Socket socket : this.sockets) {
			socket.close();
		}
		this.sockets.clear();
	}

	/** Accepts connections again. */
	synchronized void restore() throws IOException {
		if (this.server.isClosed()) {
			this.server = bind(this.port);
			accept(this.server);
		}
	}

	private static ServerSocket bind(int port) throws IOException {
		ServerSocket socket = new ServerSocket();
		socket.setReuseAddress(true);
		socket.bind(new InetSocketAddress("127.0.0.1", port));
		return socket;
	}

	private void accept(ServerSocket listening) {
		daemon(() -> {
			while (!listening.isClosed()) {
				try {
					Socket client = listening.accept();
					this.sockets.add(client);
					try {
						Socket upstream = new Socket(this.targetHost, this.targetPort);
						this.sockets.add(upstream);
						daemon(() -> pipe(client, upstream));
						daemon(() -> pipe(upstream, client));
					}
					catch (IOException ex) {
						client.close();
					}
				}
				catch (IOException ex) {
					// closed by cut()
				}
			}
		});
	}

	private void pipe(Socket from, Socket to) {
		byte[] buffer = new byte[16384];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			int read;
			while ((read = in.read(buffer)) >= 0) {
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException ex) {
			// one side went away
		}
		finally {
			close(from);
			close(to);
		}
	}

	private static void close(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	private static void daemon(Runnable task) {
		Thread thread = new Thread(task, "redis-test-proxy");
		thread.setDaemon(true);
		thread.start();
	}

	@Override
	public void close() throws IOException {
		cut();
	}

}
