package dev.deepdream.app;

import dev.deepdream.dream.Range;
import dev.deepdream.model.ModelStore;
import dev.deepdream.web.ServerSettings;
import dev.deepdream.web.ServerSettings.BatchLimits;
import dev.deepdream.web.ServerSettings.Listen;
import dev.deepdream.web.ServerSettings.QueueLimits;
import dev.deepdream.web.ServerSettings.VideoLimits;
import dev.deepdream.web.WebServer;
import dev.deepdream.settings.Sizes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code deepdream serve}: the local web UI. */
@Command(name = "serve",
    description = "Serve the web UI: upload a photo (or a short video clip, or a zip of photos), dream with a live "
        + "preview, download, gallery.")
final class ServeCommand implements Callable<Integer>, dev.deepdream.cli.Main.UsesEngine {
  private static final Range MAX_DATA = Range.ofInt("max data", 1L << 20, Long.MAX_VALUE);
  private static final Range MAX_VIDEO = Range.ofInt("max video size", 1L << 20, 1L << 40);
  private static final Range VIDEO_FRAMES = Range.ofInt("max video frames", 1, 1_000_000);
  private static final Range MAX_BATCH = Range.ofInt("max batch size", 1L << 10, 1L << 40);
  private static final Range BATCH_FILES = Range.ofInt("max batch files", 1, 100_000);
  private static final Range BATCH_UNPACKED = Range.ofInt("max batch unpacked", 1L << 10, 1L << 42);

  @Spec
  CommandSpec spec;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to bind (default: ${DEFAULT-VALUE}, "
      + "this machine only)")
  String host;

  @Option(names = "--port", defaultValue = "8080", description = "port (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--data", paramLabel = "DIR", description = "job records and results (default: the model cache's "
      + "web folder)")
  Path data;

  @Option(names = "--queue", defaultValue = "8", description = "jobs that may wait (default: ${DEFAULT-VALUE})")
  int queue;

  @Option(names = "--allow-host", paramLabel = "NAME", description = "also answer requests for this host name "
      + "(NAME or NAME:PORT; repeatable), e.g. a name this machine has on the network or behind a proxy; others "
      + "are refused, which stops DNS rebinding")
  List<String> allowHosts = new ArrayList<>();

  @Option(names = "--token", description = "access token for the API (default: none on loopback; a random one, "
      + "printed with the URL, when --host is beyond loopback)")
  String token;

  @Option(names = "--max-compute", paramLabel = "PIXEL_STEPS", defaultValue = "10g", description = "the most work "
      + "one job may ask for: pixels x steps summed over its octaves; k, m, g, t are powers of 1000 (default: "
      + "${DEFAULT-VALUE}, the tutorial's settings on a 12-megapixel photo need 7.9g)")
  String maxCompute;

  @Option(names = "--max-data", paramLabel = "SIZE", defaultValue = "5g", description = "size limit of the data "
      + "folder: past it, the oldest finished jobs are removed after each job (default: ${DEFAULT-VALUE})")
  String maxData;

  @Option(names = "--max-video-size", paramLabel = "SIZE", defaultValue = "200m", description = "the largest video "
      + "clip a job may upload (default: ${DEFAULT-VALUE}; photos: 50m)")
  String maxVideoSize;

  @Option(names = "--max-video-frames", paramLabel = "N", defaultValue = "600", description = "the most frames a "
      + "video job may dream, after its start, end and every (default: ${DEFAULT-VALUE}, 20 s at 30 fps)")
  int maxVideoFrames;

  @Option(names = "--max-batch-size", paramLabel = "SIZE", defaultValue = "200m", description = "the largest zip "
      + "of photos a batch job may upload (default: ${DEFAULT-VALUE})")
  String maxBatchSize;

  @Option(names = "--max-batch-files", paramLabel = "N", defaultValue = "200", description = "the most pictures a "
      + "batch job's zip may hold (default: ${DEFAULT-VALUE})")
  int maxBatchFiles;

  @Option(names = "--max-batch-unpacked", paramLabel = "SIZE", defaultValue = "1g", description = "the most a batch "
      + "job's pictures may unpack to, counted while unpacking (default: ${DEFAULT-VALUE})")
  String maxBatchUnpacked;

  @Override
  public Integer call() throws Exception {
    ModelStore store = ModelStore.standard(text -> spec.commandLine().getErr().println(text));
    Path dir = data != null ? data : store.home().resolve("web");
    ServerSettings s;
    try {
      // The photo limits and the preview interval have no option: their defaults.
      s = ServerSettings.defaults(dir)
          .withListen(new Listen(host, port, allowHosts, token))
          .withQueue(new QueueLimits(queue, QueueLimits.parseCompute(maxCompute),
              Sizes.parse("--max-data", maxData, MAX_DATA), QueueLimits.DEFAULTS.previewEvery()))
          .withVideo(new VideoLimits(Sizes.parse("--max-video-size", maxVideoSize, MAX_VIDEO),
              VIDEO_FRAMES.checkInt(maxVideoFrames)))
          .withBatch(new BatchLimits(Sizes.parse("--max-batch-size", maxBatchSize, MAX_BATCH),
              BATCH_FILES.checkInt(maxBatchFiles),
              Sizes.parse("--max-batch-unpacked", maxBatchUnpacked, BATCH_UNPACKED)));
    } catch (IllegalArgumentException e) { // BadOptionException too
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    try (WebServer server = new WebServer(s, store)) {
      spec.commandLine().getOut().printf("deepdream web UI on %s (data in %s); Ctrl-C stops it%n", server.url(), dir);
      if (server.token() != null && token == null) {
        spec.commandLine().getOut().println("The server listens beyond this machine, so the API needs the token in "
            + "that link (or 'Authorization: Bearer TOKEN').");
      }
      spec.commandLine().getOut().flush();
      CountDownLatch stop = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.close();
        stop.countDown();
      }));
      stop.await();
    }
    return 0;
  }
}
