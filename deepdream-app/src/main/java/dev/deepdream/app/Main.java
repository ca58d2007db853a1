package dev.deepdream.app;

/**
 * The runnable program: the commands of {@code deepdream-cli} plus {@code serve}, the web UI of
 * {@code deepdream-web}. This module also brings the engine's natives and the logging binding,
 * which the library leaves to its users.
 */
public final class Main {
  private Main() {}

  /** Runs the program and exits with its code: 0 done, 1 failed, 2 bad usage. */
  public static void main(String[] args) {
    System.exit(dev.deepdream.cli.Main.commandLine(new ServeCommand()).execute(args));
  }
}
