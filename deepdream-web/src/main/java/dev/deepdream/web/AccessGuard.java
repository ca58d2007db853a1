package dev.deepdream.web;

import dev.deepdream.io.Sha256;
import dev.deepdream.web.HostNames.HostPort;
import io.javalin.http.Context;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Who may call the server, checked before every request (the model of Jupyter's server):
 * <ol>
 *   <li>the {@code Host} must be the bound address, a loopback name or an {@code --allow-host}
 *       name (a DNS-rebinding page reaches the server under its own name and is refused here);
 *   <li>a state-changing request's {@code Origin} (else its {@code Referer}) must be one of those
 *       hosts (another site's form post or fetch is refused; curl and scripts send neither);
 *   <li>with a token, every {@code /api} call must carry it as {@code Authorization: Bearer} or in
 *       the cookie that visiting {@code /?token=...} sets.
 * </ol>
 * Every response gets headers that keep the page and API out of other sites' frames. Every
 * refusal is logged in one line.
 */
final class AccessGuard {
  /** A refused request: the status and the message the caller reads. */
  static final class Refusal extends RuntimeException {
    final int status;

    Refusal(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  /** The page loads only its own script, style sheet and pictures (data: previews, blob: the chosen photo). */
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data: blob:; object-src 'none'; "
      + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
  private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String boundHost;
  private final boolean wildcard;
  private final List<String> interfaces;
  private final Set<String> allowed;
  private final byte[] tokenHash;
  private final Consumer<String> log;

  /**
   * @param boundHost the address the server listens on
   * @param allowHosts extra names ({@code NAME}: any port, {@code NAME:PORT}: that port)
   * @param token the access token, or null for none
   * @param log where refusals go, one line each
   */
  AccessGuard(String boundHost, List<String> allowHosts, String token, Consumer<String> log) {
    this.boundHost = HostNames.normalise(boundHost);
    this.wildcard = HostNames.isWildcard(boundHost);
    this.interfaces = wildcard ? HostNames.interfaceAddresses() : List.of();
    this.allowed = new LinkedHashSet<>();
    for (String h : allowHosts) {
      HostPort hp = HostPort.parse(h);
      if (hp == null) {
        throw new IllegalArgumentException("--allow-host '" + h + "' is not a host name (NAME or NAME:PORT)");
      }
      allowed.add(hp.port() < 0 ? hp.name() : hp.name() + ":" + hp.port());
    }
    this.tokenHash = token == null ? null : Sha256.digest(token.getBytes(StandardCharsets.UTF_8));
    this.log = log;
  }

  /** A new random token: 32 bytes from SecureRandom, URL-safe base64 (43 characters). */
  static String newToken() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** The cookie holding the token; named by port, as cookies are shared by all ports of a host. */
  static String cookieName(int port) {
    return "deepdream_token_" + port;
  }

  /** Sets the protective headers, then refuses (throws {@link Refusal}) a request that may not pass. */
  void check(Context ctx) {
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "same-origin");
    int port = ctx.req().getLocalPort();
    String host = ctx.header("Host");
    if (!allowedHost(HostPort.parse(host), port)) {
      String name = host == null ? "(none)" : host;
      refuse(ctx, 403, "host '" + name + "' is not this server's: open it as http://127.0.0.1:" + port
          + "/ or start the server with --allow-host " + nameOnly(host));
    }
    String method = ctx.method().name();
    if (STATE_CHANGING.contains(method)) {
      String origin = ctx.header("Origin");
      String referer = ctx.header("Referer");
      if (origin != null && !allowedUrl(origin, port)) {
        refuse(ctx, 403, "origin '" + origin + "' may not " + method + " here: only this server's own page may");
      }
      if (origin == null && referer != null && !allowedUrl(referer, port)) {
        refuse(ctx, 403, "a request from page '" + stripQuery(referer) + "' may not " + method
            + " here: only this server's own page may");
      }
    }
    if (tokenHash == null) {
      return;
    }
    String path = ctx.path();
    if (path.equals("/") && ctx.queryParam("token") != null) {
      if (!matches(ctx.queryParam("token"))) {
        refuse(ctx, 401, "wrong access token in the link: use the URL the server printed");
      }
      // The token moves from the URL (history, screenshots) into a cookie other sites never get.
      ctx.header("Set-Cookie", cookieName(port) + "=" + ctx.queryParam("token")
          + "; Path=/; HttpOnly; SameSite=Strict");
      ctx.redirect("/", io.javalin.http.HttpStatus.SEE_OTHER);
      ctx.skipRemainingHandlers();
      return;
    }
    if (path.startsWith("/api/") || path.equals("/api")) {
      String auth = ctx.header("Authorization");
      String given = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim()
          : ctx.cookie(cookieName(port));
      if (given == null) {
        refuse(ctx, 401, "an access token is needed: open the URL the server printed (http://HOST:PORT/?token=...) "
            + "or send 'Authorization: Bearer TOKEN'");
      }
      if (!matches(given)) {
        refuse(ctx, 401, "wrong access token: open the URL the server printed or send its token");
      }
    }
  }

  private boolean allowedHost(HostPort hp, int port) {
    if (hp == null) {
      return false;
    }
    // A browser leaves the port out only when it is the scheme's default.
    int given = hp.port() < 0 ? 80 : hp.port();
    if (allowed.contains(hp.name()) || allowed.contains(hp.name() + ":" + given)) {
      return true;
    }
    if (given != port) {
      return false;
    }
    return HostNames.LOOPBACK.contains(hp.name()) || hp.name().equals(boundHost) || interfaces.contains(hp.name());
  }

  /** An Origin or Referer is this server's own when its host would pass the Host check. */
  private boolean allowedUrl(String url, int port) {
    try {
      URI u = new URI(url.trim());
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || u.getRawAuthority() == null) {
        return false; // "null" (sandboxed frames, files) and other schemes are nobody's own page
      }
      HostPort hp = HostPort.parse(u.getRawAuthority());
      if (hp == null || u.getRawAuthority().contains("@")) {
        return false;
      }
      int p = hp.port() >= 0 ? hp.port() : scheme.equals("https") ? 443 : 80;
      return allowedHost(new HostPort(hp.name(), p), port);
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  /** Compares in constant time: both sides are hashed first, so not even the length leaks. */
  private boolean matches(String given) {
    return given != null && MessageDigest.isEqual(tokenHash, Sha256.digest(given.getBytes(StandardCharsets.UTF_8)));
  }

  private void refuse(Context ctx, int status, String message) {
    log.accept("deepdream serve: refused " + status + " " + ctx.method().name() + " " + clean(ctx.path())
        + " from " + ctx.req().getRemoteAddr() + " (Host " + quoted(ctx.header("Host")) + ", Origin "
        + quoted(ctx.header("Origin")) + ", Referer " + quoted(stripQuery(ctx.header("Referer"))) + "): "
        + clean(message));
    throw new Refusal(status, message);
  }

  private static String nameOnly(String host) {
    HostPort hp = HostPort.parse(host);
    return hp == null ? "NAME" : HostNames.inUrl(hp.name());
  }

  /** A URL without its query, which might hold a token. */
  private static String stripQuery(String url) {
    if (url == null) {
      return null;
    }
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q) + "?...";
  }

  private static String quoted(String s) {
    return s == null ? "none" : "'" + clean(s) + "'";
  }

  /** One line, bounded: a header is the caller's text. */
  private static String clean(String s) {
    String t = s.replaceAll("[\\p{Cntrl}]", "?");
    return t.length() > 200 ? t.substring(0, 200) + "..." : t;
  }
}
