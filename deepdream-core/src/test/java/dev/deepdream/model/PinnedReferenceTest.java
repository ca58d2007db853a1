package dev.deepdream.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepdream.dream.LossGradient;
import dev.deepdream.support.KerasWeightsFile;
import dev.deepdream.support.Reference;
import dev.deepdream.support.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference comparisons pin the nsfwjs copy by name: in a model home whose plain
 * {@code inception_v3} is another network (imported from a Keras HDF5 file, as a user with internet
 * gets), the pinned copy still matches the reference and the plain one does not.
 */
@Tag("model")
class PinnedReferenceTest {
  @TempDir
  Path tmp;

  @Test
  void theReferenceCopyIsFoundByNameWhateverThePlainNameHolds() throws Exception {
    ModelStore tests = TestModels.store();
    TestModels.inception(); // in the tests' home
    Path home = tmp.resolve("home");
    Files.createDirectories(home.resolve("models"));
    PathUtils.copyDirectory(tests.home().resolve("models").resolve(TestModels.INCEPTION),
        home.resolve("models").resolve(TestModels.INCEPTION));
    // Another InceptionV3 under the plain name: the same weights but the first convolution halved.
    WeightSet other = new WeightSet();
    for (WeightTensor w : TestModels.inception().weights().all()) {
      float[] d = w.data().clone();
      if (w.name().equals("conv2d_1/kernel")) {
        for (int i = 0; i < d.length; i++) {
          d[i] *= 0.5f;
        }
      }
      other.add(new WeightTensor(w.name(), w.shape(), d));
    }
    Path h5 = tmp.resolve("other_inception_v3.h5");
    KerasWeightsFile.write(h5, KerasGraph.fromConfig(InceptionV3Config.build()), KerasWeightsFile.nsfwjsInceptionOrder(),
        other);
    // Sources that cannot be reached: nothing may be fetched behind the test's back.
    ModelStore store = new ModelStore(home, new ModelStore.Sources(java.net.URI.create("http://127.0.0.1:9/x.h5"),
        "0", "nsfwjs@4.4.0", List.of("false"), Duration.ofSeconds(1)), ModelStore.Listener.silent());
    store.importPath(h5, KnownModels.INCEPTION_V3, false);
    assertThat(store.info(KnownModels.INCEPTION_V3).source()).endsWith("other_inception_v3.h5");

    try (Network plain = store.load(KnownModels.INCEPTION_V3).build();
        Network pinned = TestModels.inception(store).build()) {
      float[] a = LossGradient.activations(plain, List.of("mixed5"), Reference.of("chelsea").input()).get("mixed5");
      float[] b = LossGradient.activations(pinned, List.of("mixed5"), Reference.of("chelsea").input()).get("mixed5");
      assertThat(Math.abs(mean(a) / mean(b) - 1)).as("the plain copy is another network").isGreaterThan(1e-2);
      for (String photo : Reference.PHOTOS) {
        InceptionReferenceTest.assertMatchesTheReference(pinned, photo);
      }
    }
  }

  private static double mean(float[] a) {
    double s = 0;
    for (float v : a) {
      s += v;
    }
    return s / a.length;
  }
}
