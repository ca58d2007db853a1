package dev.deepdream.web;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.DeepDream;
import dev.deepdream.visualize.AtlasChannel;
import dev.deepdream.visualize.AtlasFolder;
import dev.deepdream.visualize.AtlasRunner;
import io.javalin.http.Context;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Atlas jobs as they arrive: the settings, the model, its layers and the channel spec checked, the
 * work counted, and the atlas's folder checked (it must hold no other model's atlas), then queued.
 */
final class AtlasRequests {
  private final long maxCompute;
  private final JobStore store;
  private final JobQueue queue;
  private final DeepDream dreamer;
  private final Atlases atlases;

  /**
   * @param maxCompute the most pixel-steps a job (all its channels) may need ({@link ComputeBudget})
   */
  AtlasRequests(long maxCompute, JobStore store, JobQueue queue, DeepDream dreamer, Atlases atlases) {
    this.maxCompute = maxCompute;
    this.store = store;
    this.queue = queue;
    this.dreamer = dreamer;
    this.atlases = atlases;
  }

  /**
   * {@code POST /api/atlases}: the settings of {@link AtlasSettings} as form fields (multipart or
   * url-encoded). A bad one is refused (400, nothing kept) before it is queued.
   */
  void create(Context ctx) throws Exception {
    AtlasSettings.Drawing d = AtlasSettings.Drawing.of(AtlasSettings.form(ctx));
    List<AtlasChannel> channels = d.channels(dreamer.store());
    ComputeBudget.checkAtlas(d.base(), channels.size(), maxCompute);
    Path dir = atlases.dir(d.atlas());
    try {
      new AtlasRunner(dreamer, new AtlasFolder(dir)).checkFolder(d.base().model());
    } catch (BadOptionException e) {
      // The core names the folder; the caller knows the atlas by its name.
      throw new BadOptionException(atlases.withoutFolder(d.atlas(), e.getMessage())
          .replace("give another folder", "give another atlas name"));
    }
    String id = JobStore.newId();
    Job job = new Job(id, Job.Kind.ATLAS, System.currentTimeMillis(), d.record(), Map.of(), "");
    job.items = channels.size();
    try {
      queue.submit(job);
    } catch (JobQueue.QueueFullException e) {
      store.delete(id);
      throw e;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("status", "queued");
    body.put("kind", Job.Kind.ATLAS.id());
    body.put("atlas", d.atlas());
    body.put("items", channels.size());
    Replies.json(ctx, 202, body);
  }
}
