package dev.deepdream.support;

import dev.deepdream.model.KnownModels;
import dev.deepdream.model.LoadedModel;
import dev.deepdream.model.ModelStore;
import dev.deepdream.model.Network;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The real models for tests, from the user's model cache; fetched through the project's own
 * store (npm pack of nsfwjs) when missing, exactly as the program does. Compiled networks are
 * shared by all tests of the JVM.
 */
public final class TestModels {
  private static final Map<String, LoadedModel> LOADED = new HashMap<>();
  private static final Map<String, Network> NETWORKS = new HashMap<>();

  private TestModels() {}

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
    return load(KnownModels.INCEPTION_V3);
  }

  /** A network shared by all tests; never close it. */
  public static synchronized Network network(String name) {
    return NETWORKS.computeIfAbsent(name, n -> load(n).build());
  }

  public static Network inceptionNetwork() {
    return network(KnownModels.INCEPTION_V3);
  }
}
