package dev.deepdream.batch;

import dev.deepdream.dream.BadOptionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Turns what a user names into a batch's input files: a file is taken as it is; a folder gives
 * its pictures (PNG, JPEG, BMP, GIF, WebP by extension; hidden files left out), recursively; a
 * glob such as {@code photos/**}{@code /*.jpg} gives the files it matches below its fixed leading
 * folders. Folders and globs list in natural order ({@link NaturalOrder}) and give paths relative
 * to themselves; the same file named twice is taken once; files under {@code exclude} (the output
 * folder) are left out of folders and globs.
 */
public final class BatchInputs {
  private static final Set<String> PICTURES = Set.of("png", "jpg", "jpeg", "bmp", "gif", "webp");

  /**
   * One input file.
   *
   * @param path the file
   * @param relative its path relative to the folder or glob base it came from ({@code /} separators)
   */
  public record Input(Path path, String relative) {}

  private BatchInputs() {}

  /**
   * The inputs {@code specs} name, in the order given.
   *
   * @param exclude a folder whose files are never inputs of a folder or glob (null: none)
   * @throws BadOptionException naming a spec that matches nothing
   */
  public static List<Input> expand(List<String> specs, Path exclude) throws IOException {
    List<Input> out = new ArrayList<>();
    Set<Path> seen = new HashSet<>();
    Path ex = exclude == null ? null : exclude.toAbsolutePath().normalize();
    for (String spec : specs) {
      List<Input> found = expandOne(spec, ex);
      if (found.isEmpty()) {
        throw new BadOptionException("input " + spec + " matches no picture");
      }
      for (Input in : found) {
        if (seen.add(in.path().toAbsolutePath().normalize())) {
          out.add(in);
        }
      }
    }
    return out;
  }

  private static List<Input> expandOne(String spec, Path exclude) throws IOException {
    Path p = Path.of(spec);
    if (Files.isRegularFile(p)) {
      return List.of(new Input(p, p.getFileName().toString()));
    }
    if (Files.isDirectory(p)) {
      return walk(p, exclude, null);
    }
    if (!isGlob(spec)) {
      throw new BadOptionException("input " + spec + " does not exist");
    }
    String[] split = splitGlob(spec);
    Path base = Path.of(split[0].isEmpty() ? "." : split[0]);
    if (!Files.isDirectory(base)) {
      return List.of();
    }
    return walk(base, exclude, split[1]);
  }

  /** The files below {@code dir} that {@link #select} keeps (globPattern null: its pictures). */
  private static List<Input> walk(Path dir, Path exclude, String globPattern) throws IOException {
    Map<String, Path> byRelative = new HashMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      s.filter(Files::isRegularFile)
          .filter(f -> exclude == null || !f.toAbsolutePath().normalize().startsWith(exclude))
          .forEach(f -> byRelative.put(dir.relativize(f).toString().replace('\\', '/'), f));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return select(byRelative.keySet(), globPattern).stream().map(rel -> new Input(byRelative.get(rel), rel)).toList();
  }

  /**
   * What a folder or a glob keeps of a listing made elsewhere (a file system that is not this
   * machine's, such as HDFS): {@code relatives} are the files below the folder, or below the glob's
   * fixed leading folders ({@link #splitGlob}), with {@code /} separators.
   *
   * @param globPattern the glob's pattern for the rest, or null for a folder (its pictures)
   * @return the kept relative paths in natural order; hidden ones never
   */
  public static List<String> select(Collection<String> relatives, String globPattern) {
    if (globPattern == null) {
      return select(relatives, BatchInputs::isPicture);
    }
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + globPattern);
    return select(relatives, rel -> matcher.matches(Path.of(rel)));
  }

  private static List<String> select(Collection<String> relatives,
      Predicate<String> accept) {
    return relatives.stream().filter(rel -> !isHidden(rel) && accept.test(rel))
        .sorted(NaturalOrder.INSTANCE).toList();
  }

  /** Whether a name is one a folder's pictures include, by extension. */
  static boolean isPicture(String name) {
    int dot = name.lastIndexOf('.');
    return dot >= 0 && PICTURES.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /** Any part starting with a dot (temporary files, .git). */
  private static boolean isHidden(String relative) {
    for (String part : relative.split("/")) {
      if (part.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code spec} holds a glob character: * ? [ or a brace. */
  public static boolean isGlob(String spec) {
    return spec.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
  }

  /** {fixed leading folders, the pattern for the rest}: "a/b/*.png" gives {"a/b", "*.png"}. */
  public static String[] splitGlob(String spec) {
    String s = spec.replace('\\', '/');
    String[] parts = s.split("/", -1);
    StringBuilder base = new StringBuilder();
    int i = 0;
    for (; i < parts.length - 1 && !isGlob(parts[i]); i++) {
      base.append(parts[i]).append('/');
    }
    String rest = String.join("/", java.util.Arrays.asList(parts).subList(i, parts.length));
    String b = base.toString();
    if (b.length() > 1 && b.endsWith("/")) {
      b = b.substring(0, b.length() - 1);
    }
    return new String[] {b, rest};
  }
}
