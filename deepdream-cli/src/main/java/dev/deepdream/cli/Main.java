package dev.deepdream.cli;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.Version;
import dev.deepdream.engine.EngineLog;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code deepdream} command and its subcommands (dream, video, layers, models, presets, zoom, batch,
 * visualize, atlas, bench, doctor); the application adds {@code serve}. Every command that dreams gets the
 * dream settings as options from {@link DreamOptions}, and visualize and atlas theirs from
 * {@link VisualizeOptions}.
 */
// scope INHERIT: every subcommand gets --help, --version and this version provider from here.
@Command(name = "deepdream", scope = CommandLine.ScopeType.INHERIT, mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = "Make a pretrained image network dream on a photo (DeepDream, as in TensorFlow's tutorial).",
    subcommands = {DreamCommand.class, VideoCommand.class, LayersCommand.class, ModelsCommand.class, PresetsCommand.class,
        ZoomCommand.class, BatchCommand.class, VisualizeCommand.class, AtlasCommand.class, BenchCommand.class,
        DoctorCommand.class, CommandLine.HelpCommand.class})
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
      if (sub.getCommand() instanceof DreamOptions.Taker taker) {
        DreamOptions.addTo(sub.getCommandSpec(), taker);
      }
      if (sub.getCommand() instanceof VideoCommand) {
        VideoOptions.addTo(sub.getCommandSpec());
      }
      if (sub.getCommand() instanceof VisualizeOptions.Taker taker) {
        VisualizeOptions.addTo(sub.getCommandSpec(), taker);
      }
    }
    cl.setExecutionStrategy(parseResult -> {
      boolean verbose = quietEngine(parseResult);
      try {
        return new CommandLine.RunLast().execute(parseResult);
      } catch (Error e) {
        // picocli hands only Exceptions to the handler below: an Error (out of memory, a missing
        // native library) would otherwise end the program in a stack trace.
        return fail(parseResult.commandSpec().commandLine(), e, verbose);
      }
    });
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> fail(commandLine, ex, isVerbose(parseResult)));
    cl.setParameterExceptionHandler((ex, args) -> {
      CommandLine c = ex.getCommandLine();
      c.getErr().println("deepdream: usage error: " + oneLine(ex));
      c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
      c.getErr().flush();
      return 2;
    });
    return cl;
  }

  /**
   * Hides the engine's warnings (and DJL's info log) for a command that uses the engine, unless
   * --verbose; returns whether --verbose was given.
   */
  private static boolean quietEngine(CommandLine.ParseResult parseResult) {
    boolean verbose = isVerbose(parseResult);
    boolean help = false;
    Object command = null;
    for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
      help |= p.isUsageHelpRequested() || p.isVersionHelpRequested();
      command = p.commandSpec().userObject();
    }
    if (verbose) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info"); // before DJL's first logger
    }
    if (command instanceof UsesEngine && !help) {
      EngineLog.showWarnings(verbose);
    }
    return verbose;
  }

  private static boolean isVerbose(CommandLine.ParseResult parseResult) {
    for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Reports a failure as one line (and its stack trace only with --verbose); returns the exit
   * code: 2 for bad usage, 1 for anything else.
   */
  static int fail(CommandLine commandLine, Throwable ex, boolean verbose) {
    java.io.PrintWriter err = commandLine.getErr();
    err.println("deepdream: error: " + oneLine(ex));
    if (verbose) {
      ex.printStackTrace(err);
    }
    err.flush();
    return ex instanceof BadOptionException || ex instanceof CommandLine.ParameterException ? 2 : 1;
  }

  static String oneLine(Throwable ex) {
    if (ex instanceof OutOfMemoryError) {
      return "out of memory (" + ex.getMessage() + "): give Java more with DEEPDREAM_JAVA_OPTS=-Xmx8g, or make the"
          + " work smaller (--max-dim, --memory)";
    }
    String m = ex.getMessage();
    if (m == null || m.isBlank()) {
      m = ex.getClass().getSimpleName();
    } else if (ex instanceof Error) {
      m = ex.getClass().getSimpleName() + ": " + m; // "UnsatisfiedLinkError: ..." says more than the message alone
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
