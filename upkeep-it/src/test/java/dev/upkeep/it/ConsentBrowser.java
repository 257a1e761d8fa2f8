package dev.upkeep.it;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a browser does with a consent page, over {@link RawHttp}: opens the link, reads the page's
 * one form (its action and hidden inputs, entities decoded), and submits it with the pressed
 * button's {@code name=value}, form-encoded as browsers do.
 */
final class ConsentBrowser {
  private static final Pattern FORM =
      Pattern.compile("<form method=\"(post)\" action=\"([^\"]*)\">");
  private static final Pattern HIDDEN =
      Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">");
  private static final List<String> BROWSER_HEADERS =
      List.of(
          "User-Agent: Mozilla/5.0 (X11; Linux x86_64) upkeep-it",
          "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
          "Connection: close");

  private ConsentBrowser() {}

  /** A page's form: the URL it posts to and its hidden fields in order. */
  record Form(String action, List<Map.Entry<String, String>> hidden, String cookie) {
    /** The hidden inputs but the form token. */
    List<Map.Entry<String, String>> request() {
      List<Map.Entry<String, String>> out = new ArrayList<>(hidden);
      out.removeIf(e -> e.getKey().equals("csrf"));
      return out;
    }
  }

  /** GETs a path and query on the server as a browser. */
  static RawHttp.Response open(int port, String pathAndQuery) throws IOException {
    return RawHttp.send(port, "GET " + pathAndQuery + " HTTP/1.1", BROWSER_HEADERS, new byte[0]);
  }

  /**
   * The form of a consent page, its action resolved against the page's path.
   *
   * @throws AssertionError when the page does not hold exactly one post form
   */
  static Form form(String pagePath, RawHttp.Response page) {
    String set = page.header("Set-Cookie");
    Form f = form(pagePath, page.body());
    return new Form(f.action(), f.hidden(), set == null ? null : set.split(";", 2)[0]);
  }

  static Form form(String pagePath, String html) {
    Matcher f = FORM.matcher(html);
    if (!f.find()) {
      throw new AssertionError("no <form method=\"post\"> in the page:\n" + html);
    }
    if (f.find()) {
      throw new AssertionError("more than one form in the page:\n" + html);
    }
    f.reset().find();
    String action = URI.create(pagePath).resolve(unescape(f.group(2))).getPath();
    List<Map.Entry<String, String>> hidden = new ArrayList<>();
    Matcher h = HIDDEN.matcher(html);
    while (h.find()) {
      hidden.add(Map.entry(unescape(h.group(1)), unescape(h.group(2))));
    }
    return new Form(action, hidden, null);
  }

  /** Submits the form as if the button {@code decision=value} was pressed. */
  static RawHttp.Response submit(int port, Form form, String decision) throws IOException {
    List<Map.Entry<String, String>> fields = new ArrayList<>(form.hidden());
    fields.add(Map.entry("decision", decision));
    byte[] body = encode(fields).getBytes(StandardCharsets.UTF_8);
    List<String> headers = new ArrayList<>(BROWSER_HEADERS);
    headers.add("Content-Type: application/x-www-form-urlencoded");
    headers.add("Content-Length: " + body.length);
    headers.add("Origin: http://127.0.0.1:" + port);
    headers.add("Sec-Fetch-Site: same-origin");
    if (form.cookie() != null) {
      headers.add("Cookie: " + form.cookie());
    }
    return RawHttp.send(port, "POST " + form.action() + " HTTP/1.1", headers, body);
  }

  /** {@code application/x-www-form-urlencoded}, as browsers and Python's urlencode write it. */
  static String encode(List<Map.Entry<String, String>> pairs) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> p : pairs) {
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(plus(p.getKey())).append('=').append(plus(p.getValue()));
    }
    return out.toString();
  }

  private static String plus(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("%7E", "~").replace("*", "%2A");
  }

  private static String unescape(String s) {
    return s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
  }
}
