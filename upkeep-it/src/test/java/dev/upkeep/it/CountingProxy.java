package dev.upkeep.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback listener that counts connections and passes each one through, both ways, to a server
 * on {@code targetPort}: a client pointed at it is seen connecting (or not) and still reaches the
 * real server.
 */
final class CountingProxy implements AutoCloseable {
  final AtomicInteger connections = new AtomicInteger();
  private final ServerSocket socket;

  CountingProxy(int targetPort) throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor =
        new Thread(
            () -> {
              while (!socket.isClosed()) {
                try {
                  Socket client = socket.accept();
                  connections.incrementAndGet();
                  Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                  AtomicInteger open = new AtomicInteger(2);
                  pipe(client, server, open);
                  pipe(server, client, open);
                } catch (IOException e) {
                  return;
                }
              }
            },
            "counting-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return socket.getLocalPort();
  }

  /** Copies until end of stream, then half-closes; the second direction to end closes both. */
  private static void pipe(Socket from, Socket to, AtomicInteger open) {
    Thread t =
        new Thread(
            () -> {
              try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                in.transferTo(out);
                to.shutdownOutput();
              } catch (IOException e) {
                // the other side went away: close both below
              } finally {
                if (open.decrementAndGet() == 0) {
                  closeQuietly(from);
                  closeQuietly(to);
                }
              }
            },
            "counting-proxy-pipe");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // nothing to do
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
