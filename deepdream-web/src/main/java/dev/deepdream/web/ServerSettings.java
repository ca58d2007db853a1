package dev.deepdream.web;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What a {@link WebServer} starts with, in groups: where it listens and who may call it, the job
 * queue, and the limits of each kind of job. Each group is a record that declares its defaults
 * once ({@code DEFAULTS}) and checks its values; a new limit is a component of its group (and a
 * {@code deepdream serve} option).
 *
 * @param dataDir job records and results
 * @param listen where the server listens and who may call it
 * @param queue the job queue and the work and disk space jobs may use
 * @param photo the limits of a photo (and of a guide, a mask, or one picture of a batch)
 * @param video the limits of a video job
 * @param batch the limits of a batch job
 * @param log where refusals and pruning are reported, one line each
 */
public record ServerSettings(Path dataDir, Listen listen, QueueLimits queue, PhotoLimits photo, VideoLimits video,
    BatchLimits batch, Consumer<String> log) {
  /** Checks that every part is given. */
  public ServerSettings {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(photo, "photo");
    Objects.requireNonNull(video, "video");
    Objects.requireNonNull(batch, "batch");
    Objects.requireNonNull(log, "log");
  }

  /** Every group's defaults, with {@code dataDir}, reporting on standard error. */
  public static ServerSettings defaults(Path dataDir) {
    return new ServerSettings(dataDir, Listen.DEFAULTS, QueueLimits.DEFAULTS, PhotoLimits.DEFAULTS,
        VideoLimits.DEFAULTS, BatchLimits.DEFAULTS, System.err::println);
  }

  /** These settings listening as {@code l} says. */
  public ServerSettings withListen(Listen l) {
    return new ServerSettings(dataDir, l, queue, photo, video, batch, log);
  }

  /** These settings with the queue {@code q}. */
  public ServerSettings withQueue(QueueLimits q) {
    return new ServerSettings(dataDir, listen, q, photo, video, batch, log);
  }

  /** These settings with the photo limits {@code p}. */
  public ServerSettings withPhoto(PhotoLimits p) {
    return new ServerSettings(dataDir, listen, queue, p, video, batch, log);
  }

  /** These settings with the video limits {@code v}. */
  public ServerSettings withVideo(VideoLimits v) {
    return new ServerSettings(dataDir, listen, queue, photo, v, batch, log);
  }

  /** These settings with the batch limits {@code b}. */
  public ServerSettings withBatch(BatchLimits b) {
    return new ServerSettings(dataDir, listen, queue, photo, video, b, log);
  }

  /** These settings reporting to {@code l}. */
  public ServerSettings withLog(Consumer<String> l) {
    return new ServerSettings(dataDir, listen, queue, photo, video, batch, l);
  }

  /**
   * Where the server listens and who may call it (see {@link AccessGuard}).
   *
   * @param host the host or address to bind
   * @param port the port (0: a free one)
   * @param allowHosts extra {@code Host} names the server answers to ({@code --allow-host})
   * @param token the access token for {@code /api}; null: none on loopback, a generated one beyond
   */
  public record Listen(String host, int port, List<String> allowHosts, String token) {
    /** Loopback, port 8080, no other host names, no token. */
    public static final Listen DEFAULTS = loopback(8080);

    /** Checks the token's characters: it travels in a URL and a cookie. */
    public Listen {
      allowHosts = List.copyOf(allowHosts);
      if (token != null && !token.matches("[A-Za-z0-9._~-]{8,200}")) {
        throw new IllegalArgumentException("the token must be 8 to 200 characters of A-Z, a-z, 0-9, '.', '_', '~' "
            + "and '-'");
      }
    }

    /** Loopback on {@code port} (0: a free one), no other host names, no token. */
    public static Listen loopback(int port) {
      return new Listen("127.0.0.1", port, List.of(), null);
    }
  }

  /**
   * The job queue, and the work and disk space jobs may use.
   *
   * @param capacity how many jobs may wait ({@code --queue})
   * @param maxCompute the most pixel-steps one job may need ({@link ComputeBudget}, {@code --max-compute}); a
   *     video's frames and a batch's pictures count together
   * @param maxDataBytes the data folder's size limit ({@link DataLimit}, {@code --max-data})
   * @param previewEvery a running dream sends a preview every this many steps (and at each octave's last step)
   */
  public record QueueLimits(int capacity, long maxCompute, long maxDataBytes, int previewEvery) {
    /** 8 waiting jobs, 10 gigapixel-steps a job, 5 GiB of data, a preview every 5 steps. */
    public static final QueueLimits DEFAULTS = new QueueLimits(8, ComputeBudget.DEFAULT, DataLimit.DEFAULT, 5);

    /** Parses a compute budget as {@code --max-compute} takes it: 10g (gigapixel-steps), 500m, a count. */
    public static long parseCompute(String text) {
      return ComputeBudget.parse(text);
    }
  }

  /**
   * The limits of a photo, and of each picture that comes with a job (a guide, a mask) or in a
   * batch's zip.
   *
   * @param maxUploadBytes the largest photo (and guide or mask picture, or picture unpacked from a zip)
   * @param maxPixels the most pixels of a picture, checked from its header before decoding
   */
  public record PhotoLimits(long maxUploadBytes, long maxPixels) {
    /** 50 MiB, 50 megapixels. */
    public static final PhotoLimits DEFAULTS = new PhotoLimits(50L << 20, 50_000_000L);
  }

  /**
   * The limits of a video job.
   *
   * @param maxUploadBytes the largest clip a job may upload ({@code --max-video-size})
   * @param maxFrames the most frames a job may dream, after its start, end and every ({@code --max-video-frames})
   */
  public record VideoLimits(long maxUploadBytes, int maxFrames) {
    /** 200 MiB (a few minutes of phone video), 600 frames (20 s at 30 fps, or more with {@code every}). */
    public static final VideoLimits DEFAULTS = new VideoLimits(200L << 20, 600);

    /** Checks that the limits are positive. */
    public VideoLimits {
      if (maxUploadBytes < 1 || maxFrames < 1) {
        throw new IllegalArgumentException("the video limits must be positive");
      }
    }
  }

  /**
   * The limits of a batch job.
   *
   * @param maxUploadBytes the largest zip a job may upload ({@code --max-batch-size})
   * @param maxFiles the most pictures the zip may hold ({@code --max-batch-files})
   * @param maxUnpackedBytes the most bytes its pictures may unpack to, counted as they are unpacked (zip bombs;
   *     {@code --max-batch-unpacked})
   */
  public record BatchLimits(long maxUploadBytes, int maxFiles, long maxUnpackedBytes) {
    /** 200 MiB of zipped photos, 200 pictures, 1 GiB unpacked. */
    public static final BatchLimits DEFAULTS = new BatchLimits(200L << 20, 200, 1L << 30);

    /** Checks that the limits are positive. */
    public BatchLimits {
      if (maxUploadBytes < 1 || maxFiles < 1 || maxUnpackedBytes < 1) {
        throw new IllegalArgumentException("the batch limits must be positive");
      }
    }
  }
}
