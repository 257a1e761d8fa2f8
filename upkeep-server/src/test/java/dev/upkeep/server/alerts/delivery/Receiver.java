package dev.upkeep.server.alerts.delivery;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A real HTTP receiver on an ephemeral loopback port: answers each request with the next planned
 * answer (the last one repeats) and keeps every request. Close it after the test.
 */
final class Receiver implements AutoCloseable {
  /** A request as it arrived. */
  record Request(String method, String path, Headers headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    String header(String name) {
      return headers.getFirst(name);
    }
  }

  /** An answer: status, extra headers, body. */
  record Answer(int status, Map<String, String> headers, String body) {
    static Answer of(int status) {
      return new Answer(status, Map.of(), "");
    }
  }

  private final HttpServer server;
  private final Deque<Function<Request, Answer>> plan = new ArrayDeque<>();
  private final List<Request> requests = new ArrayList<>();

  Receiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          Request req =
              new Request(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getPath(),
                  exchange.getRequestHeaders(),
                  exchange.getRequestBody().readAllBytes());
          Function<Request, Answer> next;
          synchronized (this) {
            requests.add(req);
            next = plan.size() > 1 ? plan.poll() : plan.peek();
          }
          Answer answer = next == null ? Answer.of(200) : next.apply(req);
          answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
          byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
          if (body.length > 0) {
            exchange.getResponseBody().write(body);
          }
          exchange.close();
        });
    server.start();
  }

  /** Answers the next requests with these statuses, in order; the last one repeats. */
  synchronized Receiver answer(int... statuses) {
    for (int s : statuses) {
      plan.add(req -> Answer.of(s));
    }
    return this;
  }

  /** Answers the next request with what {@code answer} makes of it. */
  synchronized Receiver answer(Function<Request, Answer> answer) {
    plan.add(answer);
    return this;
  }

  URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
