package dev.deepdream.web;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.deepdream.batch.FolderTarget;
import dev.deepdream.batch.Manifest;
import dev.deepdream.batch.ManifestEntry;
import dev.deepdream.dream.BadOptionException;
import dev.deepdream.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * A batch job's zips: the upload unpacked safely into the job's {@code inputs/} folder, and the
 * result zip of its outputs and manifest. Unpacking reads the zip's central directory and refuses
 * the whole upload (400, one line) for an entry with an absolute path or a {@code ..} part (zip
 * slip) or a symbolic link, for more pictures than the limit, and as soon as the bytes actually
 * unpacked (not the sizes the headers claim: zip bombs) pass the limit. Entries that are not
 * pictures (PNG, JPEG, BMP, GIF, WebP by extension, as {@code deepdream batch} takes from a
 * folder), folders, hidden files and {@code __MACOSX/} are skipped.
 */
final class BatchZip {
  /** The picture extensions a batch takes (as {@code BatchInputs} does for a folder). */
  static final Set<String> PICTURES = Set.of("png", "jpg", "jpeg", "bmp", "gif", "webp");
  /** Entries of any kind a zip may list: its central directory is read whole before anything is unpacked. */
  static final int MAX_ENTRIES = 10_000;
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

  private BatchZip() {}

