package dev.upkeep.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
  @Test
  void addressesAndBlocksOfBothFamilies() throws Exception {
    TrustedProxies p = TrustedProxies.parse(" 10.0.0.0/8, 192.168.1.7 ,::1, fd00::/8");

    assertThat(p.contains(InetAddress.getByName("10.255.0.1"))).isTrue();
    assertThat(p.contains(InetAddress.getByName("11.0.0.1"))).isFalse();
    assertThat(p.contains(InetAddress.getByName("192.168.1.7"))).isTrue();
    assertThat(p.contains(InetAddress.getByName("192.168.1.8"))).isFalse();
    assertThat(p.contains(InetAddress.getByName("::1"))).isTrue();
    assertThat(p.contains(InetAddress.getByName("fd12:3456::1"))).isTrue();
    assertThat(p.contains(InetAddress.getByName("fe80::1"))).isFalse();
    assertThat(p).hasToString("10.0.0.0/8,192.168.1.7/32,0:0:0:0:0:0:0:1/128,fd00:0:0:0:0:0:0:0/8");
  }

  @Test
  void hostBitsUnderThePrefixAreIgnoredAndOddPrefixesWork() throws Exception {
    TrustedProxies p = TrustedProxies.parse("172.16.5.4/12, 100.64.0.0/10");

    assertThat(p).hasToString("172.16.0.0/12,100.64.0.0/10");
    assertThat(p.contains(InetAddress.getByName("172.31.255.255"))).isTrue();
    assertThat(p.contains(InetAddress.getByName("172.32.0.0"))).isFalse();
    assertThat(p.contains(InetAddress.getByName("100.127.1.1"))).isTrue();
    assertThat(p.contains(InetAddress.getByName("100.128.0.0"))).isFalse();
  }

  @Test
  void noneAndBlankTrustNobody() {
    assertThat(TrustedProxies.parse("none").isEmpty()).isTrue();
    assertThat(TrustedProxies.parse(" ").isEmpty()).isTrue();
    assertThat(TrustedProxies.NONE).hasToString("none");
  }

  @Test
  void namesAndBadBlocksAreRefusedTogetherWithoutLookingThemUp() {
    assertThatThrownBy(
            () -> TrustedProxies.parse("proxy.internal, 10.0.0.0/33, 1.2.3, ::1/129, 10.0.0.1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "\"proxy.internal\", \"10.0.0.0/33\", \"1.2.3\", \"::1/129\" are not");
  }
}
