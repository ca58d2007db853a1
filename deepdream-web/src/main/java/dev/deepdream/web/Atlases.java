package dev.deepdream.web;

import dev.deepdream.batch.Manifest;
import dev.deepdream.batch.ManifestEntry;
import dev.deepdream.dream.BadOptionException;
import dev.deepdream.visualize.AtlasFolder;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The server's atlases: one folder each, {@code DATA/atlases/NAME/}, as {@code deepdream atlas -o}
 * writes them ({@link AtlasFolder}: the pictures by layer, {@code manifest.jsonl}, {@code atlas.json},
 * {@code index.html}). A name is checked before it reaches the file system, and a picture is
 * served only from inside its atlas's folder. Atlases outlive the jobs that drew them.
 */
final class Atlases {
  /** What an atlas's name looks like. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,79}");
  /** A layer's folder in an atlas, as {@code AtlasChannel#file} names it. */
  private static final Pattern LAYER = Pattern.compile("[A-Za-z0-9._-]{1,200}");
  /** A channel's picture, {@code 0007.png}. */
  private static final Pattern PICTURE = Pattern.compile("[0-9]{1,9}\\.png");

  private final Path root;

  Atlases(Path dataDir) throws IOException {
    this.root = dataDir.resolve("atlases");
    Files.createDirectories(root);
  }

  /**
   * Checks that {@code name} can be an atlas's.
   *
   * @throws BadOptionException naming the characters it may hold
   */
  static void checkName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new BadOptionException("bad atlas name '" + (name.length() > 40 ? name.substring(0, 40) + "..." : name)
          + "': 1 to 80 letters, digits, '.', '_' and '-', starting with a letter or digit");
    }
  }

  /** An atlas's name made from its model and layers: {@code inception_v3-mixed3-mixed4}. */
  static String defaultName(String model, List<String> layers) {
    String n = (model + "-" + String.join("-", layers)).replaceAll("[^A-Za-z0-9._-]", "_")
        .replaceFirst("^[^A-Za-z0-9]+", "");
    n = n.length() > 80 ? n.substring(0, 80) : n;
    return n.isEmpty() ? "atlas" : n;
  }

  /**
   * The folder of the atlas {@code name}, whether or not it exists.
   *
   * @throws BadOptionException when {@code name} cannot be an atlas's
   */
  Path dir(String name) {
    checkName(name);
    return root.resolve(name);
  }

  /** {@code text} with the folder of the atlas {@code name} written as {@code atlas NAME}, as its user knows it. */
  String withoutFolder(String name, String text) {
    if (name == null || !NAME.matcher(name).matches()) {
      return text;
    }
    return text.replace(root.resolve(name).toString(), "atlas " + name).replace(root.toString(), "the atlases");
  }

  /** The atlases that have an {@code atlas.json}, the latest written first. */
  List<String> names() throws IOException {
    List<Path> dirs = new ArrayList<>();
    try (DirectoryStream<Path> all = Files.newDirectoryStream(root)) {
      for (Path d : all) {
        if (NAME.matcher(d.getFileName().toString()).matches() && Files.isRegularFile(d.resolve(AtlasFolder.JSON))) {
          dirs.add(d);
        }
      }
    }
    dirs.sort(Comparator.comparing(Atlases::written).reversed().thenComparing(Path::getFileName));
    return dirs.stream().map(d -> d.getFileName().toString()).toList();
  }

  /** When an atlas's index was last written. */
  static FileTime written(Path dir) {
    try {
      return Files.getLastModifiedTime(dir.resolve(AtlasFolder.JSON));
    } catch (IOException e) {
      return FileTime.fromMillis(0); // removed meanwhile: last
    }
  }

  /** Whether {@code layer/file} can be a picture's path in the atlas {@code name}. */
  static boolean isPicturePath(String name, String layer, String file) {
    return NAME.matcher(name).matches() && LAYER.matcher(layer).matches() && !layer.equals(".")
        && !layer.equals("..") && PICTURE.matcher(file).matches();
  }

  /**
   * The picture {@code layer/file} of the atlas {@code name}, or null when there is none; nothing
   * outside the atlas's folder (a link included) is ever returned.
   */
  Path picture(String name, String layer, String file) throws IOException {
    if (!isPicturePath(name, layer, file)) {
      return null;
    }
    Path dir = root.resolve(name);
    Path p = dir.resolve(layer).resolve(file);
    if (!Files.isRegularFile(p)) {
      return null;
    }
    return p.toRealPath().startsWith(dir.toRealPath()) ? p : null;
  }

  /**
   * The first picture drawn of {@code layers} in the atlas {@code name} (in its manifest's order),
   * or null before there is one.
   */
  Path firstPicture(String name, List<String> layers) throws IOException {
    if (name == null || !NAME.matcher(name).matches()) {
      return null;
    }
    Path dir = root.resolve(name).toAbsolutePath().normalize();
    for (ManifestEntry e : Manifest.in(dir).read().values()) { // each channel's latest line
      String key = e.relative();
      int colon = key == null ? -1 : key.lastIndexOf(':');
      if (!e.done() || e.output() == null || colon < 0 || !layers.contains(key.substring(0, colon))) {
        continue;
      }
      Path p = dir.resolve(e.output()).normalize();
      if (p.startsWith(dir) && Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }
}
