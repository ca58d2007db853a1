package dev.deepdream.web;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Host names as the checks compare them: lower case, IPv6 without brackets. Nothing here asks a
 * name server: only IP literals are parsed, and a wildcard bind lists the local interfaces.
 */
final class HostNames {
  /** The loopback names a browser on this machine may use. */
  static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1");

  private HostNames() {}

  /**
   * A {@code Host} header's (or an origin's authority's) name and port.
   *
   * @param name lower case, IPv6 without brackets
   * @param port -1 when none was given
   */
  record HostPort(String name, int port) {
    /** Parses {@code name}, {@code name:port}, {@code [v6]} or {@code [v6]:port}; null when malformed. */
    static HostPort parse(String text) {
      if (text == null || text.isBlank() || text.length() > 300) {
        return null;
      }
      String t = text.trim().toLowerCase(Locale.ROOT);
      String name;
      String port = null;
      if (t.startsWith("[")) {
        int close = t.indexOf(']');
        if (close < 0) {
          return null;
        }
        name = normalise(t.substring(1, close));
        String rest = t.substring(close + 1);
        if (!rest.isEmpty()) {
          if (!rest.startsWith(":")) {
            return null;
          }
          port = rest.substring(1);
        }
      } else {
        int colon = t.indexOf(':');
        if (colon >= 0 && t.indexOf(':', colon + 1) >= 0) {
          return null; // a bare IPv6 address is not a valid Host
        }
        name = colon < 0 ? t : t.substring(0, colon);
        port = colon < 0 ? null : t.substring(colon + 1);
      }
      if (name.isEmpty() || !name.matches("[a-z0-9._:%-]+")) {
        return null;
      }
      name = normalise(name);
      if (port == null) {
        return new HostPort(name, -1);
      }
      if (!port.matches("[0-9]{1,5}")) {
        return null;
      }
      return new HostPort(name, Integer.parseInt(port));
    }
  }

  /** The name as compared: lower case, brackets removed, an IP literal in one spelling (::1, not 0:0:...:1). */
  static String normalise(String host) {
    String h = host.trim().toLowerCase(Locale.ROOT);
    h = h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    if (isLiteralText(h)) {
      try {
        String a = InetAddress.getByName(h).getHostAddress();
        a = a.contains("%") ? a.substring(0, a.indexOf('%')) : a; // the zone is not part of a Host header
        return a.equals("0:0:0:0:0:0:0:1") ? "::1" : a.equals("0:0:0:0:0:0:0:0") ? "::" : a;
      } catch (UnknownHostException e) {
        return h;
      }
    }
    return h;
  }

  private static boolean isLiteralText(String h) {
    return h.matches("[0-9a-f:.%]*:[0-9a-z:.%]*") || h.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  }

  /** An IPv4 or IPv6 literal (parsing it needs no name server). */
  static boolean isLiteral(String host) {
    String h = host.trim().toLowerCase(Locale.ROOT);
    return isLiteralText(h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h);
  }

  /** True for {@code localhost} and loopback literals. */
  static boolean isLoopback(String host) {
    String h = normalise(host);
    if (h.equals("localhost")) {
      return true;
    }
    try {
      return isLiteral(h) && InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** True for 0.0.0.0 and :: (every interface). */
  static boolean isWildcard(String host) {
    String h = normalise(host);
    try {
      return isLiteral(h) && InetAddress.getByName(h).isAnyLocalAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** This machine's interface addresses (a wildcard bind answers on each), normalised. */
  static List<String> interfaceAddresses() {
    Set<String> out = new LinkedHashSet<>();
    try {
      for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        for (InetAddress a : Collections.list(ni.getInetAddresses())) {
          out.add(normalise(a.getHostAddress()));
        }
      }
    } catch (SocketException e) {
      // No interfaces listed: only the loopback names and --allow-host remain.
    }
    return List.copyOf(out);
  }

  /** The host as it goes into a URL. */
  static String inUrl(String host) {
    String h = normalise(host);
    return h.contains(":") ? "[" + h + "]" : h;
  }
}
