package dev.deepdream.web;

import dev.deepdream.support.TestModels;
import dev.deepdream.web.ServerSettings.Listen;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** What the API tests share: a server per test, on a free port with its own data folder, stopped after. */
abstract class ApiTest {
  @TempDir
  Path data;

  WebServer server;

  /** Starts a server with {@code s} and gives a client for it. */
  Http start(ServerSettings s) throws Exception {
    server = new WebServer(s, TestModels.store());
    return new Http(server.port());
  }

  /** The default settings on a free port, in this test's data folder. */
  ServerSettings defaults() {
    return ServerSettings.defaults(data).withListen(Listen.loopback(0));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
  }
}
