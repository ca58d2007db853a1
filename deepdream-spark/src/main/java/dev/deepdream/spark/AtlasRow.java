package dev.deepdream.spark;

import dev.deepdream.visualize.AtlasChannel;
import java.io.Serializable;

/**
 * What became of one channel on an executor, as it travels back to the driver, which publishes
 * the picture and writes the manifest and the index.
 *
 * @param channel the channel
 * @param seconds time spent
 * @param error the failure, or null when drawn and committed
 */
public record AtlasRow(AtlasChannel channel, double seconds, String error) implements Serializable {}
