package dev.deepdream.web;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.image.ImageRef;
import dev.deepdream.settings.DreamParams;
import dev.deepdream.settings.ImageSource;
import dev.deepdream.settings.Param;
import dev.deepdream.video.VideoParams;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a job's form, the one way for photo, video and batch jobs: the dream settings by the
 * codec's names, the pictures some settings take (guides, masks), and a video job's settings.
 */
final class JobForm {
  private final ServerSettings.PhotoLimits limits;
  private final JobStore store;

  /**
   * @param limits the limits of the pictures a form may hold (guides, masks), as of a photo
   */
  JobForm(ServerSettings.PhotoLimits limits, JobStore store) {
    this.limits = limits;
    this.store = store;
  }

  /**
   * The form's settings as the codec's text: a text field per setting (named as in
   * {@link DreamParams#ALL}); a picture setting is a file part of that name (masks: several, each
   * paired in order with the text field {@code mask}'s values, its objectives, blank for none).
   * Uploaded pictures go into {@code uploads} under the reference the text uses. A video job's form
   * also holds the clip (file part {@code video}, instead of {@code image}) and the video settings.
   */
  Map<String, List<String>> settings(Context ctx, Map<String, byte[]> uploads, Job.Kind kind)
      throws IOException {
    boolean isVideo = kind == Job.Kind.VIDEO;
    String upload = switch (kind) {
      case VIDEO -> "video";
      case BATCH -> "zip";
      case PHOTO -> "image";
      case ATLAS -> throw new IllegalArgumentException("an atlas takes no dream settings (AtlasSettings reads its form)");
    };
    // Javalin lists file parts among the form's names too (with no text values).
    for (String field : ctx.formParamMap().keySet()) {
      boolean file = !ctx.uploadedFiles(field).isEmpty();
      Param p = DreamParams.get(field);
      boolean known = file ? field.equals(upload) || (p != null && p.kind() == Param.Kind.IMAGE)
          : (field.equals("from_job") && kind != Job.Kind.BATCH) || p != null
              || (isVideo && VideoParams.names().contains(field));
      if (!known) {
        List<String> names = new ArrayList<>(DreamParams.ALL.stream().map(Param::name).toList());
        if (isVideo) {
          names.addAll(VideoParams.names());
        }
        throw new BadOptionException("unknown " + (file ? "file '" : "setting '") + field + "' (settings: "
            + String.join(", ", names) + ")");
      }
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Param p : DreamParams.ALL) {
      List<String> text = ctx.formParams(p.name());
      if (p.kind() != Param.Kind.IMAGE) {
        List<String> given = text.stream().filter(v -> !v.isBlank()).toList();
        if (!given.isEmpty()) {
          out.put(p.name(), given);
        }
        continue;
      }
      // Blank objectives are kept here: they hold their mask's place in the pairing.
      List<UploadedFile> files = ctx.uploadedFiles(p.name()).stream().filter(f -> f.size() > 0).toList();
      if (!p.objectivePerPicture() && text.stream().anyMatch(v -> !v.isBlank())) {
        throw new BadOptionException(p.name() + " is a picture: send it as a file part named " + p.name());
      }
      if (text.size() > files.size() && text.stream().skip(files.size()).anyMatch(v -> !v.isBlank())) {
        throw new BadOptionException(p.name() + " has " + text.size() + " text values for " + files.size()
            + " pictures: send each picture as a file part named " + p.name());
      }
      List<String> refs = new ArrayList<>();
      for (int i = 0; i < files.size(); i++) {
        UploadedFile f = files.get(i);
        if (f.size() > limits.maxUploadBytes()) {
          throw new BadOptionException(p.name() + " image too large: at most "
              + UploadLimits.sizeText(limits.maxUploadBytes()));
        }
        byte[] b;
        try (InputStream in = f.content()) {
          b = in.readAllBytes();
        }
        String ref = "upload:" + p.name() + ":" + i;
        uploads.put(ref, b);
        String objective = i < text.size() ? text.get(i).trim().replaceFirst("^=", "") : "";
        refs.add(objective.isBlank() ? ref : ref + "=" + objective);
      }
      if (!refs.isEmpty()) {
        out.put(p.name(), refs);
      }
    }
    return out;
  }

  /**
   * Resolves the references {@link #settings(Context, Map, Job.Kind)} made to the uploaded
   * pictures, checking each like the photo.
   */
  ImageSource uploadedImages(Map<String, byte[]> uploads) {
    return (param, text) -> {
      byte[] b = uploads.get(text);
      if (b == null) {
        throw new BadOptionException(param + " must be uploaded as a file");
      }
      return ImageRef.of(b, "the " + param + " image", limits.maxPixels());
    };
  }

  /** The video settings of the form, by their names in {@link VideoParams#ALL}. */
  static Map<String, String> videoSettings(Context ctx) {
    Map<String, String> out = new LinkedHashMap<>();
    for (VideoParams.VideoParam p : VideoParams.ALL) {
      List<String> given = ctx.formParams(p.name()).stream().filter(v -> !v.isBlank()).toList();
      if (given.size() > 1) {
        throw new BadOptionException(p.name() + " is given " + given.size() + " times");
      }
      if (!given.isEmpty()) {
        out.put(p.name(), given.get(0));
      }
    }
    return out;
  }

  /** The job's guide and mask pictures, kept in its folder under their hash. */
  void saveImages(Job job, Map<String, byte[]> uploads) throws IOException {
    for (byte[] image : uploads.values()) {
      String file = ImageRef.of(image, "upload", limits.maxPixels()).sha256() + "." + FileFormats.picture(image);
      if (!job.images.contains(file)) {
        Files.write(store.dir(job.id()).resolve(file), image);
        job.images.add(file);
      }
    }
  }
}
