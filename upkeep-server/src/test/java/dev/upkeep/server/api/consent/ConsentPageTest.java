package dev.upkeep.server.api.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ConsentPageTest {
  static final ConsentPage PAGE = ConsentPage.load();

  static ConsentPage.Consent consent(String lead, List<Map.Entry<String, String>> hidden) {
    return new ConsentPage.Consent(
        "Share usage of a/b?",
        "Share usage of a/b with its maintainers?",
        lead,
        List.of("A random id.", "Each event's type <and> time."),
        List.of("Your MAC address."),
        "Nothing is stored if you choose Deny.",
        "After you choose, your browser is sent to http://127.0.0.1:1 <here>.",
        "usage-install",
        hidden);
  }

  @Test
  void theDestinationIsShownEscaped() {
    String html = PAGE.render(consent("x asks.", List.of()));

    assertThat(html)
        .contains(
            "<p class=\"destination\">After you choose, your browser is sent to"
                + " http://127.0.0.1:1 &lt;here&gt;.</p>");
  }

  @Test
  void oneFormWithBothButtonsAndEveryHiddenField() {
    String html =
        PAGE.render(
            consent(
                "x asks.",
                List.of(Map.entry("redirect", "http://127.0.0.1:1/done"), Map.entry("k", ""))));

    assertThat(html).startsWith("<!doctype html>").contains("<html lang=\"en\">");
    assertThat(count(html, "<form ")).isEqualTo(1);
    assertThat(html).contains("<form method=\"post\" action=\"usage-install\">");
    assertThat(html)
        .contains(
            "<button type=\"submit\" id=\"allow\" name=\"decision\" value=\"allow\"",
            "<button type=\"submit\" id=\"deny\" name=\"decision\" value=\"deny\"");
    assertThat(html)
        .contains("<input type=\"hidden\" name=\"redirect\" value=\"http://127.0.0.1:1/done\">")
        .contains("<input type=\"hidden\" name=\"k\" value=\"\">");
    assertThat(html).contains("<li>Each event&#39;s type &lt;and&gt; time.</li>");
    assertThat(html).contains("<li>Your MAC address.</li>");
    assertThat(html).doesNotContain("<script").doesNotContain("{{");
  }

  @Test
  void everyValueIsEscaped() {
    String evil = "\"><script>alert('x')</script>&";
    String html = PAGE.render(consent(evil, List.of(Map.entry(evil, evil))));

    assertThat(html).doesNotContain("<script").doesNotContain("'x'");
    assertThat(html)
        .contains("&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;")
        .contains(
            "<input type=\"hidden\" name=\"&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;\"");
  }

  @Test
  void errorPageEscapesItsMessage() {
    String html = PAGE.renderError("Bad <link>", "The parameter \"redirect\" is <missing>.");

    assertThat(html)
        .contains("<h1 id=\"heading\">Bad &lt;link&gt;</h1>")
        .contains("The parameter &quot;redirect&quot; is &lt;missing&gt;.")
        .doesNotContain("<form");
  }

  @Test
  void styleIsTheOneTheContentSecurityPolicyAllows() throws Exception {
    String html = PAGE.render(consent("x", List.of()));
    Matcher m = Pattern.compile("<style>(.*)</style>", Pattern.DOTALL).matcher(html);
    assertThat(m.find()).isTrue();
    String hash =
        Base64.getEncoder()
            .encodeToString(
                MessageDigest.getInstance("SHA-256")
                    .digest(m.group(1).getBytes(StandardCharsets.UTF_8)));

    assertThat(PAGE.contentSecurityPolicy())
        .startsWith("default-src 'none'; ")
        .contains("style-src 'sha256-" + hash + "'")
        .contains("frame-ancestors 'none'");
  }

  /**
   * Every page is rendered byte for byte as the template did before its slots escaped by default
   * (the files in {@code golden/} were rendered by that template: values inserted as given, the
   * page escaping each text itself).
   */
  @Test
  void pagesRenderAsTheyDidWhenEachCallerEscaped() throws Exception {
    String hostile = "\"><script>alert('x')</script>&amp; \u00e9\u2603 {{title}} $1 \\";
    Map<String, String> pages = new LinkedHashMap<>();
    pages.put(
        "consent-plain.html",
        PAGE.render(
            new ConsentPage.Consent(
                "Share usage of a/b?",
                "Share usage of a/b with its maintainers?",
                "x asks.",
                List.of("A random id.", "Each event's type <and> time."),
                List.of("Your MAC address."),
                "Nothing is stored if you choose Deny.",
                "After you choose, your browser is sent to http://127.0.0.1:1 <here>.",
                "usage-install",
                List.of(
                    Map.entry("redirect", "http://127.0.0.1:1/done?a=1&b=2"),
                    Map.entry("k", "")))));
    pages.put(
        "consent-hostile.html",
        PAGE.render(
            new ConsentPage.Consent(
                hostile,
                hostile,
                hostile,
                List.of(hostile, hostile),
                List.of(hostile),
                hostile,
                hostile,
                hostile,
                List.of(Map.entry(hostile, hostile)))));
    pages.put(
        "consent-empty.html",
        PAGE.render(
            new ConsentPage.Consent(
                null, null, null, List.of(), List.of(), null, "", "", List.of())));
    pages.put(
        "error-plain.html",
        PAGE.renderError("Bad <link>", "The parameter \"redirect\" is <missing>."));
    pages.put("error-hostile.html", PAGE.renderError(hostile, hostile));
    pages.put("error-empty.html", PAGE.renderError(null, null));

    for (Map.Entry<String, String> page : pages.entrySet()) {
      try (InputStream in = getClass().getResourceAsStream("golden/" + page.getKey())) {
        assertThat(in).as(page.getKey()).isNotNull();
        assertThat(page.getValue())
            .as(page.getKey())
            .isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
  }

  private static int count(String s, String part) {
    return s.split(Pattern.quote(part), -1).length - 1;
  }
}
