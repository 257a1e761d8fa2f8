package dev.upkeep.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which address a request is limited by, with and without trusted proxies. */
class ClientAddressTest {
  private final ClientAddress behindProxies =
      new ClientAddress(TrustedProxies.parse("10.0.0.0/8, ::1"));

  @Test
  void withoutTrustedProxiesTheHeaderIsIgnored() {
    ClientAddress direct = new ClientAddress(TrustedProxies.NONE);

    assertThat(direct.resolve("198.51.100.4", List.of("203.0.113.7"))).isEqualTo("198.51.100.4");
  }

  @Test
  void aSpoofedHeaderFromAnUntrustedPeerIsIgnored() {
    assertThat(behindProxies.resolve("198.51.100.4", List.of("203.0.113.7, 10.0.0.2")))
        .isEqualTo("198.51.100.4");
  }

  @Test
  void theRightMostAddressThatIsNotATrustedProxyIsTheClient() {
    // the client wrote "1.1.1.1" itself; the first proxy appended the address it saw
    assertThat(behindProxies.resolve("10.0.0.1", List.of("1.1.1.1, 203.0.113.7, 10.0.0.9")))
        .isEqualTo("203.0.113.7");
    // several header lines are one list, in order
    assertThat(behindProxies.resolve("10.0.0.1", List.of("1.1.1.1", "203.0.113.7", "10.0.0.9")))
        .isEqualTo("203.0.113.7");
  }

  @Test
  void whenEveryAddressIsATrustedProxyTheLeftMostIsTheClient() {
    assertThat(behindProxies.resolve("10.0.0.1", List.of("10.1.1.1, 10.2.2.2")))
        .isEqualTo("10.1.1.1");
    assertThat(behindProxies.resolve("10.0.0.1", List.of())).isEqualTo("10.0.0.1");
  }

  @Test
  void textThatIsNotAnAddressStopsAtTheTrustedHopAfterIt() {
    assertThat(behindProxies.resolve("10.0.0.1", List.of("evil-key-1, 10.0.0.5")))
        .isEqualTo("10.0.0.5");
    assertThat(behindProxies.resolve("10.0.0.1", List.of("unknown"))).isEqualTo("10.0.0.1");
    assertThat(behindProxies.resolve("10.0.0.1", List.of("203.0.113.7, localhost")))
        .isEqualTo("10.0.0.1");
  }

  @Test
  void portsAndBracketsAreDroppedAndIpv6IsCanonical() {
    assertThat(behindProxies.resolve("10.0.0.1", List.of("203.0.113.7:51234")))
        .isEqualTo("203.0.113.7");
    assertThat(behindProxies.resolve("10.0.0.1", List.of("[2001:db8::1]:443")))
        .isEqualTo("2001:db8:0:0:0:0:0:1");
    assertThat(behindProxies.resolve("[0:0:0:0:0:0:0:1]", List.of("2001:DB8::1")))
        .isEqualTo("2001:db8:0:0:0:0:0:1");
  }
}