  /**
   * Unpacks the pictures of {@code zip} under {@code into}, at their paths in the zip.
   *
   * @param limits the most pictures and the most bytes they may unpack to together
   * @param maxPictureBytes the most bytes one picture may unpack to (a photo upload's limit)
   * @return their relative paths ({@code /} separators), in the zip's order
   * @throws BadOptionException for an unsafe entry, a zip over the limits, a file that is not a
   *     zip, or a zip without pictures
   */
  static List<String> unpack(Path zip, Path into, ServerSettings.BatchLimits limits, long maxPictureBytes)
      throws IOException {
    ZipFile file;
    try {
      file = ZipFile.builder().setPath(zip).get();
    } catch (IOException e) {
      throw new BadOptionException("the upload is not a zip file (" + oneLine(e) + ")");
    }
    try (file) {
      List<ZipArchiveEntry> entries = Collections.list(file.getEntries());
      if (entries.size() > MAX_ENTRIES) {
        throw new BadOptionException("the zip lists " + entries.size() + " entries, over the limit of " + MAX_ENTRIES);
      }
      // Check every name first: nothing is written for a zip that is refused for its names.
      List<String> names = new ArrayList<>();
      List<ZipArchiveEntry> pictures = new ArrayList<>();
      Map<String, String> byOutput = new HashMap<>();
      FolderTarget naming = new FolderTarget(into, "png", 0.92f);
      for (ZipArchiveEntry e : entries) {
        String name = safeName(e);
        if (e.isDirectory() || name.isEmpty() || skipped(name)) {
          continue;
        }
        String output = naming.relativeOutput(name).toLowerCase(Locale.ROOT);
        String other = byOutput.put(output, name);
        if (other != null) {
          throw new BadOptionException("the zip's " + other + " and " + name + " would both give "
              + naming.relativeOutput(name) + " (rename one)");
        }
        names.add(name);
        pictures.add(e);
        if (pictures.size() > limits.maxFiles()) {
          throw new BadOptionException("the zip holds more than " + limits.maxFiles() + " pictures, over this "
              + "server's limit (--max-batch-files); send fewer in each zip");
        }
      }
      if (pictures.isEmpty()) {
        throw new BadOptionException("the zip holds no pictures (PNG, JPEG, BMP, GIF or WebP files)");
      }
      Path root = into.toAbsolutePath().normalize();
      long total = 0;
      byte[] buffer = new byte[64 << 10];
      for (int i = 0; i < pictures.size(); i++) {
        Path target = root.resolve(names.get(i)).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
          throw new BadOptionException("the zip's entry " + names.get(i) + " points outside the zip");
        }
        Files.createDirectories(target.getParent());
        long size = 0;
        try (InputStream in = file.getInputStream(pictures.get(i));
            OutputStream out = Files.newOutputStream(target)) {
          for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            size += n;
            total += n;
            if (size > maxPictureBytes) {
              throw new BadOptionException("the zip's " + names.get(i) + " unpacks to more than "
                  + UploadLimits.sizeText(maxPictureBytes) + ", over the limit of one picture");
            }
            if (total > limits.maxUnpackedBytes()) {
              throw new BadOptionException("the zip unpacks to more than "
                  + UploadLimits.sizeText(limits.maxUnpackedBytes())
                  + ", over this server's limit (--max-batch-unpacked)");
            }
            out.write(buffer, 0, n);
          }
        } catch (BadOptionException e) {
          throw e;
        } catch (IOException | RuntimeException e) {
          throw new BadOptionException("the zip's " + names.get(i) + " cannot be unpacked (" + oneLine(e) + ")");
        }
      }
      return names;
    }
  }

  /**
   * An entry's path with {@code /} separators and without {@code .} parts; refuses absolute paths,
   * {@code ..} parts and symbolic links.
   */
  static String safeName(ZipArchiveEntry e) {
    String raw = e.getName().replace('\\', '/');
    if (raw.startsWith("/") || raw.matches("^[A-Za-z]:.*") || raw.indexOf('\0') >= 0) {
      throw new BadOptionException("the zip's entry " + printable(raw) + " has an absolute path; refused");
    }
    List<String> parts = new ArrayList<>();
    for (String part : raw.split("/")) {
      if (part.equals("..")) {
        throw new BadOptionException("the zip's entry " + printable(raw) + " points outside the zip (..); refused");
      }
      if (!part.isEmpty() && !part.equals(".")) {
        parts.add(part);
      }
    }
    if (e.isUnixSymlink()) {
      throw new BadOptionException("the zip's entry " + printable(raw) + " is a symbolic link; refused");
    }
    return String.join("/", parts);
  }

  /** Hidden files and folders, macOS's resource forks and files that are not pictures. */
  static boolean skipped(String name) {
    for (String part : name.split("/")) {
      if (part.startsWith(".") || part.equals("__MACOSX")) {
        return true;
      }
    }
    int dot = name.lastIndexOf('.');
    return dot < 0 || !PICTURES.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  private static String printable(String name) {
    String s = name.replaceAll("\\p{Cntrl}", "?");
    return s.length() > 120 ? s.substring(0, 120) + "..." : s;
  }

  private static String oneLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.lines().findFirst().orElse(m);
  }

  /**
   * Writes {@code result} atomically: every output the manifest says is done, at its relative path,
   * and the manifest, its lines without this server's folders ({@link #withoutFolder}).
   */
  static void pack(Path outputs, Path inputs, Path result) throws IOException {
    Manifest manifest = Manifest.in(outputs);
    Map<String, ManifestEntry> latest = manifest.read();
    AtomicFiles.writeStream(result, raw -> {
      ZipOutputStream zip = new ZipOutputStream(raw);
      for (ManifestEntry e : latest.values()) {
        if (!e.done() || e.output() == null) {
          continue;
        }
        Path out = outputs.resolve(e.output()).normalize();
        if (!out.startsWith(outputs.normalize()) || !Files.isRegularFile(out)) {
          continue;
        }
        zip.putNextEntry(new ZipEntry(e.output()));
        Files.copy(out, zip);
        zip.closeEntry();
      }
      zip.putNextEntry(new ZipEntry(Manifest.FILE_NAME));
      if (Files.exists(manifest.file())) {
        for (String line : Files.readAllLines(manifest.file(), StandardCharsets.UTF_8)) {
          zip.write((withoutFolder(line, inputs) + "\n").getBytes(StandardCharsets.UTF_8));
        }
      }
      zip.closeEntry();
      zip.finish();
    });
  }

  /** A manifest line with the inputs folder's path taken out of its input and error (the caller sees relative paths). */
  static String withoutFolder(String line, Path inputs) {
    try {
      JsonObject o = JsonParser.parseString(line).getAsJsonObject();
      for (String key : List.of("input", "error")) {
        if (o.has(key) && !o.get(key).isJsonNull()) {
          o.addProperty(key, withoutFolderText(o.get(key).getAsString(), inputs));
        }
      }
      return GSON.toJson(o);
    } catch (JsonParseException | IllegalStateException e) {
      return withoutFolderText(line, inputs); // a torn line stays as it is, less the folder
    }
  }

  static String withoutFolderText(String text, Path inputs) {
    if (text == null) {
      return null;
    }
    String abs = inputs.toAbsolutePath().normalize().toString();
    return text.replace(abs + java.io.File.separator, "").replace(abs, "the upload");
  }
}
