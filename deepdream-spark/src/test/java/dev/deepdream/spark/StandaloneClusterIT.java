package dev.deepdream.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.deepdream.batch.BatchItem;
import dev.deepdream.batch.Manifest;
import dev.deepdream.batch.ManifestEntry;
import dev.deepdream.image.ImageFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job through {@code spark-submit} on a real standalone cluster: runs bench/spark-standalone
 * (a Master, a Worker and its executor JVMs, made from Spark's Maven jars) with the job jar that
 * {@code package} built, on three small photos, the model shipped with {@code --archives}. The
 * outputs must be exactly the three pictures and the manifest, with the pixels that the CLI batch
 * gives in-process, and dreamed in executor JVMs that found the model in the unpacked archive.
 * The reference dreams on one thread, as the one-core executors do (failsafe's argLine): with
 * another thread count PyTorch's sums, and so the pixels, differ slightly (docs/cluster.md).
 * The same job with its inputs and outputs on HDFS (a MiniDFSCluster in this JVM, which the
 * cluster's JVMs reach over its port). Run by maven-failsafe in {@code verify}, after the job jar
 * exists.
 */
@Tag("model")
@Tag("cluster")
class StandaloneClusterIT {
  static final List<String> NAMES = SparkBatchTest.NAMES;

  @TempDir
  Path tmp;

  @BeforeEach
  void needs() {
    Path jar = Path.of(System.getProperty("deepdream.spark.jobJar", "deepdream-spark/target/missing-job.jar"));
    Path home = Path.of(System.getProperty("deepdream.home", "target/test-home")).toAbsolutePath();
    assumeTrue(Files.isExecutable(Path.of("/bin/bash"))
        && (Files.isExecutable(Path.of("/bin/tar")) || Files.isExecutable(Path.of("/usr/bin/tar"))),
        "bench/spark-standalone needs bash and tar");
    assumeTrue(Files.isDirectory(home.resolve("models")),
        "the tests' model home " + home + " holds no models; ./run-tests seeds it");
    assertThat(jar).as("the job jar (package builds it before failsafe runs)").isRegularFile();
  }

  @Test
  void sparkSubmitOnAStandaloneClusterDreamsInExecutorsWithTheShippedModelAndTheCliBatchPixels() throws Exception {
    Path root = Path.of("").toAbsolutePath(); // failsafe runs in the project root
    Path in = Files.createDirectories(tmp.resolve("in"));
    for (String n : NAMES) {
      Files.copy(root.resolve("examples/chelsea.png"), in.resolve(n));
    }
    // The reference first, in this JVM, as `deepdream batch --seed 7` dreams (and from the same home
    // that is packed for the executors).
    Path ref = reference(in);

    Path out = tmp.resolve("out");
    Path run = tmp.resolve("run");
    List<String> job = new ArrayList<>(List.of(in.toString(), "-o", out.toString()));
    job.addAll(List.of(SparkBatchTest.SETTINGS));
    int rc = standalone(run, job);
    String output = Files.readString(tmp.resolve("spark-standalone.log"), StandardCharsets.UTF_8);

    // (a) the job succeeded, and the script stopped the master and the worker.
    assertThat(rc).as("exit code of bench/spark-standalone; its output:\n" + output).isZero();
    List<String> daemons = new ArrayList<>();
    for (String name : List.of("master", "worker", "driver")) {
      String pid = Files.readString(run.resolve(name + ".pid")).strip();
      assertThat(ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive)).as(name + " still running")
          .isEmpty();
      daemons.add(pid);
    }
    // (b) exactly the three pictures and the manifest, no staging leftovers.
    try (Stream<Path> s = Files.walk(out)) {
      assertThat(s.filter(x -> !x.equals(out)).map(x -> out.relativize(x).toString()).sorted())
          .containsExactly("a.png", "b.png", "c.png", Manifest.FILE_NAME);
    }
    List<ManifestEntry> lines = Manifest.in(out).lines();
    assertThat(lines).extracting(ManifestEntry::relative).containsExactlyInAnyOrderElementsOf(NAMES);
    assertThat(lines).allMatch(ManifestEntry::done);
    // (c) the same pixels as in-process, with each input's derived seed.
    for (String n : NAMES) {
      assertThat(ImageFiles.read(out.resolve(n)).rgb()).as(n).isEqualTo(ImageFiles.read(ref.resolve(n)).rgb());
      assertThat(ImageFiles.readPngText(out.resolve(n)))
          .containsEntry("seed", Long.toString(BatchItem.deriveSeed(SparkBatchTest.SEED, n)));
    }
    // (d) the dreams ran in executor JVMs the worker started (work/APP/EXECUTOR/stderr), each in its own
    // process, taking the model from the archive unpacked in its own folder.
    List<Path> executors;
    try (Stream<Path> s = Files.walk(run.resolve("work"), 2)) {
      executors = s.filter(x -> Files.isRegularFile(x.resolve("stderr"))).sorted().toList();
    }
    assertThat(executors).as("executor folders under " + run.resolve("work")).isNotEmpty();
    List<String> dreamers = new ArrayList<>();
    int tasks = 0;
    for (Path e : executors) {
      String err = Files.readString(e.resolve("stderr"), StandardCharsets.UTF_8);
      assertThat(err).as(e + "/stderr").contains("org.apache.spark.executor.CoarseGrainedExecutorBackend");
      tasks += (int) err.lines().filter(l -> l.contains("Executor: Finished task")).count();
      Optional<String> dreamer = err.lines().filter(l -> l.startsWith("deepdream-spark: executor ")).findFirst();
      if (dreamer.isPresent()) {
        assertThat(err).as(e + "/stderr").contains("Unpacking an archive").contains("model.tgz#models");
        String from = dreamer.get().substring(dreamer.get().indexOf(" takes its models from ") + 23);
        assertThat(Path.of(from).normalize()).isEqualTo(e.resolve("models"));
        assertThat(e.resolve("models/models/inception_v3/weights.bin")).isRegularFile();
        dreamers.add(dreamer.get().replaceAll(".*\\(pid (\\d+)\\).*", "$1"));
      }
    }
    assertThat(dreamers).as("pids of the executors that dreamed (master, worker, driver: " + daemons + ")")
        .isNotEmpty().doesNotHaveDuplicates().doesNotContainAnyElementsOf(daemons);
    assertThat(tasks).as("tasks finished in executors").isPositive();
  }

  @Test
  void theSameJobReadsAndWritesHdfsFromExecutorJvms() throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    for (String n : NAMES) {
      Files.copy(Path.of("examples/chelsea.png"), in.resolve(n));
    }
    Path ref = reference(in);
    // A real HDFS in this JVM; the driver and the executors (other JVMs) reach it over its port.
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("hdfs").toString());
    MiniDFSCluster hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    try {
      hdfs.waitActive();
      FileSystem fs = hdfs.getFileSystem();
      String uri = fs.getUri().toString();
      fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(in.toUri()), new org.apache.hadoop.fs.Path(uri + "/photos"));
      List<String> job = new ArrayList<>(List.of(uri + "/photos", "-o", uri + "/dreams"));
      job.addAll(List.of(SparkBatchTest.SETTINGS));
      int rc = standalone(tmp.resolve("run"), job);
      assertThat(rc).as("exit code of bench/spark-standalone; see its output above").isZero();

      List<String> listed = new ArrayList<>();
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(new org.apache.hadoop.fs.Path(uri + "/dreams"), true);
      while (it.hasNext()) {
        listed.add(it.next().getPath().toString().substring((uri + "/dreams/").length()));
      }
      assertThat(listed).containsExactlyInAnyOrder("a.png", "b.png", "c.png", Manifest.FILE_NAME);
      Path copy = Files.createDirectories(tmp.resolve("copy"));
      fs.copyToLocalFile(false, new org.apache.hadoop.fs.Path(uri + "/dreams"),
          new org.apache.hadoop.fs.Path(copy.toUri()), true);
      assertThat(Manifest.in(copy.resolve("dreams")).lines()).hasSize(3).allMatch(ManifestEntry::done);
      for (String n : NAMES) {
        assertThat(ImageFiles.read(copy.resolve("dreams").resolve(n)).rgb()).as(n)
            .isEqualTo(ImageFiles.read(ref.resolve(n)).rgb());
      }
    } finally {
      hdfs.shutdown();
    }
  }

  private Path reference(Path in) throws Exception {
    return SparkBatchTest.reference(in, NAMES, tmp.resolve("ref"));
  }

  /**
   * Runs bench/spark-standalone with the job's arguments {@code job}, logging to
   * tmp/spark-standalone.log; its exit code.
   */
  private int standalone(Path run, List<String> job) throws Exception {
    Path root = Path.of("").toAbsolutePath();
    Path jar = Path.of(System.getProperty("deepdream.spark.jobJar", "deepdream-spark/target/missing-job.jar"));
    Path home = Path.of(System.getProperty("deepdream.home", "target/test-home")).toAbsolutePath();
    List<String> cmd = new ArrayList<>(List.of("bash", root.resolve("bench/spark-standalone").toString(), "--jar",
        jar.toString(), "--model-home", home.toString(), "--run-dir", run.toString()));
    cmd.addAll(job);
    Path log = tmp.resolve("spark-standalone.log");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    // The script's Maven call, offline like this build.
    if ("offline=true".equals(System.getProperty("deepdream.maven"))) {
      pb.environment().merge("MAVEN_ARGS", "-o", (a, b) -> a + " " + b);
    }
    long start = System.nanoTime();
    Process p = pb.start();
    int rc = waitOrStop(p, 6);
    System.out.println("bench/spark-standalone (" + (System.nanoTime() - start) / 1_000_000_000 + " s, exit " + rc
        + "):\n" + Files.readString(log, StandardCharsets.UTF_8));
    return rc;
  }

  /** Waits up to {@code minutes} for the script; past that, stops it (its trap stops the cluster) and fails. */
  private static int waitOrStop(Process p, int minutes) throws InterruptedException, IOException {
    if (p.waitFor(minutes, TimeUnit.MINUTES)) {
      return p.exitValue();
    }
    p.destroy(); // SIGTERM: the script's trap stops the driver, the worker (and its executors), the master
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    throw new AssertionError("bench/spark-standalone did not finish in " + minutes + " minutes");
  }
}
