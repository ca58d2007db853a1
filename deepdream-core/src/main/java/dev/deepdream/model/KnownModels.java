package dev.deepdream.model;

import java.net.URI;
import java.util.List;

/** The models deepdream knows by name, and where each can be fetched from. */
public final class KnownModels {
  private KnownModels() {}

  /** Keras's canonical download of InceptionV3's ImageNet weights, without the top. */
  public static final URI KERAS_INCEPTION_URL = URI.create(
      "https://storage.googleapis.com/tensorflow/keras-applications/inception_v3/"
          + "inception_v3_weights_tf_dim_ordering_tf_kernels_notop.h5");

  /** Its published MD5 hash (keras.applications.inception_v3). */
  public static final String KERAS_INCEPTION_MD5 = "bcbd6486424b2319ff4ef7d526e38f63";

  /** The npm package that carries TF.js copies of InceptionV3 and MobileNetV2. */
  public static final String NSFWJS_PACKAGE = "nsfwjs@4.4.0";

  public static final String INCEPTION_V3 = "inception_v3";
  public static final String MOBILENET_V2 = "mobilenet_v2";

  /**
   * Appended to a known model's name, names its npm copy (e.g. {@code inception_v3@nsfwjs}): fetched
   * from npm and cached under that name too, so it can be asked for whatever the plain name holds
   * (the reference tests pin it this way).
   */
  public static final String NPM_COPY = "@nsfwjs";

  /** The model used when none is named. */
  public static final String DEFAULT = INCEPTION_V3;

  public static List<String> names() {
    return List.of(INCEPTION_V3, MOBILENET_V2);
  }

  /**
   * True for the known models trained on ImageNet (InceptionV3); a cache entry of one says which
   * layers, if any, were fine-tuned since ({@link ModelInfo#imagenetUpTo}).
   */
  public static boolean isImagenetTrained(String name) {
    return INCEPTION_V3.equals(baseName(name));
  }

  /** The known model a name refers to: {@code inception_v3@nsfwjs} is an inception_v3. */
  public static String baseName(String name) {
    return name.endsWith(NPM_COPY) ? name.substring(0, name.length() - NPM_COPY.length()) : name;
  }

  /** The description of a known model, before its source is filled in; null if unknown. */
  public static ModelInfo info(String name) {
    if (!name.equals(baseName(name))) {
      ModelInfo base = info(baseName(name));
      return base == null ? null : base.withName(name);
    }
    return switch (name) {
      case INCEPTION_V3 -> new ModelInfo(INCEPTION_V3,
          "InceptionV3 (Keras, ImageNet), the network of TensorFlow's DeepDream tutorial",
          -1, 1, "mixed\\d+", "mixed3,mixed5", null, null, false, null,
          "Keras applications weights: Apache License 2.0 (Keras); ImageNet-trained");
      case MOBILENET_V2 -> new ModelInfo(MOBILENET_V2,
          "MobileNetV2 (Keras) from the npm package nsfwjs, fine-tuned by its authors for image moderation",
          0, 1, "block_\\d+_add|out_relu", "block_5_add,block_9_add", null, null, false,
          null, "nsfwjs: MIT licence");
      default -> null;
    };
  }
}
