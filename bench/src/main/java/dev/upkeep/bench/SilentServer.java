package dev.upkeep.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A server that accepts TCP connections on a loopback port, reads whatever the client sends, and
 * never answers nor closes: the worst case for a telemetry client (its connect succeeds, its read
 * waits for the full read timeout). Every accepted socket stays referenced (so no finalizer or
 * cleaner closes it) until the process ends, even after the client has gone.
 *
 * <pre>
 * java -cp bench/target/upkeep-bench.jar dev.upkeep.bench.SilentServer [PORT]
 * </pre>
 *
 * prints {@code listening 127.0.0.1:PORT} on stdout once it accepts (PORT 0 or none: any free
 * port), then a line per connection on stderr. Also used in-process by {@link
 * ClientCallerCostBench} for the queue-full path. Thread-safe.
 */
public final class SilentServer implements AutoCloseable {
  private final ServerSocket listener;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong bytesRead = new AtomicLong();
  private final boolean verbose;

  private SilentServer(int port, boolean verbose) throws IOException {
    this.verbose = verbose;
    this.listener = new ServerSocket();
    listener.setReuseAddress(true);
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
    Thread acceptor = new Thread(this::acceptLoop, "silent-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Starts accepting on 127.0.0.1:{@code port} (0: any free port). */
  public static SilentServer start(int port) throws IOException {
    return new SilentServer(port, false);
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** Connections accepted so far. */
  public long accepted() {
    return accepted.get();
  }

  /** Bytes received so far, over every connection. */
  public long bytesRead() {
    return bytesRead.get();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket s = listener.accept();
        sockets.add(s);
        long n = accepted.incrementAndGet();
        if (verbose) {
          System.err.printf("[silent] connection %d from %s%n", n, s.getRemoteSocketAddress());
        }
        Thread reader = new Thread(() -> drain(s), "silent-read-" + n);
        reader.setDaemon(true);
        reader.start();
      } catch (IOException e) {
        if (!listener.isClosed() && verbose) {
          System.err.println("[silent] accept: " + e);
        }
      }
    }
  }

  /** Reads until the client closes its side; never writes, never closes. */
  private void drain(Socket s) {
    byte[] buf = new byte[8192];
    try {
      InputStream in = s.getInputStream();
      int n;
      while ((n = in.read(buf)) > 0) {
        bytesRead.addAndGet(n);
      }
    } catch (IOException e) {
      // The client reset the connection; the socket stays referenced anyway.
    }
  }

  /** Closes the listener and every connection (in-process use only; the program never does). */
  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket s : sockets) {
      s.close();
    }
  }

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    SilentServer server = new SilentServer(port, true);
    System.out.println("listening 127.0.0.1:" + server.port());
    System.out.flush();
    // Runs until killed; the daemon threads do the work.
    Thread.currentThread().join();
  }
}
