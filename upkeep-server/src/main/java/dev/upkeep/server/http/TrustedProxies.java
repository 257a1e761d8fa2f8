package dev.upkeep.server.http;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The setting {@code trusted-proxies}: the reverse proxies in front of the collector, as
 * comma-separated addresses or CIDR blocks ({@code 10.0.0.0/8, 192.168.1.7, ::1, fd00::/8}); an
 * address without a prefix length is that address alone. Only a request whose socket peer is one of
 * them has its client address taken from {@code X-Forwarded-For} (see {@link ClientAddress}). Host
 * bits under the prefix are ignored ({@code 10.1.2.3/8} is {@code 10.0.0.0/8}). Immutable.
 */
public final class TrustedProxies {
  /** No proxy trusted (the default): the client address is the socket peer. */
  public static final TrustedProxies NONE = new TrustedProxies(List.of());

  private final List<Block> blocks;

  private TrustedProxies(List<Block> blocks) {
    this.blocks = List.copyOf(blocks);
  }

  /**
   * Reads the setting; blank or {@code none} is {@link #NONE}.
   *
   * @throws IllegalArgumentException naming every entry that is not an IP address or CIDR block
   */
  public static TrustedProxies parse(String value) {
    String v = value.strip();
    if (v.isEmpty() || v.equalsIgnoreCase("none")) {
      return NONE;
    }
    List<Block> blocks = new ArrayList<>();
    List<String> bad = new ArrayList<>();
    for (String entry : v.split(",")) {
      Optional<Block> b = Block.parse(entry.strip());
      if (b.isPresent()) {
        blocks.add(b.get());
      } else {
        bad.add("\"" + entry.strip() + "\"");
      }
    }
    if (!bad.isEmpty()) {
      throw new IllegalArgumentException(
          "must be IP addresses or CIDR blocks (e.g. 10.0.0.0/8, ::1), separated by commas; "
              + String.join(", ", bad)
              + (bad.size() == 1 ? " is not one" : " are not"));
    }
    return new TrustedProxies(blocks);
  }

  /** True when no proxy is trusted. */
  public boolean isEmpty() {
    return blocks.isEmpty();
  }

  /** True when {@code address} is one of the trusted proxies. */
  public boolean contains(InetAddress address) {
    for (Block b : blocks) {
      if (b.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** The setting's value, canonical: {@code none} or {@code 10.0.0.0/8,::1/128}. */
  @Override
  public String toString() {
    if (blocks.isEmpty()) {
      return "none";
    }
    List<String> out = new ArrayList<>();
    for (Block b : blocks) {
      out.add(b.toString());
    }
    return String.join(",", out);
  }

  /** One CIDR block: the network's bytes and the prefix length. */
  private record Block(InetAddress network, byte[] bytes, int prefix) {
    static Optional<Block> parse(String text) {
      int slash = text.indexOf('/');
      Optional<InetAddress> a = IpLiteral.parse(slash < 0 ? text : text.substring(0, slash));
      if (a.isEmpty()) {
        return Optional.empty();
      }
      byte[] bytes = a.get().getAddress();
      int bits = bytes.length * 8;
      int prefix = bits;
      if (slash >= 0) {
        String p = text.substring(slash + 1);
        if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > bits) {
          return Optional.empty();
        }
        prefix = Integer.parseInt(p);
      }
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] &= mask(prefix, i);
      }
      try {
        return Optional.of(new Block(InetAddress.getByAddress(bytes), bytes, prefix));
      } catch (java.net.UnknownHostException e) {
        return Optional.empty();
      }
    }

    boolean contains(InetAddress address) {
      byte[] other = address.getAddress();
      if (other.length != bytes.length) {
        return false;
      }
      for (int i = 0; i < bytes.length; i++) {
        if ((other[i] & mask(prefix, i)) != (bytes[i] & 0xff)) {
          return false;
        }
      }
      return true;
    }

    /** The mask of byte {@code i} under a prefix of {@code prefix} bits. */
    private static int mask(int prefix, int i) {
      int bits = Math.max(0, Math.min(8, prefix - 8 * i));
      return (0xff << (8 - bits)) & 0xff;
    }

    @Override
    public String toString() {
      return network.getHostAddress() + "/" + prefix;
    }
  }
}
