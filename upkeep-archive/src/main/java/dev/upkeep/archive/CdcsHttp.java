package dev.upkeep.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * The HTTP side of {@link CdcsArchive}: requests signed with the {@link CdcsAuth}, every one with a
 * timeout (for the headers, and between any two chunks of a body — {@link ResponseStream}), JSON
 * answers read up to {@value #MAX_JSON_BYTES} bytes, and the server's refusals turned into messages
 * that say what to do. Thread-safe.
 */
final class CdcsHttp {
  /** The largest JSON answer read: {@value} bytes (a page of records of at most 64 MiB each). */
  static final int MAX_JSON_BYTES = 256 * 1024 * 1024;

  /** An answer: its status and its body parsed as JSON ({@code null} when empty or not JSON). */
  record Reply(int status, Object json, String text) {
    boolean ok() {
      return status / 100 == 2;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> object() {
      return json instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** The server's own words: DRF's {@code message} or {@code detail}, or the text, shortened. */
    String message() {
      Object m = object().get("message");
      if (m == null) {
        m = object().get("detail");
      }
      String s = m != null ? String.valueOf(m) : text;
      s = s.strip().replaceAll("\\s+", " ");
      return s.length() <= 300 ? s : s.substring(0, 297) + "...";
    }
  }

  private final URI base;
  private final CdcsAuth auth;
  private final HttpClient client;
  private final Duration timeout;
  private final String archive;

  CdcsHttp(URI base, CdcsAuth auth, HttpClient client, Duration timeout, String archive) {
    this.base = base;
    this.auth = auth;
    this.client = client;
    this.timeout = timeout;
    this.archive = archive;
  }

  /** {@code path} (no leading slash) on the server. */
  URI uri(String path) {
    return base.resolve(path);
  }

  /** A request to {@code uri}, signed, asking for JSON, with the request timeout. */
  HttpRequest.Builder request(URI uri) {
    return unbounded(uri).timeout(timeout);
  }

  /** A signed request with no overall timeout: for {@link #watch}, which bounds it otherwise. */
  HttpRequest.Builder unbounded(URI uri) {
    return HttpRequest.newBuilder(uri)
        .header("Authorization", auth.header())
        .header("Accept", "application/json");
  }

  /** A JSON body. */
  static HttpRequest.BodyPublisher json(Object value) {
    return HttpRequest.BodyPublishers.ofString(Json.write(value), StandardCharsets.UTF_8);
  }

  /** An {@code application/x-www-form-urlencoded} body. */
  static HttpRequest.BodyPublisher form(Map<String, String> fields) {
    StringJoiner body = new StringJoiner("&");
    fields.forEach(
        (k, v) ->
            body.add(
                URLEncoder.encode(k, StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.US_ASCII);
  }

  /** Sends and reads the JSON answer, whatever its status. */
  Reply send(HttpRequest request, String what) throws IOException {
    return read(open(request, what), what);
  }

  /** Sends and checks for a 2xx answer. */
  Reply expect(HttpRequest request, String what) throws IOException {
    Reply reply = send(request, what);
    if (!reply.ok()) {
      throw refusal(reply, what);
    }
    return reply;
  }

  /** Sends; the body streams, with the idle timeout, until closed. */
  Opened open(HttpRequest request, String what) throws IOException {
    try {
      return opened(client.send(request, HttpResponse.BodyHandlers.ofPublisher()), what);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while " + what + " at " + archive);
    } catch (IOException e) {
      throw failure(e, what);
    }
  }

  /**
   * Sends a request whose body may take long, watching it instead of bounding it: fails when {@code
   * sent} (the bytes of the body handed to the client so far) stands still for the request timeout
   * — a server that stopped reading, or that read everything and never answers — and cancels the
   * exchange. A large upload on a slow but moving link is never cut short.
   */
  Opened watch(HttpRequest request, LongSupplier sent, String what) throws IOException {
    CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> future =
        client.sendAsync(request, HttpResponse.BodyHandlers.ofPublisher());
    long tick = Math.max(10, Math.min(1000, timeout.toMillis() / 10));
    long seen = -1;
    long since = System.nanoTime();
    while (true) {
      try {
        return opened(future.get(tick, TimeUnit.MILLISECONDS), what);
      } catch (TimeoutException notYet) {
        long now = System.nanoTime();
        long count = sent.getAsLong();
        if (count != seen) {
          seen = count;
          since = now;
        } else if (now - since > timeout.toNanos()) {
          future.cancel(true);
          throw new HttpTimeoutException(
              archive
                  + " took no data and sent no answer for "
                  + timeout.toMillis()
                  + " ms while "
                  + what
                  + " ("
                  + count
                  + " bytes sent); the upload is abandoned");
        }
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        throw cause instanceof IOException io
            ? failure(io, what)
            : new IOException(what + " at " + archive + " failed: " + cause, cause);
      } catch (InterruptedException e) {
        future.cancel(true);
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while " + what + " at " + archive);
      }
    }
  }

  private Opened opened(HttpResponse<Flow.Publisher<List<ByteBuffer>>> response, String what) {
    ResponseStream body = new ResponseStream(timeout, what + " at " + archive);
    response.body().subscribe(body);
    return new Opened(response.statusCode(), response.headers(), body);
  }

  /** Reads a whole JSON answer and closes it. */
  Reply read(Opened response, String what) throws IOException {
    byte[] bytes;
    try (InputStream in = response.body()) {
      bytes = in.readNBytes(MAX_JSON_BYTES + 1);
    }
    if (bytes.length > MAX_JSON_BYTES) {
      throw new IOException(
          archive + " answered more than " + MAX_JSON_BYTES + " bytes while " + what);
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    Object json = null;
    if (!text.isBlank()) {
      try {
        json = Json.parse(text);
      } catch (IllegalArgumentException notJson) {
        // an HTML error page, say: kept as text for the message
      }
    }
    return new Reply(response.status(), json, text);
  }

  /** A timeout or connection failure, said with the archive and the step it broke. */
  IOException failure(IOException e, String what) {
    if (e instanceof HttpTimeoutException) {
      HttpTimeoutException t =
          new HttpTimeoutException(
              archive
                  + " did not answer within "
                  + timeout.toMillis()
                  + " ms while "
                  + what
                  + "; is the server overloaded? (the timeout is the archive's request timeout)");
      t.initCause(e);
      return t;
    }
    if (e instanceof ConnectException) {
      return new ConnectException("cannot connect to " + archive + " to " + what + ": " + e);
    }
    return new IOException(what + " at " + archive + " failed: " + e, e);
  }

  /**
   * What a non-2xx answer means, said so the operator knows what to do. 401, and DRF's 403 for
   * credentials it could not check, are about the credentials; other 4xx answers are refusals
   * ({@link ArchiveException}); 5xx answers are server failures (plain {@link IOException}).
   */
  IOException refusal(Reply reply, String what) {
    int status = reply.status();
    String said = reply.message();
    String lower = said.toLowerCase(Locale.ROOT);
    if (status == 401
        || status == 403
            && (lower.contains("credentials")
                || lower.contains("username/password")
                || lower.contains("invalid token"))) {
      return new ArchiveException(
          "CDCS refused the credentials of "
              + auth.who()
              + " for "
              + archive
              + " (HTTP "
              + status
              + ": "
              + said
              + "): check the user and password, or the token");
    }
    if (status == 403) {
      return new ArchiveException(
          archive
              + " does not allow "
              + auth.who()
              + " to "
              + what
              + " (HTTP 403: "
              + said
              + "); ask the workspace's owner or a CDCS administrator for access to it");
    }
    if (status / 100 == 4) {
      return new ArchiveException(
          archive + " refused to " + what + " (HTTP " + status + ": " + said + ")");
    }
    return new IOException(
        archive + " failed to " + what + " (HTTP " + status + ": " + said + "); try again later");
  }

  /** An answer whose body streams ({@link ResponseStream}); close the body. */
  record Opened(int status, HttpHeaders headers, InputStream body) {}
}
