package dev.deepdream.web;

import static dev.deepdream.web.WebApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepdream.dream.DreamConfig;
import dev.deepdream.dream.Mode;
import dev.deepdream.support.TestModels;
import dev.deepdream.web.ServerSettings.Listen;
import dev.deepdream.web.ServerSettings.QueueLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-job limits a remote caller could abuse: the compute budget and the data folder's size. */
class WebLimitsTest {
  @TempDir
  Path data;

  private WebServer server;
  private final List<String> log = new CopyOnWriteArrayList<>();

  /** The default settings on a free port, logging to {@link #log}. */
  private ServerSettings onFreePort() {
    return ServerSettings.defaults(data).withListen(Listen.loopback(0)).withLog(log::add);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  @Tag("fast")
  void theDefaultBudgetPassesTheTutorialOnA12MegapixelPhotoAndNotAbsurdJobs() {
    DreamConfig tutorial = DreamConfig.builder().mode(Mode.TILED).build(); // octaves -2..2 at 1.3, 100 steps
    long twelve = ComputeBudget.pixelSteps(4032, 3024, tutorial);
    assertThat(twelve).isBetween(7_000_000_000L, 8_500_000_000L);
    ComputeBudget.check(4032, 3024, tutorial, ComputeBudget.DEFAULT);
    ComputeBudget.check(4032, 3024, DreamConfig.builder().mode(Mode.OCTAVES).build(), ComputeBudget.DEFAULT);
    DreamConfig absurd = DreamConfig.builder().mode(Mode.TILED).steps(10_000).build();
    assertThatThrownBy(() -> ComputeBudget.check(4032, 3024, absurd, ComputeBudget.DEFAULT))
        .hasMessageContaining("10,000,000,000").hasMessageContaining("--max-compute");
    assertThatThrownBy(() -> ComputeBudget.check(8000, 6000, tutorial, ComputeBudget.DEFAULT))
        .hasMessageContaining("pixel-steps");
    // max_dim shrinks first: the same request on a small working size is cheap.
    DreamConfig small = DreamConfig.builder().mode(Mode.TILED).steps(10_000).maxDim(400).build();
    assertThat(ComputeBudget.pixelSteps(8000, 6000, small)).isEqualTo(ComputeBudget.pixelSteps(400, 300, small));
    // Simple mode: one octave at the working size.
    assertThat(ComputeBudget.pixelSteps(451, 300, DreamConfig.builder().mode(Mode.SIMPLE).steps(10).build()))
        .isEqualTo(451L * 300 * 10);
    assertThat(ComputeBudget.parse("10g")).isEqualTo(10_000_000_000L);
    assertThat(ComputeBudget.parse("1.5m")).isEqualTo(1_500_000L);
    assertThat(ComputeBudget.parse("12345")).isEqualTo(12_345L);
    assertThatThrownBy(() -> ComputeBudget.parse("lots")).hasMessageContaining("10g");
  }

  @Test
  @Tag("fast")
  void aJobOverTheComputeBudgetIsRefusedNamingBothNumbers() throws Exception {
    QueueLimits q = QueueLimits.DEFAULTS;
    server = new WebServer(onFreePort().withQueue(new QueueLimits(q.capacity(), 1_000_000, q.maxDataBytes(),
        q.previewEvery())), TestModels.store());
    Http http = new Http(server.port());
    byte[] photo = Files.readAllBytes(Path.of("examples/chelsea.png")); // 451x300
    long needed = 451L * 300 * 100;
    Http.Response r = http.postJob(Map.of("mode", "simple", "steps", "100"), photo, "a.png");
    assertError(r, 400, String.format(java.util.Locale.ROOT, "needs %,d pixel-steps", needed));
    assertThat(r.body()).contains("budget of 1,000,000");
    assertThat(http.get("/api/jobs").json().getAsJsonArray()).isEmpty();
    try (var jobs = Files.list(data.resolve("jobs"))) {
      assertThat(jobs).isEmpty();
    }
  }

  /** A finished (or not) job of the given size on disk, as the server would have left it. */
  private static Job fakeJob(JobStore store, String id, long created, Job.Status status, int bytes) throws Exception {
    Job j = new Job(id, created, Map.of("mode", "simple"), "input.png");
    j.status = status;
    j.width = 10;
    j.height = 10;
    store.save(j);
    Files.write(store.input(j), new byte[bytes]);
    return j;
  }

  @Test
  @Tag("fast")
  void pruningRemovesTheOldestFinishedJobsOnlyUntilTheFolderFits() throws Exception {
    JobStore store = new JobStore(data);
    List<Job> jobs = new ArrayList<>();
    jobs.add(fakeJob(store, "job00000001", 1, Job.Status.RUNNING, 100_000)); // oldest, but running
    jobs.add(fakeJob(store, "job00000002", 2, Job.Status.DONE, 100_000));
    jobs.add(fakeJob(store, "job00000003", 3, Job.Status.QUEUED, 100_000));
    jobs.add(fakeJob(store, "job00000004", 4, Job.Status.FAILED, 100_000));
    jobs.add(fakeJob(store, "job00000005", 5, Job.Status.CANCELLED, 100_000));
    jobs.add(fakeJob(store, "job00000006", 6, Job.Status.DONE, 100_000)); // the one that just ended
    long total = DataLimit.size(data);
    List<String> removed = new ArrayList<>();
    DataLimit.Remover remover = j -> {
      removed.add(j.id());
      store.delete(j.id());
      return true;
    };
    // Room for all but two jobs' files: the two oldest finished ones go, in age order.
    DataLimit limit = new DataLimit(data, total - 150_000, log::add);
    assertThat(limit.prune(jobs, store, remover, jobs.get(5))).containsExactly("job00000002", "job00000004");
    assertThat(removed).containsExactly("job00000002", "job00000004");
    assertThat(DataLimit.size(data)).isLessThanOrEqualTo(total - 150_000);
    assertThat(data.resolve("jobs/job00000001")).isDirectory();
    assertThat(data.resolve("jobs/job00000003")).isDirectory();
    assertThat(log).anySatisfy(l -> assertThat(l).contains("--max-data").contains("job00000002"));

    // A limit nothing can meet: every finished job but the newest goes; running and queued stay.
    List<Job> left = jobs.stream().filter(j -> !removed.contains(j.id())).toList();
    assertThat(new DataLimit(data, 1, log::add).prune(left, store, remover, jobs.get(5)))
        .containsExactly("job00000005");
    assertThat(data.resolve("jobs/job00000001")).isDirectory();
    assertThat(data.resolve("jobs/job00000003")).isDirectory();
    assertThat(data.resolve("jobs/job00000006")).isDirectory();
    assertThat(log.get(log.size() - 1)).contains("still over");

    // Under the limit: nothing happens.
    assertThat(new DataLimit(data, Long.MAX_VALUE, log::add).prune(left, store, remover, null)).isEmpty();
  }

  @Test
  @Tag("fast")
  void theServerPrunesOnStartWhenTheLimitWasLowered() throws Exception {
    JobStore store = new JobStore(data);
    fakeJob(store, "job00000001", 1, Job.Status.DONE, 300_000);
    fakeJob(store, "job00000002", 2, Job.Status.FAILED, 300_000);
    fakeJob(store, "job00000003", 3, Job.Status.DONE, 300_000);
    QueueLimits q = QueueLimits.DEFAULTS;
    server = new WebServer(onFreePort().withQueue(new QueueLimits(q.capacity(), q.maxCompute(), 700_000,
        q.previewEvery())), TestModels.store());
    Http http = new Http(server.port());
    assertThat(http.get("/api/jobs").json().getAsJsonArray().toString()).doesNotContain("job00000001")
        .contains("job00000002").contains("job00000003");
    assertThat(data.resolve("jobs/job00000001")).doesNotExist();
  }

  @Test
  @Tag("model")
  void afterADreamTheOldestFinishedJobsMakeRoom() throws Exception {
    JobStore store = new JobStore(data);
    fakeJob(store, "job00000001", 1, Job.Status.DONE, 1_000_000);
    fakeJob(store, "job00000002", 2, Job.Status.CANCELLED, 1_000_000);
    long limit = DataLimit.size(data) + 10_000; // fits now; a new job's photo and result do not
    QueueLimits q = QueueLimits.DEFAULTS;
    server = new WebServer(onFreePort().withQueue(new QueueLimits(q.capacity(), q.maxCompute(), limit,
        q.previewEvery())), TestModels.store());
    Http http = new Http(server.port());
    byte[] photo = Files.readAllBytes(Path.of("examples/chelsea.png"));
    String id = http.postJob(Map.of("mode", "simple", "steps", "1", "max_dim", "100"), photo, "a.png").json()
        .getAsJsonObject().get("id").getAsString();
    assertThat(WebApiTest.waitFor(http, id, "done", "failed")).isEqualTo("done");
    for (int i = 0; i < 100 && Files.exists(data.resolve("jobs/job00000001")); i++) {
      Thread.sleep(50); // pruning follows the job's end on the worker thread
    }
    assertThat(data.resolve("jobs/job00000001")).doesNotExist();
    assertThat(data.resolve("jobs/job00000002")).isDirectory();
    assertThat(http.get("/api/jobs/" + id + "/result").status()).isEqualTo(200);
    assertThat(http.get("/api/jobs/job00000001").status()).isEqualTo(404);
    assertThat(DataLimit.size(data)).isLessThanOrEqualTo(limit);
  }
}
