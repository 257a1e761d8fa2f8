package dev.upkeep.client.internal.enroll;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrowsersTest {
  private static final URI LINK =
      URI.create("http://127.0.0.1:8080/oauth/authorize?response_type=code&state=a%20b");

  @Test
  void windowsUsesRundll32() {
    assertThat(Browsers.command("Windows 11", Map.of(), LINK))
        .containsExactly("rundll32", "url.dll,FileProtocolHandler", LINK.toString());
  }

  @Test
  void macUsesOpen() {
    assertThat(Browsers.command("Mac OS X", Map.of(), LINK))
        .containsExactly("open", LINK.toString());
  }

  @Test
  void linuxUsesXdgOpenOnlyWithADisplay() {
    assertThat(Browsers.command("Linux", Map.of("DISPLAY", ":0"), LINK))
        .containsExactly("xdg-open", LINK.toString());
    assertThat(Browsers.command("FreeBSD", Map.of("WAYLAND_DISPLAY", "wayland-0"), LINK))
        .containsExactly("xdg-open", LINK.toString());
    assertThat(Browsers.command("Linux", Map.of(), LINK)).isEmpty();
    assertThat(Browsers.command("Linux", Map.of("DISPLAY", " "), LINK)).isEmpty();
  }

  @Test
  void onlyWebLinksAreOpened() {
    assertThat(Browsers.command("Linux", Map.of("DISPLAY", ":0"), URI.create("file:///etc/passwd")))
        .isEmpty();
    assertThat(Browsers.command("Windows 10", Map.of(), URI.create("calc.exe"))).isEmpty();
    assertThat(Browsers.command("Mac OS X", Map.of(), URI.create("HTTPS://x.example/"))).hasSize(2);
  }

  @Test
  void theLinkIsAlwaysPrintedAndAMissingOpenerIsNoError() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream ps = new PrintStream(err, true, StandardCharsets.UTF_8);

    Browsers.open(LINK, ps, "Linux", Map.of());
    Browsers.open(LINK, ps, "Linux", Map.of("PATH", "/nonexistent"));
    Browsers.open(LINK, ps, "Plan 9", Map.of("DISPLAY", ":0"));

    assertThat(err.toString(StandardCharsets.UTF_8)).contains("  " + LINK);
  }
}
