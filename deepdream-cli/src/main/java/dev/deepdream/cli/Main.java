package dev.deepdream.cli;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code deepdream} command: dream, layers, models, bench, serve. */
@Command(name = "deepdream", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
    description = "Make a pretrained image network dream on a photo (DeepDream, as in TensorFlow's tutorial).",
    subcommands = {DreamCommand.class, LayersCommand.class, ModelsCommand.class, BenchCommand.class, ServeCommand.class, PresetsCommand.class, ZoomCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Runs the CLI and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code: 0 done, 1 failed, 2 bad usage. */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** The configured command line (tests capture its output with setOut/setErr). */
  public static CommandLine commandLine() {
    // Offline: DJL must never reach out at run time (natives come from the Maven jar).
    System.setProperty("ai.djl.offline", "true");
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      commandLine.getErr().println("deepdream: error: " + oneLine(ex));
      commandLine.getErr().flush();
      return ex instanceof BadOptionException || ex instanceof CommandLine.ParameterException ? 2 : 1;
    });
    cl.setParameterExceptionHandler((ex, args) -> {
      CommandLine c = ex.getCommandLine();
      c.getErr().println("deepdream: usage error: " + oneLine(ex));
      c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
      c.getErr().flush();
      return 2;
    });
    return cl;
  }

  static String oneLine(Throwable ex) {
    String m = ex.getMessage();
    if (m == null || m.isBlank()) {
      m = ex.getClass().getSimpleName();
    }
    return m.lines().findFirst().orElse(m);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Reports the program version. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"deepdream " + Version.get(), "Java " + System.getProperty("java.version")};
    }
  }
}
