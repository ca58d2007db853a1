package dev.deepdream.model;

import dev.deepdream.dream.LossGradient;
import dev.deepdream.dream.Objectives;
import dev.deepdream.image.FloatImage;
import dev.deepdream.support.Reference;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScratchTest {
  @Test
  void scratch() throws Exception {
    long t0 = System.nanoTime();
    TfjsModel t = TfjsModel.read(Path.of("/tmp/nsfw/package/dist/models/inception_v3"));
    LoadedModel m = LoadedModel.fromTfjs(t, null);
    System.out.println("read " + (System.nanoTime() - t0) / 1e6);
    try (Network net = m.build()) {
      System.out.println("built " + (System.nanoTime() - t0) / 1e6 + " " + net.device());
      Reference r = Reference.of("chelsea");
      FloatImage in = r.input();
      var acts = LossGradient.activations(net, List.of("mixed0","mixed3","mixed5","mixed10"), in);
      for (var e : acts.entrySet()) {
        double s = 0; for (float v : e.getValue()) s += v;
        System.out.println(e.getKey() + " " + s / e.getValue().length);
      }
      var obj = Objectives.layerMeans(Map.of("mixed3", 1.0, "mixed5", 1.0));
      for (int i = 0; i < 3; i++) {
        long t1 = System.nanoTime();
        var res = LossGradient.compute(net, obj, in);
        System.out.println("loss " + res.loss() + " time " + (System.nanoTime() - t1) / 1e6);
        FloatImage ref = r.tensor("grad.f32");
        System.out.println("cos " + Reference.cosine(ref.data(), res.gradient().data()) + " norm " + Reference.norm(res.gradient().data()) + " ref " + Reference.norm(ref.data()));
      }
    }
    System.out.println(Reference.of("chelsea").json().get("layers"));
  }
}
