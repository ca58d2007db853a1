/**
 * The runnable program: the CLI's commands plus {@code serve} (the web UI), with the engine's
 * natives and a logging binding, which the library leaves to its users.
 */
package dev.deepdream.app;
