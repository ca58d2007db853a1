package dev.deepdream.support;

import dev.deepdream.engine.EngineChecks;
import dev.deepdream.model.KnownModels;
import dev.deepdream.model.LoadedModel;
import dev.deepdream.model.ModelStore;
import dev.deepdream.model.Network;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The real models for tests, from the tests' own model home (the system property
 * {@code deepdream.home}, which the build points at {@code target/test-home}, seeded by
 * ./run-tests); fetched through the project's own store (npm pack of nsfwjs) when missing, exactly
 * as the program does. The reference numbers were made on the nsfwjs copy of InceptionV3, so it is
 * loaded by its pinned name, whatever the home holds as plain {@code inception_v3}. Compiled
 * networks are shared by all tests of the JVM.
 */
public final class TestModels {
  private static final Map<String, LoadedModel> LOADED = new HashMap<>();
  private static final Map<String, Network> NETWORKS = new HashMap<>();

  private TestModels() {}

  /** The copy of InceptionV3 the reference numbers were made on. */
  public static final String INCEPTION = KnownModels.INCEPTION_V3 + KnownModels.NPM_COPY;

  /** The tests' model store. */
  public static ModelStore store() {
    return ModelStore.standard(text -> System.err.println("[model store] " + text));
  }

  public static synchronized LoadedModel load(String name) {
    return LOADED.computeIfAbsent(name, n -> {
      try {
        return store().load(n);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  public static LoadedModel inception() {
    return load(INCEPTION);
  }

  /** The reference's copy of InceptionV3 from {@code store}, however that store's plain inception_v3 came to be. */
  public static LoadedModel inception(ModelStore store) throws IOException {
    return store.load(INCEPTION);
  }

  /**
   * A network shared by all tests, on the plan the engine check chose for this machine, exactly as
   * the program runs it; never close it.
   */
  public static synchronized Network network(String name) {
    return NETWORKS.computeIfAbsent(name, n -> {
      LoadedModel m = load(n);
      Network net = m.build();
      try {
        EngineChecks.ensure(store().home(), m, net, text -> System.err.println("[engine check] " + text));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return net;
    });
  }

  public static Network inceptionNetwork() {
    return network(INCEPTION);
  }
}
