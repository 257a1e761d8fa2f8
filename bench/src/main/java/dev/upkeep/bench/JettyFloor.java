package dev.upkeep.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * The floor of the collector's HTTP server: bare Jetty 12 (the server under Javalin) answering
 * every request with {@code 200 ok} from a core handler, no servlet, no framework, no body read.
 * Run it beside nginx with the same wrk command to see how much of nginx's rate any Jetty-based
 * endpoint can reach on the machine:
 *
 * <pre>{@code
 * java -cp bench/target/upkeep-bench.jar dev.upkeep.bench.JettyFloor 18400
 * wrk -t2 -c64 -d30s --latency http://127.0.0.1:18400/
 * }</pre>
 */
public final class JettyFloor {
  private JettyFloor() {}

  public static void main(String[] args) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(args.length > 0 ? Integer.parseInt(args[0]) : 18400);
    server.addConnector(connector);
    byte[] ok = "ok".getBytes(StandardCharsets.US_ASCII);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            response.setStatus(200);
            response.getHeaders().put("Content-Length", "2");
            response.write(true, ByteBuffer.wrap(ok), callback);
            return true;
          }
        });
    server.start();
    System.out.println("Jetty floor listening on http://127.0.0.1:" + connector.getLocalPort());
    server.join();
  }
}
