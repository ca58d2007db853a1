package dev.deepdream.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.DeepDream;
import dev.deepdream.dream.DreamConfig;
import dev.deepdream.dream.DreamListener;
import dev.deepdream.dream.DreamResult;
import dev.deepdream.dream.Mode;
import dev.deepdream.dream.StepRule;
import dev.deepdream.dream.Transform;
import dev.deepdream.image.FloatImage;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.Picture;
import dev.deepdream.support.TestModels;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A library user's own step rule and transform: registered as services they round-trip through a
 * dream's record to the same pixels; not registered, the record names them and decoding it says
 * which part is missing instead of making another picture.
 */
@Tag("model")
class ProvenanceTest {
  static DeepDream dd;
  static Picture cat;

  @TempDir
  Path tmp;

  /** The sign of the gradient: a step rule of the user's own. */
  public static final class Sign implements StepRule {
    @Override
    public Normalised normalise(FloatImage g) {
      float[] s = new float[g.data().length];
      for (int i = 0; i < s.length; i++) {
        s[i] = Math.signum(g.data()[i]);
      }
      return new Normalised(new FloatImage(g.channels(), g.height(), g.width(), s), 1f);
    }

    @Override
    public String id() {
      return "sign";
    }
  }

  /** A left-right mirror on odd steps (its own adjoint): a transform of the user's own. */
  record Mirror(int every) implements Transform {
    @Override
    public Applied apply(FloatImage image, Random random) {
      if (random.nextInt(every) != 0) {
        return new Applied(image, g -> g);
      }
      return new Applied(mirror(image), Mirror::mirror);
    }

    private static FloatImage mirror(FloatImage x) {
      float[] out = new float[x.data().length];
      for (int c = 0; c < x.channels(); c++) {
        for (int y = 0; y < x.height(); y++) {
          for (int i = 0; i < x.width(); i++) {
            int row = (c * x.height() + y) * x.width();
            out[row + i] = x.data()[row + x.width() - 1 - i];
          }
        }
      }
      return new FloatImage(x.channels(), x.height(), x.width(), out);
    }

    @Override
    public String describe() {
      return "mirror(" + every + ")";
    }
  }

  /** Makes {@link Mirror} again from its text. */
  public static final class MirrorFactory implements Transform.Factory {
    @Override
    public String name() {
      return "mirror";
    }

    @Override
    public Transform parse(String arguments) {
      return new Mirror(Integer.parseInt(arguments.trim()));
    }
  }

  @BeforeAll
  static void open() throws Exception {
    dd = new DeepDream(TestModels.store());
    cat = ImageFiles.read(Path.of("examples/chelsea.png")).resize(150, 100);
  }

  @AfterAll
  static void close() {
    dd.close();
  }

  private static final DreamConfig BASE = DreamConfig.builder().mode(Mode.SIMPLE).steps(4).seed(5L).build();

  /** Runs {@code body} with {@link Sign} and {@link MirrorFactory} registered as services. */
  private <T> T registered(Callable<T> body) throws Exception {
    Path services = Files.createDirectories(tmp.resolve("META-INF/services"));
    Files.writeString(services.resolve(StepRule.class.getName()), Sign.class.getName() + "\n");
    Files.writeString(services.resolve(Transform.Factory.class.getName()), MirrorFactory.class.getName() + "\n");
    Thread t = Thread.currentThread();
    ClassLoader before = t.getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {tmp.toUri().toURL()}, getClass().getClassLoader())) {
      t.setContextClassLoader(loader);
      return body.call();
    } finally {
      t.setContextClassLoader(before);
    }
  }

  @Test
  void registeredPartsRoundTripThroughTheRecordToTheSamePixels() throws Exception {
    registered(() -> {
      DreamConfig mine = BASE.toBuilder().stepRule(new Sign()).jitter(4).addTransform(new Mirror(2)).build();
      DreamResult first = dd.dream(cat, mine, DreamListener.none());
      Map<String, String> record = SettingsCodec.record(first);
      assertThat(record).doesNotContainKey(SettingsCodec.NOT_REPRODUCIBLE)
          .containsEntry("step_rule", "sign").containsEntry("transform", "mirror(2)").containsEntry("jitter", "4");
      DreamConfig again = SettingsCodec.decode(SettingsCodec.fromRecord(record), ImageSource.none());
      assertThat(again.stepRule()).isInstanceOf(Sign.class);
      assertThat(again.transforms().stream().map(Transform::describe)).containsExactly("jitter(4)", "mirror(2)");
      DreamResult second = dd.dream(cat, again, DreamListener.none());
      assertThat(second.picture().rgb()).isEqualTo(first.picture().rgb());
      // The step rule is offered by name wherever settings are read.
      assertThat(StepRule.parse("sign")).isInstanceOf(Sign.class);
      return null;
    });
  }

  @Test
  void unregisteredPartsAreNamedInTheRecordAndWhenItIsReused() throws Exception {
    StepRule sign = StepRule.of("sign", g -> new Sign().normalise(g).gradient());
    DreamConfig mine = BASE.toBuilder().stepRule(sign).addTransform(new Mirror(3)).build();
    Map<String, String> record = SettingsCodec.record(dd.dream(cat, mine, DreamListener.none()));
    assertThat(record.get(SettingsCodec.NOT_REPRODUCIBLE)).contains("step rule 'sign'").contains("mirror(3)");
    assertThatThrownBy(() -> SettingsCodec.fromRecord(record)).isInstanceOf(BadOptionException.class)
        .hasMessageContaining("cannot make that picture again").hasMessageContaining("step rule 'sign'")
        .hasMessageContaining("transform 'mirror(3)'").hasMessageNotContaining("\n");
    // Decoding the settings alone (as on another machine without the parts) names them too.
    Map<String, List<String>> settings = Map.of("step_rule", List.of("sign"));
    assertThatThrownBy(() -> SettingsCodec.decode(settings, ImageSource.none()))
        .hasMessageContaining("unknown step rule 'sign'").hasMessageContaining("META-INF/services");
    assertThatThrownBy(() -> SettingsCodec.decode(Map.of("transform", List.of("mirror(3)")), ImageSource.none()))
        .hasMessageContaining("transform 'mirror(3)' is not known here");
  }

  @Test
  void transformsInAnOrderTheSettingsDoNotReplayAreNamed() {
    DreamConfig jitterFirst = BASE.toBuilder()
        .transforms(List.of(Transform.jitter(4), Transform.randomScale(0.1))).build();
    assertThat(Provenance.unreproducible(jitterFirst)).singleElement().asString()
        .contains("jitter(4), scale(0.1)").contains("scale(0.1), jitter(4)");
    // Settings put built-in transforms in the order they replay in, whatever order they come in:
    // a preset's jitter and an explicit scale record and replay as they ran.
    DreamConfig viaSettings = BASE.toBuilder().jitter(4).transform(Transform.randomScale(0.1)).build();
    assertThat(viaSettings.transforms().stream().map(Transform::describe)).containsExactly("scale(0.1)", "jitter(4)");
    assertThat(Provenance.unreproducible(viaSettings)).isEmpty();
  }
}
