package dev.deepdream.cli;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.Version;
import dev.deepdream.engine.EngineLog;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code deepdream} command and its subcommands (dream, video, layers, models, presets, zoom, batch,
 * bench, doctor); the application adds {@code serve}. Every command that dreams gets the dream settings
 * as options from {@link DreamOptions}.
 */
@Command(name = "deepdream", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
    description = "Make a pretrained image network dream on a photo (DeepDream, as in TensorFlow's tutorial).",
    subcommands = {DreamCommand.class, VideoCommand.class, LayersCommand.class, ModelsCommand.class, PresetsCommand.class,
        ZoomCommand.class, BatchCommand.class, BenchCommand.class, DoctorCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
      description = "also show the engine's own warnings and log (hidden by default: they say nothing about your dream)")
  boolean verbose;

  /** A command that computes on the engine: the engine's warnings are hidden while it runs unless --verbose. */
  public interface UsesEngine {}

  /** Runs the CLI and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code: 0 done, 1 failed, 2 bad usage. */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /**
   * The configured command line (tests capture its output with setOut/setErr).
   *
   * @param more further subcommands (the application's serve)
   */
  public static CommandLine commandLine(Object... more) {
    // Offline: DJL must never reach out at run time (natives come from the Maven jar).
    System.setProperty("ai.djl.offline", "true");
    CommandLine cl = new CommandLine(new Main());
    for (Object command : more) {
      cl.addSubcommand(command);
    }
    for (CommandLine sub : cl.getSubcommands().values()) {
      if (sub.getCommand() instanceof DreamOptions.Taker) {
        DreamOptions.addTo(sub.getCommandSpec());
      }
      if (sub.getCommand() instanceof VideoCommand) {
        VideoOptions.addTo(sub.getCommandSpec());
      }
    }
    cl.setExecutionStrategy(parseResult -> {
      quietEngine(parseResult);
      return new CommandLine.RunLast().execute(parseResult);
    });
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

  /** Hides the engine's warnings (and DJL's info log) for a command that uses the engine, unless --verbose. */
  private static void quietEngine(CommandLine.ParseResult parseResult) {
    boolean verbose = false;
    boolean help = false;
    Object command = null;
    for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
      verbose |= p.hasMatchedOption("--verbose");
      help |= p.isUsageHelpRequested() || p.isVersionHelpRequested();
      command = p.commandSpec().userObject();
    }
    if (verbose) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info"); // before DJL's first logger
    }
    if (command instanceof UsesEngine && !help) {
      EngineLog.showWarnings(verbose);
    }
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
  public static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"deepdream " + Version.get(), "Java " + System.getProperty("java.version")};
    }
  }
}
