package dev.upkeep.server.api.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoopbackRedirectTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:5000/install-completed",
        "http://localhost:5000/install-completed",
        "http://LOCALHOST:5000/x?y=1",
        "http://[::1]:5000/install-completed",
        "http://127.0.0.1/"
      })
  void otumatAcceptsLoopbackHttp(String url) {
    assertThat(LoopbackRedirect.require("redirect", url, LoopbackRedirect.OTUMAT_HOSTS))
        .isEqualTo(url);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://192.168.1.5:5000/install-completed",
        "http://0.0.0.0:5000/install-completed",
        "https://127.0.0.1:5000/install-completed",
        "http://localhost.example.com/",
        "http://127.0.0.1.nip.io/",
        "http://example.com/?next=http://127.0.0.1/",
        "javascript:alert(1)",
        "/install-completed",
        "http://user@127.0.0.1:5000/x",
        "http://127.0.0.1:5000/x#frag",
        "http://127.0.0.1:5000/ x"
      })
  void otumatRefusesAnythingElseNamingTheParameter(String url) {
    assertThatThrownBy(() -> LoopbackRedirect.require("cancel", url, LoopbackRedirect.OTUMAT_HOSTS))
        .isInstanceOf(PageException.class)
        .hasMessageContaining("\"cancel\"")
        .satisfies(e -> assertThat(((PageException) e).status()).isEqualTo(400));
  }

  @Test
  void oauthAcceptsIpLiteralsOnly() {
    assertThat(
            LoopbackRedirect.require(
                "redirect_uri", "http://[::1]:1234/cb", LoopbackRedirect.OAUTH_HOSTS))
        .isEqualTo("http://[::1]:1234/cb");
    assertThatThrownBy(
            () ->
                LoopbackRedirect.require(
                    "redirect_uri", "http://localhost:1234/cb", LoopbackRedirect.OAUTH_HOSTS))
        .hasMessageContaining("\"redirect_uri\"")
        .hasMessageContaining("http://127.0.0.1/, http://[::1]/ (any port)");
  }

  @Test
  void missingIsNamed() {
    assertThatThrownBy(() -> LoopbackRedirect.require("redirect", null, List.of("127.0.0.1")))
        .hasMessage("The parameter \"redirect\" is missing.");
    assertThatThrownBy(() -> LoopbackRedirect.require("redirect", "", List.of("127.0.0.1")))
        .hasMessage("The parameter \"redirect\" is missing.");
  }

  @Test
  void withQueryAppendsEncodedParameters() {
    List<Map.Entry<String, String>> p =
        List.of(Map.entry("code", "ac_x"), Map.entry("state", "a b&c"));

    assertThat(LoopbackRedirect.withQuery("http://127.0.0.1:1/cb", p))
        .isEqualTo("http://127.0.0.1:1/cb?code=ac_x&state=a+b%26c");
    assertThat(LoopbackRedirect.withQuery("http://127.0.0.1:1/cb?x=1", p))
        .isEqualTo("http://127.0.0.1:1/cb?x=1&code=ac_x&state=a+b%26c");
    assertThat(LoopbackRedirect.withQuery("http://127.0.0.1:1/cb?", p))
        .isEqualTo("http://127.0.0.1:1/cb?code=ac_x&state=a+b%26c");
    assertThat(LoopbackRedirect.withQuery("http://127.0.0.1:1/cb?x=1&", p))
        .isEqualTo("http://127.0.0.1:1/cb?x=1&code=ac_x&state=a+b%26c");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://192.168.1.23:5123/install-completed",
        "http://10.0.0.7:80/x",
        "http://172.20.1.1:9/x",
        "http://169.254.3.4:9/x",
        "http://[fd00::1]:9/x",
        "http://[fe80::1]:9/x",
        "http://localhost:9/x"
      })
  void otumatMayCallBackOnAPrivateNetworkAddress(String url) {
    assertThat(LoopbackRedirect.requireOtumat("redirect", url)).isEqualTo(url);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://203.0.113.7:38123/install-completed",
        "http://8.8.8.8/x",
        "http://[2001:db8::1]:38123/x"
      })
  void otumatMayCallBackOnAnyIpLiteralAsOtumatBuildsItFromItsMachinesAddress(String url) {
    assertThat(LoopbackRedirect.requireOtumat("redirect", url)).isEqualTo(url);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://example.org/x",
        "http://203.0.113.7.nip.io/x",
        "http://0.0.0.0:9/x",
        "http://[::]:9/x",
        "http://224.0.0.1/x",
        "http://255.255.255.255/x",
        "http://1.2.3/x",
        "http://[fe80::1%25eth0]:9/x",
        "https://192.168.1.23/x",
        "http://user@192.168.1.23/x"
      })
  void otumatMayNotCallBackAnywhereElse(String url) {
    assertThatThrownBy(() -> LoopbackRedirect.requireOtumat("redirect", url))
        .hasMessageContaining("\"redirect\"")
        .hasMessageContaining("host names are refused");
  }

  @Test
  void originAndLoopbackDescribeACheckedUrl() {
    assertThat(LoopbackRedirect.origin("http://203.0.113.7:38123/install-completed?x=1"))
        .isEqualTo("http://203.0.113.7:38123");
    assertThat(LoopbackRedirect.origin("http://[2001:DB8::1]/x")).isEqualTo("http://[2001:db8::1]");
    assertThat(LoopbackRedirect.loopback("http://127.0.0.2:1/x")).isTrue();
    assertThat(LoopbackRedirect.loopback("http://[::1]:1/x")).isTrue();
    assertThat(LoopbackRedirect.loopback("http://localhost:1/x")).isTrue();
    assertThat(LoopbackRedirect.loopback("http://203.0.113.7:1/x")).isFalse();
  }
}
