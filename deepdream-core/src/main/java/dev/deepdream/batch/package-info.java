/**
 * Many photos, resumable: {@link dev.deepdream.batch.BatchInputs} lists the inputs,
 * {@link dev.deepdream.batch.BatchRunner} dreams them one at a time with one model load, writes
 * each result through a {@link dev.deepdream.batch.BatchTarget} (a folder here, a Hadoop file
 * system in deepdream-spark) and records it in the {@link dev.deepdream.batch.Manifest}, so a
 * rerun skips what is done with the same settings.
 */
package dev.deepdream.batch;
