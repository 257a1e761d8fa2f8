package dev.upkeep.server.http;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * HTTP/1.1 connections that keep their {@link HttpTimeouts} (see {@link RequestDeadline}) and
 * accept a request-target without its leading slash.
 *
 * <p>migas-py main joins its endpoint and {@code api/breadcrumb} with {@code os.path.join}, so with
 * an endpoint lacking a trailing slash (its default) the request line is {@code POST api/breadcrumb
 * HTTP/1.1}. Jetty refuses that with 400 ("Relative path with authority") before any handler runs,
 * so the fix lives in the parser's callback: a target that is not {@code *}, not absolute ({@code
 * scheme://}) and does not start with {@code /} gets one prepended, query string kept. Every other
 * request is untouched.
 */
public final class OriginFormConnectionFactory extends HttpConnectionFactory {
  private final HttpTimeouts timeouts;

  public OriginFormConnectionFactory(HttpConfiguration config, HttpTimeouts timeouts) {
    super(config);
    this.timeouts = timeouts;
  }

  @Override
  public Connection newConnection(Connector connector, EndPoint endPoint) {
    return configure(
        new OriginFormConnection(getHttpConfiguration(), connector, endPoint, timeouts),
        connector,
        endPoint);
  }

  /** The request-target as an origin-form target: {@code api/x?y} becomes {@code /api/x?y}. */
  static String originForm(String target) {
    if (target.isEmpty() || target.charAt(0) == '/' || target.equals("*")) {
      return target;
    }
    int scheme = target.indexOf("://");
    int end = target.length();
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c == '/' || c == '?') {
        end = i;
        break;
      }
    }
    return scheme > 0 && scheme < end ? target : "/" + target;
  }

  private static final class OriginFormConnection extends HttpConnection {
    private final RequestDeadline deadline;

    OriginFormConnection(
        HttpConfiguration config, Connector connector, EndPoint endPoint, HttpTimeouts timeouts) {
      super(config, connector, endPoint);
      this.deadline =
          new RequestDeadline(
              timeouts, connector.getScheduler(), endPoint, () -> getParser().isStart());
    }

    @Override
    protected HttpConnection.RequestHandler newRequestHandler() {
      return new HttpConnection.RequestHandler() {
        @Override
        public void messageBegin() {
          deadline.begin();
          super.messageBegin();
        }

        @Override
        public void startRequest(String method, String target, HttpVersion version) {
          super.startRequest(method, originForm(target), version);
        }

        @Override
        public void parsedHeader(HttpField field) {
          if (field.getHeader() == HttpHeader.CONTENT_LENGTH) {
            try {
              deadline.contentLength(field.getLongValue());
            } catch (NumberFormatException malformed) {
              // Jetty refuses the request itself
            }
          }
          super.parsedHeader(field);
        }

        @Override
        public boolean headerComplete() {
          deadline.headerComplete();
          return super.headerComplete();
        }

        @Override
        public boolean messageComplete() {
          deadline.messageComplete();
          return super.messageComplete();
        }
      };
    }
  }
}
