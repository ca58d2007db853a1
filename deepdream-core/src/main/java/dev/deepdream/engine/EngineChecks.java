package dev.deepdream.engine;

import dev.deepdream.io.AtomicFiles;
import dev.deepdream.model.LoadedModel;
import dev.deepdream.model.Network;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The engine checks kept in a model home ({@code HOME/engine-checks/MODEL.json}): a model's
 * stored verdict is used while its {@link EngineKey} is unchanged, and the check is run again
 * (and the file replaced, atomically) when the CPU, engine, natives, threads, math mode or model
 * differ.
 */
public final class EngineChecks {
  private EngineChecks() {}

  /** Where the verdict for {@code model} lives under {@code home}. */
  public static Path file(Path home, String model) {
    return home.resolve("engine-checks").resolve(model + ".json");
  }

  /** The stored verdict for {@code model}, or null when there is none or it cannot be read. */
  public static EngineReport stored(Path home, String model) {
    Path f = file(home, model);
    if (!Files.isRegularFile(f)) {
      return null;
    }
    try {
      return EngineReport.fromJson(Files.readString(f, StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      return null; // a damaged or older file is checked again
    }
  }

  /**
   * Puts {@code net} on the plan the check chose for this machine, checking first when no verdict
   * is stored under this key (about 10 s on 2 cores; then cached), and returns the verdict.
   *
   * @throws EngineCheckException when no plan is right
   */
  public static EngineReport ensure(Path home, LoadedModel model, Network net, Consumer<String> log) throws IOException {
    return ensure(home, model, net, EngineKey.of(net), EngineCheck.Options.defaults(), log);
  }

  /** {@link #ensure(Path, LoadedModel, Network, Consumer)} under a given key and options (tests). */
  public static EngineReport ensure(Path home, LoadedModel model, Network net, EngineKey key, EngineCheck.Options options,
      Consumer<String> log) throws IOException {
    String name = model.info().name();
    EngineReport stored = options.faultyPlans().isEmpty() ? stored(home, name) : null;
    if (stored != null && key.equals(stored.key()) && stored.passed()) {
      net.use(stored.chosen());
      return stored;
    }
    String why = stored == null ? "first use of " + name + " on this machine"
        : key.equals(stored.key()) ? "the last check found no right plan" : "changed: " + key.differences(stored.key());
    log.accept("checking the engine's kernels for " + name + " on this CPU against a float64 reference (" + why
        + "; about 10 s, then cached)");
    EngineReport report = EngineCheck.run(model, net, key, options, text -> log.accept("  engine check: " + text));
    if (options.faultyPlans().isEmpty()) {
      Path f = file(home, name);
      Files.createDirectories(f.getParent());
      AtomicFiles.write(f, tmp -> Files.writeString(tmp, report.toJson(), StandardCharsets.UTF_8));
    }
    if (!report.passed()) {
      throw new EngineCheckException(report);
    }
    log.accept("engine check: plan " + report.chosen().name() + String.format(java.util.Locale.ROOT,
        " (%.1f s; %s)", report.seconds(), file(home, name)));
    return report;
  }
}
