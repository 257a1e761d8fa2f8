package dev.upkeep.client.internal.enroll;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

/**
 * A loopback port that refuses every connection, for tests of unreachable servers: a client socket
 * bound to it and never connected, so nothing listens there and no other server (in this JVM or
 * another build on the machine) can take the port until {@link #close()}.
 */
final class RefusingPort implements AutoCloseable {
  private final Socket holder = new Socket();

  RefusingPort() throws IOException {
    holder.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
  }

  /** {@code http://127.0.0.1:<port>}. */
  URI uri() {
    return URI.create("http://127.0.0.1:" + holder.getLocalPort());
  }

  @Override
  public void close() throws IOException {
    holder.close();
  }
}
