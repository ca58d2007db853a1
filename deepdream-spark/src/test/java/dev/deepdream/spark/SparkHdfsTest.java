package dev.deepdream.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepdream.batch.BatchSummary;
import dev.deepdream.batch.Manifest;
import dev.deepdream.batch.ManifestEntry;
import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.DeepDream;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.Picture;
import dev.deepdream.support.TestModels;
import dev.deepdream.video.Ffmpeg;
import dev.deepdream.video.PanClip;
import dev.deepdream.video.VideoDreamer;
import dev.deepdream.video.VideoInfo;
import dev.deepdream.video.VideoListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark jobs on HDFS, a real name node and data node in this JVM (Hadoop's MiniDFSCluster),
 * reached only through {@code hdfs://} paths: the photo batch with its inputs, outputs and
 * manifest there, and a clip dreamed in segments from HDFS into an MP4 on HDFS.
 */
@Tag("model")
class SparkHdfsTest {
  static final long SEED = 7;
  static final String[] SETTINGS = SparkBatchTest.SETTINGS;
  static final List<String> GOOD = List.of("a.png", "c.png", "sub/b.png");

  @TempDir
  static Path base;
  static MiniDFSCluster hdfs;
  static FileSystem fs;
  static String root;

  @TempDir
  Path tmp;

  @BeforeAll
  static void startHdfs() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.resolve("hdfs").toString());
    hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    hdfs.waitActive();
    fs = hdfs.getFileSystem();
    root = fs.getUri().toString();
  }

  @AfterAll
  static void stopHdfs() {
    if (hdfs != null) {
      hdfs.shutdown();
    }
  }

  private static org.apache.hadoop.fs.Path hdfsPath(String p) {
    return new org.apache.hadoop.fs.Path(root + p);
  }

  private BatchSummary spark(String master) throws Exception {
    List<String> args = new ArrayList<>(List.of(root + "/photos", "-o", root + "/dreams"));
    args.addAll(List.of(SETTINGS));
    SparkConf conf = new SparkConf().setAppName("deepdream hdfs test").setMaster(master)
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1");
    return SparkBatch.run(JobArgs.parse(args.toArray(String[]::new)), conf);
  }

  /** Every file under {@code dir} on HDFS, relative, sorted. */
  private static List<String> listing(String dir) throws Exception {
    List<String> out = new ArrayList<>();
    String prefix = fs.makeQualified(hdfsPath(dir)) + "/";
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(hdfsPath(dir), true);
    while (it.hasNext()) {
      out.add(it.next().getPath().toString().substring(prefix.length()));
    }
    out.sort(null);
    return out;
  }

  @Test
  void photosOnHdfsAreDreamedIntoHdfsOnceEachWithTheCliPixelsAndARerunSkipsThem() throws Exception {
    Path chelsea = Path.of("examples/chelsea.png");
    for (String n : GOOD) {
      fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(chelsea.toAbsolutePath().toUri()), hdfsPath("/photos/" + n));
    }
    try (var out = fs.create(hdfsPath("/photos/bad.png"))) {
      out.write("not a picture".getBytes(StandardCharsets.UTF_8));
    }

    // The first attempt of the first task dies after writing a picture (local[2,2]: two attempts).
    System.setProperty(AttemptTarget.FAIL_FIRST_ATTEMPT, "true");
    BatchSummary first;
    try {
      first = spark("local[2,2]");
    } finally {
      System.clearProperty(AttemptTarget.FAIL_FIRST_ATTEMPT);
    }
    assertThat(first.done()).isEqualTo(3);
    assertThat(first.failed()).hasSize(1);
    // Each output once; no staging, scratch or temporary manifest left on HDFS.
    assertThat(listing("/dreams")).containsExactly("a.png", "c.png", Manifest.FILE_NAME, "sub/b.png");

    Path copy = Files.createDirectories(tmp.resolve("copy"));
    fs.copyToLocalFile(false, hdfsPath("/dreams"), new org.apache.hadoop.fs.Path(copy.toUri()), true);
    Path dreams = copy.resolve("dreams");
    List<ManifestEntry> lines = Manifest.in(dreams).lines();
    assertThat(lines).hasSize(4);
    ManifestEntry bad = lines.stream().filter(e -> e.relative().equals("bad.png")).findFirst().orElseThrow();
    assertThat(bad.status()).isEqualTo("failed");
    assertThat(bad.input()).isEqualTo(root + "/photos/bad.png");
    assertThat(bad.error()).startsWith(root + "/photos/bad.png is not an image");
    ManifestEntry b = lines.stream().filter(e -> e.relative().equals("sub/b.png")).findFirst().orElseThrow();
    assertThat(b.done()).isTrue();
    assertThat(b.output()).isEqualTo("sub/b.png");
    assertThat(b.input()).isEqualTo(root + "/photos/sub/b.png");

    // The same items through BatchRunner in-process from local files, as `deepdream batch --seed 7` runs them.
    Path in = tmp.resolve("in");
    for (String n : GOOD) {
      Files.createDirectories(in.resolve(n).getParent());
      Files.copy(chelsea, in.resolve(n));
    }
    Path ref = SparkBatchTest.reference(in, GOOD, tmp.resolve("ref"));
    for (String n : GOOD) {
      assertThat(ImageFiles.read(dreams.resolve(n)).rgb()).as(n).isEqualTo(ImageFiles.read(ref.resolve(n)).rgb());
    }

    // A rerun skips the three finished ones (hashing them on HDFS) and retries the failed one.
    BatchSummary again = spark("local[2]");
    assertThat(again.skipped()).isEqualTo(3);
    assertThat(again.failed()).hasSize(1);
    assertThat(listing("/dreams")).containsExactly("a.png", "c.png", Manifest.FILE_NAME, "sub/b.png");
    try (var r = fs.open(hdfsPath("/dreams/" + Manifest.FILE_NAME))) {
      assertThat(new String(r.readAllBytes(), StandardCharsets.UTF_8).lines()).hasSize(5);
    }
  }

  @Test
  void hdfsFoldersAndGlobsListLikeLocalOnes() throws Exception {
    for (String n : List.of("l/x10.png", "l/x9.jpg", "l/notes.txt", "l/.hidden.png", "l/deep/y.png",
        "l/out/old.png")) {
      try (var out = fs.create(hdfsPath("/" + n))) {
        out.write(1);
      }
    }
    Configuration conf = fs.getConf();
    // A folder: its pictures, natural order, hidden files and OUTDIR left out.
    assertThat(SparkBatch.inputs(List.of(root + "/l"), root + "/l/out", conf))
        .extracting(ItemSpec::relativePath).containsExactly("deep/y.png", "x9.jpg", "x10.png");
    // A glob below its fixed folders, and a file by itself, named twice: taken once.
    assertThat(SparkBatch.inputs(List.of(root + "/l/**/*.png", root + "/l/deep/y.png"), root + "/elsewhere", conf))
        .extracting(ItemSpec::input, ItemSpec::relativePath)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(root + "/l/deep/y.png", "deep/y.png"),
            org.assertj.core.groups.Tuple.tuple(root + "/l/out/old.png", "out/old.png"));
    assertThatThrownBy(() -> SparkBatch.inputs(List.of(root + "/l/missing"), root + "/o", conf))
        .isInstanceOf(BadOptionException.class).hasMessage("input " + root + "/l/missing does not exist");
    assertThatThrownBy(() -> SparkBatch.inputs(List.of(root + "/l/*.gif"), root + "/o", conf))
        .isInstanceOf(BadOptionException.class).hasMessage("input " + root + "/l/*.gif matches no picture");
    // An input list on HDFS naming HDFS inputs (blank lines and # comments skipped).
    try (var out = fs.create(hdfsPath("/lists/photos.txt"))) {
      out.write(("# the deep one and a glob\n\n" + root + "/l/deep/y.png\n  " + root + "/l/x*.*\n")
          .getBytes(StandardCharsets.UTF_8));
    }
    List<String> listed = SparkBatch.readList(root + "/lists/photos.txt", conf);
    assertThat(listed).containsExactly(root + "/l/deep/y.png", root + "/l/x*.*");
    assertThat(SparkBatch.inputs(listed, root + "/o", conf)).extracting(ItemSpec::relativePath)
        .containsExactly("y.png", "x9.jpg", "x10.png");

    // An OUTDIR that is a file is refused; one that is not there yet is made with the first output.
    HadoopConf hc = HadoopConf.of(conf);
    assertThatThrownBy(() -> OutputStore.of(root + "/l/x9.jpg", "job", hc).prepare())
        .isInstanceOf(BadOptionException.class).hasMessage("output " + root + "/l/x9.jpg is a file, not a folder");
    OutputStore.of(root + "/not-yet", "job", hc).prepare();
    assertThat(fs.exists(hdfsPath("/not-yet"))).isFalse();
  }

  @Test
  void aClipOnHdfsIsDreamedInSegmentsIntoAnMp4OnHdfsEqualToAOnePieceRender() throws Exception {
    int frames = 12;
    List<Picture> list = new ArrayList<>();
    Picture coffee = ImageFiles.read(Path.of("examples/coffee.png"));
    Picture rocket = ImageFiles.read(Path.of("examples/rocket.jpg"));
    for (int t = 0; t < frames / 2; t++) {
      list.add(PanClip.crop(coffee, 20 + t * 3, 20 + t, 160, 112));
    }
    for (int t = 0; t < frames / 2; t++) {
      list.add(PanClip.crop(rocket, 200 + t * 3, 100 + t, 160, 112));
    }
    Path clip = tmp.resolve("cut.mp4");
    PanClip.encode(list, 10, true, clip);
    fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(clip.toUri()), hdfsPath("/video/cut.mp4"));
    String[] common = {"--model", TestModels.INCEPTION, "--seed", "3"};

    // Two segments split at the cut (frame 7); the first one's first attempt dies after two frames
    // (pushed to HDFS as they were written), and its retry, in a new local frame folder, pulls them.
    List<String> args = new ArrayList<>(List.of(root + "/video/cut.mp4", "-o", root + "/video/out/dream.mp4",
        "--segments", "2", "--segment-warmup", "6"));
    args.addAll(List.of(common));
    SparkConf conf = new SparkConf().setAppName("deepdream hdfs video test").setMaster("local[2,2]")
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1");
    System.setProperty(AttemptTarget.FAIL_FIRST_ATTEMPT, "true");
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      SparkVideo.run(SparkVideo.Args.parse(args.toArray(String[]::new)), sc);
    } finally {
      System.clearProperty(AttemptTarget.FAIL_FIRST_ATTEMPT);
    }
    // Only the output is left: the hidden frame folder and the upload's temporary name are gone.
    assertThat(listing("/video")).containsExactly("cut.mp4", "out/dream.mp4");
    Path fromHdfs = tmp.resolve("from-hdfs.mp4");
    fs.copyToLocalFile(false, hdfsPath("/video/out/dream.mp4"), new org.apache.hadoop.fs.Path(fromHdfs.toUri()), true);

    // The same render in one piece, in-process, from the local clip.
    Path whole = tmp.resolve("whole.mp4");
    List<String> one = new ArrayList<>(List.of(clip.toString(), "-o", whole.toString()));
    one.addAll(List.of(common));
    try (DeepDream dd = new DeepDream(TestModels.store())) {
      new VideoDreamer(dd).render(SparkVideo.job(SparkVideo.Args.parse(one.toArray(String[]::new))),
          VideoListener.none());
    }
    assertThat(VideoInfo.probe(Ffmpeg.find(), fromHdfs).hasAudio()).isTrue();
    List<Picture> got = PanClip.frames(fromHdfs);
    List<Picture> want = PanClip.frames(whole);
    assertThat(got).hasSize(frames);
    for (int i = 0; i < frames; i++) {
      assertThat(got.get(i).rgb()).as("frame " + (i + 1)).isEqualTo(want.get(i).rgb());
    }
  }
}
