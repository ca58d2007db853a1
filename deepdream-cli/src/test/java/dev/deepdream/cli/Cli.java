package dev.deepdream.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the CLI in-process with captured stdout and stderr. */
record Cli(int code, String out, String err) {
  static Cli run(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Cli(code, out.toString(), err.toString());
  }

  /** stderr's lines that are errors (progress lines excluded). */
  String errorLines() {
    return err.lines().filter(l -> l.startsWith("deepdream:")).reduce("", (a, b) -> a + b + "\n");
  }
}
