package example;

import dev.deepdream.dream.DeepDream;
import dev.deepdream.dream.DreamConfig;
import dev.deepdream.dream.DreamListener;
import dev.deepdream.dream.DreamResult;
import dev.deepdream.dream.Mode;
import dev.deepdream.dream.Objective;
import dev.deepdream.dream.Transform;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.model.ModelStore;
import dev.deepdream.settings.SettingsCodec;
import java.nio.file.Path;
import java.util.List;

/** Dreams a photo with an objective composed in code: mixed4 channel 97, plus mixed3, minus a little total variation. */
public final class DreamInCode {
  public static void main(String[] args) throws Exception {
    Path input = Path.of(args.length > 0 ? args[0] : "../chelsea.png");
    Path output = Path.of(args.length > 1 ? args[1] : "dream-in-code.png");
    Objective objective = Objective.channels("mixed4", 97)
        .plus(Objective.mean("mixed3"))
        .minus(Objective.totalVariation().times(0.05));
    DreamConfig config = DreamConfig.builder().objective(objective).mode(Mode.OCTAVES).octaves(-1, 0).steps(10)
        .transforms(List.of(Transform.jitter(16))).seed(1L).build();
    try (DeepDream dd = new DeepDream(ModelStore.standard(ModelStore.Listener.silent()))) {
      DreamResult result = dd.dream(ImageFiles.read(input), config, DreamListener.none());
      ImageFiles.write(result.picture(), output, SettingsCodec.record(result), 0.92f);
      System.out.printf("wrote %s: %s, loss %.3f -> %.3f%n", output, result.config().objective().describe(),
          result.firstLoss(), result.lastLoss());
    }
  }
}
