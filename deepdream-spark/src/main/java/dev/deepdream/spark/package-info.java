/**
 * DeepDream as Apache Spark 3.5 applications: {@link dev.deepdream.spark.SparkBatch}, a batch of
 * photos, {@link dev.deepdream.spark.SparkVideo}, one long video in segments, and
 * {@link dev.deepdream.spark.SparkAtlas}, a feature-visualisation atlas of a model's channels
 * (main classes for {@code spark-submit}; docs/cluster.md, docs/visualize.md). All read their
 * arguments through one parser ({@code SparkArgs}), the batch's own options in
 * {@link dev.deepdream.spark.JobArgs}, the video's in {@link dev.deepdream.spark.SparkVideo.Args}
 * and the atlas's in {@link dev.deepdream.spark.AtlasArgs}; the atlas's channels are drawn by
 * {@link dev.deepdream.spark.AtlasPartition} and committed through the same output store.
 *
 * <p><b>On the driver.</b> The batch expands the inputs (local ones as core's {@code BatchInputs}
 * does, Hadoop ones with {@code HadoopInputs}), decodes the settings to reject bad ones before any
 * executor starts, fixes the batch seed, skips what the manifest says is done, and after the job
 * publishes the committed outputs and writes {@code manifest.jsonl}: executors never touch the
 * manifest. The video plans the render (frame count, scene cuts, segments, the one seed every
 * segment uses) and encodes the frames with the sound at the end.
 *
 * <p><b>On the executors.</b> Tasks carry only text and numbers ({@link dev.deepdream.spark.ItemSpec},
 * the settings as the codec's text, {@link dev.deepdream.spark.HadoopConf}), as paths and Hadoop's
 * {@code Configuration} do not serialize. Each executor JVM loads the model once
 * ({@link dev.deepdream.spark.ExecutorDreamer}) and dreams its partitions
 * ({@link dev.deepdream.spark.DreamPartition}) or its segments, each item with the seed the CLI
 * would derive, so the pixels equal the CLI's with the same thread count.
 *
 * <p><b>The stores.</b> A plain path is a folder the driver and every executor mount at the same
 * place; a path with a scheme ({@code hdfs://}, {@code s3a://}) goes through Hadoop's
 * {@code FileSystem} ({@code Locations} tells them apart). The batch's OUTDIR is an
 * {@link dev.deepdream.spark.OutputStore}: {@link dev.deepdream.spark.LocalStore} (hard-link
 * commits) or {@link dev.deepdream.spark.HadoopStore} (rename commits); a task attempt writes
 * each picture whole to scratch and commits it into a staging folder, the first attempt winning,
 * so retries and speculative copies never leave a duplicate or partial file. The video's frames
 * go to a frame folder mirrored to and from local ones ({@code FrameStore}, {@code HadoopVideo})
 * where ffmpeg cannot open the files itself, each frame whole, so a retried segment continues
 * after its last one.
 */
package dev.deepdream.spark;
