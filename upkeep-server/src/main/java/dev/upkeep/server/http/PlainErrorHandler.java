package dev.upkeep.server.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's answer to requests that fail before Javalin sees them (a header over the limit, a
 * malformed request line, broken framing found by the parser): {@code {"detail": "<status
 * reason>"}} such as {@code {"detail":"Request Header Fields Too Large"}}, the body shape of every
 * other error, instead of Jetty's HTML page. The body holds only the standard reason phrase of the
 * status, never the exception's message, its class or a stack; {@code Cache-Control: no-store} and
 * {@code X-Content-Type-Options: nosniff} ({@link SecurityHeaders}). An unsupported HTTP version
 * (Jetty's 505) is answered 400: it is the client's fault, and bad input never gets a 5xx.
 * Stateless, thread-safe.
 */
public final class PlainErrorHandler extends ErrorHandler {
  public PlainErrorHandler() {
    setShowStacks(false);
    setShowCauses(false);
    setShowMessageInTitle(false);
    setShowOrigin(false);
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    int status = code == HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505 ? 400 : code;
    if (status != code) {
      response.setStatus(status);
    }
    String reason =
        status == code ? HttpStatus.getMessage(code) : "Bad Request: HTTP version not supported";
    byte[] body = ("{\"detail\":\"" + reason + "\"}").getBytes(StandardCharsets.UTF_8);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    SecurityHeaders.put(response.getHeaders());
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  @Override
  public ByteBuffer badMessageError(
      int status, String reason, org.eclipse.jetty.http.HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    SecurityHeaders.put(fields);
    return ByteBuffer.wrap(
        ("{\"detail\":\"" + HttpStatus.getMessage(status) + "\"}")
            .getBytes(StandardCharsets.UTF_8));
  }
}
