package dev.deepdream.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepdream.dream.DeepDream;
import dev.deepdream.dream.DreamConfig;
import dev.deepdream.dream.DreamListener;
import dev.deepdream.dream.DreamResult;
import dev.deepdream.dream.LayerNames;
import dev.deepdream.dream.Mode;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.support.TestModels;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A second network from the same npm package loads and dreams with no model-specific code. */
@Tag("model")
class MobileNetV2Test {
  @Test
  void mobileNetV2DreamsThroughTheSameInterpreter() throws Exception {
    LoadedModel m = TestModels.load(KnownModels.MOBILENET_V2);
    assertThat(m.graph().layers().stream().map(LayerSpec::type)).contains("DepthwiseConv2D", "ReLU", "Add",
        "ZeroPadding2D", "Dense");
    assertThat(LayerNames.dreamable(m.graph(), m.info())).contains("block_5_add", "block_9_add", "out_relu");
    try (DeepDream dd = new DeepDream(TestModels.store())) {
      DreamResult r = dd.dream(ImageFiles.read(Path.of("examples/coffee.png")), DreamConfig.builder()
          .model(KnownModels.MOBILENET_V2).layers(Map.of("block_5_add", 1.0, "block_9_add", 1.0)).mode(Mode.SIMPLE)
          .steps(5).maxDim(224).build(), DreamListener.none());
      assertThat(r.lastLoss()).isGreaterThan(r.firstLoss());
      assertThat(r.model().inputMin()).isEqualTo(0.0); // nsfwjs feeds it pixels / 255
      assertThat(r.picture().width()).isEqualTo(224);
    }
  }
}
