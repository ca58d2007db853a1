package dev.deepdream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The layout the modules promise, read from the sources: no package cycles, and the library
 * (deepdream-core) knows nothing of the command line, the web server, Spark or their libraries.
 */
@Tag("fast")
class ArchitectureTest {
  private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([a-z][\\w.]*)\\.[A-Z]", Pattern.MULTILINE);
  private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\n]*", Pattern.DOTALL);
  private static final Pattern QUALIFIED = Pattern.compile("\\b(dev\\.deepdream\\.[a-z]+)\\.[A-Z]");

  /** Package -> the packages its main sources use, for every module. */
  private static Map<String, Set<String>> packageGraph(String... modules) throws IOException {
    Map<String, Set<String>> graph = new TreeMap<>();
    for (String module : modules) {
      Path root = Path.of(module, "src", "main", "java");
      try (Stream<Path> files = Files.walk(root)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          String pkg = root.relativize(f.getParent()).toString().replace('/', '.');
          // Code only: a comment may name a package without depending on it.
          String text = COMMENT.matcher(Files.readString(f)).replaceAll(" ");
          Set<String> uses = graph.computeIfAbsent(pkg, k -> new TreeSet<>());
          for (Matcher m = IMPORT.matcher(text); m.find(); ) {
            uses.add(m.group(1));
          }
          for (Matcher m = QUALIFIED.matcher(text); m.find(); ) {
            uses.add(m.group(1));
          }
          uses.remove(pkg);
        }
      }
    }
    return graph;
  }

  @Test
  void noPackageDependsOnItselfThroughOthers() throws IOException {
    Map<String, Set<String>> graph = packageGraph("deepdream-core", "deepdream-video", "deepdream-cli",
        "deepdream-web", "deepdream-app", "deepdream-spark");
    assertThat(graph).containsKeys("dev.deepdream.model", "dev.deepdream.dream", "dev.deepdream.image",
        "dev.deepdream.settings", "dev.deepdream.batch", "dev.deepdream.video", "dev.deepdream.cli",
        "dev.deepdream.web", "dev.deepdream.app", "dev.deepdream.spark");
    List<String> cycles = new ArrayList<>();
    for (String start : graph.keySet()) {
      if (reaches(graph, start, start, new TreeSet<>())) {
        cycles.add(start);
      }
    }
    assertThat(cycles).as("packages on a dependency cycle").isEmpty();
  }

  @Test
  void theLibraryKnowsNothingOfTheCommandLineTheWebOrSpark() throws IOException {
    Map<String, Set<String>> core = packageGraph("deepdream-core");
    for (Map.Entry<String, Set<String>> e : core.entrySet()) {
      for (String used : e.getValue()) {
        assertThat(used).as(e.getKey() + " uses " + used).doesNotStartWith("dev.deepdream.cli")
            .doesNotStartWith("dev.deepdream.web").doesNotStartWith("dev.deepdream.app")
            .doesNotStartWith("dev.deepdream.spark").doesNotStartWith("org.apache.spark").doesNotStartWith("picocli")
            .doesNotStartWith("io.javalin").doesNotStartWith("me.tongfei").doesNotStartWith("org.slf4j.simple");
      }
    }
  }

  @Test
  void thePhotoLibraryKnowsNothingOfVideoAndVideoNothingOfTheApplications() throws IOException {
    for (Map.Entry<String, Set<String>> e : packageGraph("deepdream-core").entrySet()) {
      for (String used : e.getValue()) {
        assertThat(used).as(e.getKey() + " uses " + used).doesNotStartWith("dev.deepdream.video")
            .doesNotStartWith("org.opencv").doesNotStartWith("nu.pattern");
      }
    }
    for (Map.Entry<String, Set<String>> e : packageGraph("deepdream-video").entrySet()) {
      for (String used : e.getValue()) {
        assertThat(used).as(e.getKey() + " uses " + used).doesNotStartWith("dev.deepdream.cli")
            .doesNotStartWith("dev.deepdream.web").doesNotStartWith("dev.deepdream.app")
            .doesNotStartWith("dev.deepdream.spark").doesNotStartWith("org.apache.spark").doesNotStartWith("picocli")
            .doesNotStartWith("io.javalin").doesNotStartWith("me.tongfei");
      }
    }
  }

  private static final List<String> MODULES = List.of("deepdream-core", "deepdream-video", "deepdream-cli",
      "deepdream-web", "deepdream-app", "deepdream-spark");

  @Test
  void everyPackageSaysWhatItHoldsInItsPackageInfo() throws IOException {
    List<String> missing = new ArrayList<>();
    for (String module : MODULES) {
      try (Stream<Path> files = Files.walk(Path.of(module, "src", "main", "java"))) {
        files.filter(p -> p.toString().endsWith(".java")).map(Path::getParent).distinct()
            .filter(dir -> !Files.isRegularFile(dir.resolve("package-info.java"))).forEach(d -> missing.add(d.toString()));
      }
    }
    assertThat(missing).as("packages without a package-info.java").isEmpty();
  }

  /** A file one reader cannot hold: over this many lines, its Javadoc must say why it is one file. */
  private static final int LONG_FILE = 400;

  @Test
  void mainFilesOverFourHundredLinesSayWhyInTheirJavadoc() throws IOException {
    List<String> unexplained = new ArrayList<>();
    for (String module : MODULES) {
      try (Stream<Path> files = Files.walk(Path.of(module, "src", "main", "java"))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          List<String> lines = Files.readAllLines(f);
          if (lines.size() > LONG_FILE && lines.stream().noneMatch(l -> l.contains("One file of over " + LONG_FILE
              + " lines because"))) {
            unexplained.add(f + " (" + lines.size() + " lines)");
          }
        }
      }
    }
    assertThat(unexplained).as("main files over " + LONG_FILE + " lines whose Javadoc does not say why").isEmpty();
  }

  private static boolean reaches(Map<String, Set<String>> graph, String from, String target, Set<String> seen) {
    for (String next : graph.getOrDefault(from, Set.of())) {
      if (next.equals(target)) {
        return true;
      }
      if (graph.containsKey(next) && seen.add(next) && reaches(graph, next, target, seen)) {
        return true;
      }
    }
    return false;
  }
}
