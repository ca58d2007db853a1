package dev.deepdream.model;

import dev.deepdream.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Downloads one file to a temporary name beside its target, checks its length and hash, and only
 * then renames it into place: the target either holds the whole verified file or does not exist.
 */
final class Downloader {
  /** Told of the bytes received so far and the total (-1 when the server does not say). */
  @FunctionalInterface
  public interface Progress {
    void update(long done, long total);
  }

  private final Duration connectTimeout;

  public Downloader(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  /**
   * Fetches {@code url} into {@code target}, checking the MD5 hash when one is given.
   *
   * @throws IOException naming the problem (unreachable, HTTP status, truncated, hash mismatch)
   */
  public void download(URI url, Path target, String md5, Progress progress) throws IOException {
    download(url, target, "MD5", md5, -1, progress);
  }

  /**
   * Fetches {@code url} into {@code target}, checking its size (when not negative) and its hash by
   * {@code algorithm} ({@code MD5}, {@code SHA-256}) when {@code expected} is given.
   *
   * @throws IOException naming the problem (unreachable, HTTP status, truncated, size or hash mismatch)
   */
  public void download(URI url, Path target, String algorithm, String expected, long size, Progress progress)
      throws IOException {
    HttpClient client = HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
    HttpRequest request = HttpRequest.newBuilder(url).GET().build();
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("download of " + url + " interrupted", e);
    } catch (IOException e) {
      throw new IOException("cannot reach " + url + ": " + describe(e), e);
    }
    if (response.statusCode() != 200) {
      response.body().close();
      throw new IOException("download of " + url + " failed: HTTP " + response.statusCode());
    }
    long total = response.headers().firstValueAsLong("content-length").orElse(-1);
    Files.createDirectories(target.toAbsolutePath().getParent());
    AtomicFiles.write(target, tmp -> {
      MessageDigest digest;
      try {
        digest = MessageDigest.getInstance(algorithm);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      long done = 0;
      try (InputStream in = new DigestInputStream(response.body(), digest); OutputStream out = Files.newOutputStream(tmp)) {
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) > 0) {
          out.write(buf, 0, n);
          done += n;
          progress.update(done, total);
        }
      } catch (IOException e) {
        throw new IOException("download of " + url + " broke off after " + done + " bytes: " + describe(e), e);
      }
      if (total >= 0 && done != total) {
        throw new IOException("download of " + url + " is truncated: " + done + " of " + total + " bytes");
      }
      if (size >= 0 && done != size) {
        throw new IOException("download of " + url + " is " + done + " bytes, expected " + size + ": not the published "
            + "file");
      }
      String got = HexFormat.of().formatHex(digest.digest());
      if (expected != null && !expected.equalsIgnoreCase(got)) {
        throw new IOException("download of " + url + " has " + algorithm + " " + got + ", expected " + expected
            + ": not the published file");
      }
    });
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    if (m != null && !m.isBlank()) {
      return m;
    }
    if (e instanceof java.net.ConnectException) {
      return "connection failed (no network, or the server is down)";
    }
    if (e instanceof java.net.http.HttpTimeoutException) {
      return "timed out";
    }
    return e.getClass().getSimpleName();
  }
}
