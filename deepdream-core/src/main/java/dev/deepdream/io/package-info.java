/**
 * Files written so that nothing the user had is lost: {@link dev.deepdream.io.AtomicFiles}
 * writes through a temporary file and a rename, and deletes trees; {@link dev.deepdream.io.Sha256}
 * hashes what the caches and records name.
 */
package dev.deepdream.io;
