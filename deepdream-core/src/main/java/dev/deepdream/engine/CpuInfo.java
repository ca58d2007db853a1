package dev.deepdream.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The processor this JVM runs on: its model name and instruction-set flags (from
 * {@code /proc/cpuinfo} on Linux; the architecture alone elsewhere), which decide the kernels the
 * engine picks.
 *
 * @param model the CPU's model name, e.g. "AMD EPYC"
 * @param family the CPU family as the kernel reports it (e.g. "26" for Zen 5), or "" when unknown
 * @param flags every instruction-set flag, sorted
 * @param cores logical processors available to the JVM
 */
public record CpuInfo(String model, String family, Set<String> flags, int cores) {
  /** Flags that decide which kernels oneDNN and ATen may use, shown in listings. */
  private static final List<String> NOTABLE = List.of("avx2", "fma", "avx512f", "avx512bw", "avx512_vnni",
      "avx512_bf16", "avx512_fp16", "amx_tile", "amx_bf16", "amx_int8", "avx_vnni", "asimd", "sve");

  public CpuInfo {
    flags = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(flags)); // sorted: the key hashes them in order
  }

  /** This machine's processor. */
  public static CpuInfo current() {
    int cores = Runtime.getRuntime().availableProcessors();
    Path proc = Path.of("/proc/cpuinfo");
    if (Files.isReadable(proc)) {
      try {
        String model = null;
        String family = "";
        Set<String> flags = new TreeSet<>();
        for (String line : Files.readAllLines(proc)) {
          int colon = line.indexOf(':');
          if (colon < 0) {
            if (model != null && line.isBlank()) {
              break; // the first processor describes them all
            }
            continue;
          }
          String key = line.substring(0, colon).trim();
          String value = line.substring(colon + 1).trim();
          switch (key) {
            case "model name", "Model", "cpu model" -> model = model == null ? value : model;
            case "cpu family" -> family = value;
            case "flags", "Features" -> flags.addAll(List.of(value.split("\\s+")));
            default -> { }
          }
        }
        if (model != null || !flags.isEmpty()) {
          return new CpuInfo(model == null ? System.getProperty("os.arch") : model, family, flags, cores);
        }
      } catch (IOException | RuntimeException e) {
        // fall through to what Java knows
      }
    }
    return new CpuInfo(System.getProperty("os.arch"), "", Set.of(), cores);
  }

  /** The notable flags this CPU has, in a fixed order. */
  public List<String> notableFlags() {
    List<String> out = new ArrayList<>();
    for (String f : NOTABLE) {
      if (flags.contains(f)) {
        out.add(f);
      }
    }
    return out;
  }

  /** One line, e.g. "AMD EPYC (family 26), 2 cores, avx2 fma avx512f ... avx512_bf16". */
  public String describe() {
    List<String> notable = notableFlags();
    return model + (family.isEmpty() ? "" : " (family " + family + ")") + ", " + cores + " cores"
        + (notable.isEmpty() ? "" : ", " + String.join(" ", notable));
  }
}
