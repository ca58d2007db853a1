package dev.deepdream.cli;

import dev.deepdream.dream.Presets;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code deepdream presets}: the named settings and what each looks like. */
@Command(name = "presets",
    description = "List the presets for 'dream --preset NAME' with what each looks like and what it sets.")
final class PresetsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    for (Presets.Preset p : Presets.all().values()) {
      out.printf("%-9s %s%n", p.name(), p.looks());
      out.printf("%-9s   %s%n", "", Presets.describe(p.name()));
    }
    out.println("Pictures of each: docs/gallery.md");
    out.flush();
    return 0;
  }
}
