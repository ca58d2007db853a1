/**
 * The {@code deepdream} command line (picocli): one {@code Callable<Integer>} per command, the
 * dream settings added to every command that dreams from the declarations
 * ({@link dev.deepdream.cli.DreamOptions}, {@code dev.deepdream.settings.DreamParams}), progress
 * on stderr, one-line errors and exit codes 0 (done), 1 (failed) and 2 (bad usage), set up in
 * {@link dev.deepdream.cli.Main}. The benchmarks ({@code bench}) live here too.
 */
package dev.deepdream.cli;
