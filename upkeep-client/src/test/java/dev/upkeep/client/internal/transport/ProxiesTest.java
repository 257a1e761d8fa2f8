package dev.upkeep.client.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProxiesTest {
  private static final Function<String, String> NO_PROPERTIES = name -> null;

  private static Map<String, String> env(String... keyValues) {
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put(keyValues[i], keyValues[i + 1]);
    }
    return map;
  }

  private static Proxy select(Map<String, String> env, String url) {
    return new Proxies(env, NO_PROPERTIES).select(URI.create(url));
  }

  private static void assertHttpProxy(Proxy proxy, String host, int port) {
    assertThat(proxy).isNotNull();
    assertThat(proxy.type()).isEqualTo(Proxy.Type.HTTP);
    InetSocketAddress address = (InetSocketAddress) proxy.address();
    assertThat(address.getHostString()).isEqualTo(host);
    assertThat(address.getPort()).isEqualTo(port);
    assertThat(address.isUnresolved()).isTrue();
  }

  @Test
  void jvmProxyPropertyLeavesTheChoiceToTheJdk() {
    Map<String, String> props = Map.of("https.proxyHost", "jvm-proxy.corp");
    Proxies proxies = new Proxies(env("HTTPS_PROXY", "http://env-proxy:3128"), props::get);

    assertThat(proxies.select(URI.create("https://telemetry.example.org/v1/events"))).isNull();
  }

  @Test
  void jvmPropertyOfTheOtherSchemeDoesNotCount() {
    Map<String, String> props = Map.of("http.proxyHost", "jvm-proxy.corp");
    Proxies proxies = new Proxies(env("HTTPS_PROXY", "http://env-proxy:3128"), props::get);

    assertHttpProxy(
        proxies.select(URI.create("https://telemetry.example.org/")), "env-proxy", 3128);
  }

  @Test
  void httpsProxyForHttpsUrls() {
    assertHttpProxy(
        select(env("HTTPS_PROXY", "http://proxy.corp:3128"), "https://telemetry.example.org/"),
        "proxy.corp",
        3128);
  }

  @Test
  void lowerCaseHttpsProxyIsReadToo() {
    assertHttpProxy(
        select(env("https_proxy", "http://lower.corp:8080"), "https://telemetry.example.org/"),
        "lower.corp",
        8080);
  }

  @Test
  void httpProxyForHttpUrls() {
    Map<String, String> env = env("HTTP_PROXY", "http://plain.corp:8000");

    assertHttpProxy(select(env, "http://telemetry.example.org/"), "plain.corp", 8000);
    assertThat(select(env, "https://telemetry.example.org/")).isNull();
  }

  @Test
  void httpsProxyIsNotUsedForHttpUrls() {
    assertThat(select(env("HTTPS_PROXY", "http://proxy.corp:3128"), "http://example.org/"))
        .isNull();
  }

  @Test
  void proxyWithoutSchemeOrPort() {
    assertHttpProxy(
        select(env("HTTPS_PROXY", "bare.corp"), "https://telemetry.example.org/"), "bare.corp", 80);
    assertHttpProxy(
        select(env("HTTPS_PROXY", "bare.corp:3128"), "https://telemetry.example.org/"),
        "bare.corp",
        3128);
  }

  @Test
  void noProxyVariableMeansTheJdkDecides() {
    assertThat(select(env(), "https://telemetry.example.org/")).isNull();
    assertThat(select(env("NO_PROXY", "*"), "https://telemetry.example.org/")).isNull();
    assertThat(select(env("HTTPS_PROXY", "  "), "https://telemetry.example.org/")).isNull();
  }

  @ParameterizedTest(name = "NO_PROXY={0} bypasses {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "telemetry.example.org | https://telemetry.example.org/",
        "TELEMETRY.example.org | https://telemetry.EXAMPLE.org/",
        ".example.org | https://telemetry.example.org/",
        ".example.org | https://a.b.example.org/",
        "example.org | https://telemetry.example.org/",
        "example.org | https://example.org/",
        "* | https://anything.example.com/",
        "other.org, example.org | https://telemetry.example.org/",
        "other.org,  telemetry.example.org  | https://telemetry.example.org/",
        "telemetry.example.org:8443 | https://telemetry.example.org:8443/",
        "10.0.0.5 | https://10.0.0.5:8443/",
        "127.0.0.1:9000 | https://127.0.0.1:9000/",
      })
  void noProxyEntriesThatMatch(String noProxy, String url) {
    Map<String, String> env = env("HTTPS_PROXY", "http://proxy.corp:3128", "NO_PROXY", noProxy);

    assertThat(select(env, url)).isSameAs(Proxy.NO_PROXY);
  }

  @ParameterizedTest(name = "NO_PROXY={0} does not bypass {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "example.org | https://notexample.org/",
        ".example.org | https://example.com/",
        "telemetry.example.org | https://example.org/",
        "10.0.0.5 | https://10.0.0.50/",
        "10.0.0.5 | https://110.0.0.5/",
        "other.org, another.org | https://telemetry.example.org/",
        "' , ' | https://telemetry.example.org/",
      })
  void noProxyEntriesThatDoNotMatch(String noProxy, String url) {
    Map<String, String> env = env("HTTPS_PROXY", "http://proxy.corp:3128", "NO_PROXY", noProxy);

    assertHttpProxy(select(env, url), "proxy.corp", 3128);
  }

  @Test
  void lowerCaseNoProxyIsReadToo() {
    Map<String, String> env =
        env("https_proxy", "http://proxy.corp:3128", "no_proxy", "internal.corp");

    assertThat(select(env, "https://api.internal.corp/")).isSameAs(Proxy.NO_PROXY);
  }

  @Test
  void noProxyMatchesIpv6Addresses() {
    Map<String, String> bare = env("HTTP_PROXY", "http://proxy.corp:3128", "NO_PROXY", "::1");
    Map<String, String> withPort =
        env("HTTP_PROXY", "http://proxy.corp:3128", "NO_PROXY", "[::1]:8080");

    assertThat(select(bare, "http://[::1]:8080/")).isSameAs(Proxy.NO_PROXY);
    assertThat(select(withPort, "http://[::1]:8080/")).isSameAs(Proxy.NO_PROXY);
  }
}
