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
  public static final String GOOGLENET = "googlenet";

  /**
   * A file published at {@code url} with the SHA-256 and size its publisher states.
   *
   * @param url where it is downloaded from
   * @param sha256 its SHA-256, checked before it is used
   * @param size its length in bytes, checked too
   */
  public record Download(URI url, String sha256, long size) {}

  /**
   * The ONNX Model Zoo's GoogLeNet (BVLC GoogLeNet, Caffe to Caffe2 to ONNX, opset 12), pinned by
   * the SHA-256 and size of its Git LFS pointer (onnx/models at b1eeaa1a). The zoo warned that its
   * LFS downloads may stop; its models are also on Hugging Face (huggingface.co/onnxmodelzoo).
   */
  public static final Download GOOGLENET_ONNX = new Download(URI.create(
      "https://media.githubusercontent.com/media/onnx/models/main/validated/vision/classification/"
          + "inception_and_googlenet/googlenet/model/googlenet-12.onnx"),
      "c99c507058eaf41de8723408fdda7db8325cb57f0a89f2ee07a716d6e963e14e", 28_021_836L);

  /**
   * Appended to a known model's name, names its npm copy (e.g. {@code inception_v3@nsfwjs}): fetched
   * from npm and cached under that name too, so it can be asked for whatever the plain name holds
   * (the reference tests pin it this way).
   */
  public static final String NPM_COPY = "@nsfwjs";

  /** The model used when none is named. */
  public static final String DEFAULT = INCEPTION_V3;

  public static List<String> names() {
    return List.of(INCEPTION_V3, MOBILENET_V2, GOOGLENET);
  }

  /**
   * True for the known models trained on ImageNet (InceptionV3, GoogLeNet); a cache entry of one
   * says which layers, if any, were fine-tuned since ({@link ModelInfo#imagenetUpTo}).
   */
  public static boolean isImagenetTrained(String name) {
    return INCEPTION_V3.equals(baseName(name)) || GOOGLENET.equals(name);
  }

  /** True for the known models the npm package nsfwjs carries (and so have a {@link #NPM_COPY}). */
  public static boolean fromNpm(String name) {
    return INCEPTION_V3.equals(name) || MOBILENET_V2.equals(name);
  }

  /** The known model a name refers to: {@code inception_v3@nsfwjs} is an inception_v3. */
  public static String baseName(String name) {
    return name.endsWith(NPM_COPY) ? name.substring(0, name.length() - NPM_COPY.length()) : name;
  }

  /** The description of a known model, before its source is filled in; null if unknown. */
  public static ModelInfo info(String name) {
    if (!name.equals(baseName(name))) {
      ModelInfo base = fromNpm(baseName(name)) ? info(baseName(name)) : null;
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
      case GOOGLENET -> new ModelInfo(GOOGLENET,
          "GoogLeNet (BVLC, ImageNet; Caffe to Caffe2 to ONNX, the ONNX Model Zoo's), the network of the original "
              + "DeepDream notebook", 0, 255, null, "inception_4c/output", null, null, false, null,
          "ONNX Model Zoo: BSD-3-Clause; the BVLC Caffe model: released for unrestricted use")
          .withInput(InputConvention.CAFFE);
      default -> null;
    };
  }
}
