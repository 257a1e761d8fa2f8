package dev.upkeep.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy on an ephemeral port of 127.0.0.1 that forwards HTTP/1.1 to a collector, reads just
 * enough of each exchange to count the body bytes of blob transfers, and cuts one transfer of a
 * chosen blob after exactly N body bytes, as a dropped network does.
 *
 * <ul>
 *   <li>An upload cut ({@link #cutUpload}): the first N bytes of the body of the next {@code PUT
 *       /v1/blobs/{sha256}} reach the collector, then it sees the end of the stream (FIN) and the
 *       client's connection is closed. The collector's answer is read and dropped; {@link
 *       #awaitSettled} waits until the collector closed that connection, i.e. handled the cut.
 *   <li>A download cut ({@link #cutDownload}): the client gets the head and the first N bytes of
 *       the body of the next {@code GET /v1/blobs/{sha256}}, then the end of the stream.
 *   <li>An upload stall ({@link #stallUpload}): after N body bytes the proxy reads nothing more
 *       from the client and sends it nothing, its connection held open until the proxy closes.
 * </ul>
 *
 * Request bodies must have a {@code Content-Length} (no chunked uploads: the clients under test
 * send fixed lengths); answers are parsed only for blob GETs, which always carry one. Thread-safe;
 * two threads per connection, daemons.
 */
public final class CuttingProxy implements AutoCloseable {
  private static final int BUFFER = 1 << 16;

  private final int target;
  private final ServerSocket listener;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicReference<Cut> uploadCut = new AtomicReference<>();
  private final AtomicReference<Cut> downloadCut = new AtomicReference<>();
  private final AtomicLong uploaded = new AtomicLong();
  private final AtomicLong downloaded = new AtomicLong();
  private final AtomicInteger cuts = new AtomicInteger();
  private final Set<CountDownLatch> unsettled = ConcurrentHashMap.newKeySet();

  /** Counted down when the proxy closes: stalled connections wait for it. */
  private final CountDownLatch closing = new CountDownLatch(1);

  /**
   * A cut armed for the next transfer of {@code blob}, after {@code bytes} body bytes; a stall
   * holds the connection open instead.
   */
  private record Cut(String blob, long bytes, boolean stall) {}

  private CuttingProxy(int target) throws IOException {
    this.target = target;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::accept, "cutting-proxy-accept");
    accept.setDaemon(true);
    accept.start();
  }

  /** A proxy to the collector listening on 127.0.0.1:{@code port}. */
  public static CuttingProxy to(int port) throws IOException {
    return new CuttingProxy(port);
  }

  /** {@code http://127.0.0.1:PORT/}, the proxy's address. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/");
  }

  /** Cuts the next upload of {@code blob} (64 hex digits) after {@code bytes} body bytes. */
  public void cutUpload(String blob, long bytes) {
    uploadCut.set(new Cut(blob, bytes, false));
  }

  /**
   * Stalls the next upload of {@code blob} after {@code bytes} body bytes, as a network that goes
   * silent does: the proxy stops reading from the client and holds its connection open, whatever
   * the collector does, until the proxy is closed.
   */
  public void stallUpload(String blob, long bytes) {
    uploadCut.set(new Cut(blob, bytes, true));
  }

  /** Cuts the next download of {@code blob} after {@code bytes} body bytes. */
  public void cutDownload(String blob, long bytes) {
    downloadCut.set(new Cut(blob, bytes, false));
  }

  /** Body bytes of blob uploads forwarded to the collector since the last {@link #reset}. */
  public long uploaded() {
    return uploaded.get();
  }

  /** Body bytes of blob downloads forwarded to the client since the last {@link #reset}. */
  public long downloaded() {
    return downloaded.get();
  }

  /** How many transfers were cut or stalled so far. */
  public int cuts() {
    return cuts.get();
  }

  /** Sets {@link #uploaded} and {@link #downloaded} to 0. */
  public void reset() {
    uploaded.set(0);
    downloaded.set(0);
  }

  /**
   * Waits until the collector closed every connection whose upload was cut or stalled (it then
   * handled the cut and stopped writing to the upload).
   *
   * @throws AssertionError when that takes longer than {@code millis}
   */
  public void awaitSettled(long millis) throws InterruptedException {
    for (CountDownLatch closed : unsettled) {
      if (!closed.await(millis, TimeUnit.MILLISECONDS)) {
        throw new AssertionError(
            "the collector did not close a cut upload within " + millis + " ms");
      }
      unsettled.remove(closed);
    }
  }

  @Override
  public void close() throws IOException {
    closing.countDown();
    listener.close();
    for (Socket s : open) {
      closeQuietly(s);
    }
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket();
        server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), 5_000);
        // a stuck exchange ends the proxy's threads, never the test's
        server.setSoTimeout(60_000);
        client.setSoTimeout(60_000);
        open.add(client);
        open.add(server);
        Exchange exchange = new Exchange(client, server);
        start(exchange::upstream, "cutting-proxy-up");
        start(exchange::downstream, "cutting-proxy-down");
      } catch (IOException e) {
        // closed, or the collector is gone: the client sees its connection fail
      }
    }
  }

  private static void start(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
  }

  /** One client connection and its connection to the collector. */
  private final class Exchange {
    private final Socket client;
    private final Socket server;

    /** A blob answer the client asked for, set before its request reaches the collector. */
    private final AtomicReference<Download> expected = new AtomicReference<>();

    /** Counted down when the collector closed its side (or the proxy did). */
    private final CountDownLatch serverClosed = new CountDownLatch(1);

    private volatile boolean uploadCutDone;
    private volatile boolean stalled;

    Exchange(Socket client, Socket server) {
      this.client = client;
      this.server = server;
    }

    /** What to do with the answer to a blob GET: count its body, maybe cut it. */
    private final class Download {
      final long cutAt;
      final Head head = new Head();
      long left = -1;
      long sent;

      Download(long cutAt) {
        this.cutAt = cutAt;
      }
    }

    /** Client to collector: forwards, parses request heads, counts and cuts upload bodies. */
    void upstream() {
      try (InputStream in = client.getInputStream()) {
        OutputStream out = server.getOutputStream();
        byte[] buffer = new byte[BUFFER];
        Head head = new Head();
        long bodyLeft = 0;
        boolean counted = false;
        long cutAt = -1;
        boolean stall = false;
        for (int n; (n = in.read(buffer)) > 0; ) {
          int i = 0;
          while (i < n) {
            if (bodyLeft == 0) {
              int start = i;
              while (i < n && !head.done()) {
                head.add(buffer[i++]);
              }
              if (head.done()) {
                String method = head.method();
                String blob = head.blob();
                bodyLeft = head.contentLength();
                counted = blob != null && method.equals("PUT");
                Cut cut = counted ? take(uploadCut, blob) : null;
                cutAt = cut == null ? -1 : cut.bytes();
                stall = cut != null && cut.stall();
                if (blob != null && method.equals("GET")) {
                  Cut asked = take(downloadCut, blob);
                  expected.set(new Download(asked == null ? -1 : asked.bytes()));
                }
                head = new Head();
              }
              out.write(buffer, start, i - start);
              if (cutAt == 0) {
                cutUpload(out, stall);
                return;
              }
            } else {
              int take = (int) Math.min(n - i, bodyLeft);
              if (cutAt >= 0) {
                take = (int) Math.min(take, cutAt);
              }
              out.write(buffer, i, take);
              i += take;
              bodyLeft -= take;
              if (counted) {
                uploaded.addAndGet(take);
              }
              if (cutAt > 0) {
                cutAt -= take;
                if (cutAt == 0) {
                  cutUpload(out, stall);
                  return;
                }
              }
            }
          }
          out.flush();
        }
        server.shutdownOutput();
      } catch (IOException e) {
        closeBoth();
      }
    }

    private void cutUpload(OutputStream out, boolean stall) throws IOException {
      out.flush();
      cuts.incrementAndGet();
      if (stall) {
        stalled = true;
        unsettled.add(serverClosed);
        try {
          closing.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        closeBoth();
        return;
      }
      uploadCutDone = true;
      unsettled.add(serverClosed);
      // the collector sees every byte forwarded, then the end of the stream
      server.shutdownOutput();
      closeQuietly(client);
    }

    /** Collector to client: forwards, counts and cuts the bodies of blob answers. */
    void downstream() {
      try (InputStream in = server.getInputStream()) {
        OutputStream out = client.getOutputStream();
        byte[] buffer = new byte[BUFFER];
        Download d = null;
        for (int n; (n = in.read(buffer)) > 0; ) {
          if (uploadCutDone || stalled) {
            // the collector's answer to a cut or stalled upload: nobody reads it
            continue;
          }
          if (d == null) {
            d = expected.getAndSet(null);
          }
          if (d == null) {
            out.write(buffer, 0, n);
            out.flush();
            continue;
          }
          int i = 0;
          if (d.left < 0) {
            while (i < n && !d.head.done()) {
              d.head.add(buffer[i++]);
            }
            if (d.head.done()) {
              d.left = d.head.contentLength();
            }
          }
          out.write(buffer, 0, i);
          if (d.left >= 0) {
            int take = (int) Math.min(n - i, d.left);
            if (d.cutAt >= 0) {
              take = (int) Math.min(take, d.cutAt - d.sent);
            }
            out.write(buffer, i, take);
            d.sent += take;
            d.left -= take;
            downloaded.addAndGet(take);
            if (d.cutAt >= 0 && d.sent == d.cutAt) {
              out.flush();
              cuts.incrementAndGet();
              closeBoth();
              return;
            }
            if (d.left == 0) {
              // what follows belongs to the next answer, which only a next request brings
              out.write(buffer, i + take, n - i - take);
              d = null;
            }
          }
          out.flush();
        }
      } catch (IOException e) {
        // a side closed: so does the other
      } finally {
        serverClosed.countDown();
        if (stalled) {
          closeQuietly(server);
        } else {
          closeBoth();
        }
      }
    }

    private void closeBoth() {
      closeQuietly(client);
      closeQuietly(server);
    }
  }

  /** Takes the cut armed for {@code blob}, or null when none is. */
  private static Cut take(AtomicReference<Cut> armed, String blob) {
    Cut cut = armed.get();
    if (cut != null && cut.blob().equals(blob) && armed.compareAndSet(cut, null)) {
      return cut;
    }
    return null;
  }

  private void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing anyway
    }
    open.remove(s);
  }

  /** The head of a request or an answer, byte by byte up to its blank line. */
  private static final class Head {
    private final StringBuilder text = new StringBuilder();
    private boolean done;

    void add(byte b) {
      text.append((char) (b & 0xff));
      int n = text.length();
      done =
          n >= 4
              && text.charAt(n - 1) == '\n'
              && text.charAt(n - 2) == '\r'
              && text.charAt(n - 3) == '\n'
              && text.charAt(n - 4) == '\r';
    }

    boolean done() {
      return done;
    }

    String method() {
      return text.substring(0, Math.max(0, text.indexOf(" ")));
    }

    /** The blob a request names, or null for another path. */
    String blob() {
      String line = text.substring(0, text.indexOf("\r\n"));
      String[] parts = line.split(" ");
      String prefix = "/v1/blobs/";
      if (parts.length < 2 || !parts[1].startsWith(prefix)) {
        return null;
      }
      return parts[1].substring(prefix.length()).split("\\?")[0];
    }

    long contentLength() {
      for (String line : text.toString().split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0
            && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
          return Long.parseLong(line.substring(colon + 1).trim());
        }
      }
      return 0;
    }
  }
}
