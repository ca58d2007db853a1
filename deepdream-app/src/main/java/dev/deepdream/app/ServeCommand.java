package dev.deepdream.app;

import dev.deepdream.cli.Main.VersionProvider;
import dev.deepdream.model.ModelStore;
import dev.deepdream.web.WebServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code deepdream serve}: the local web UI. */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Serve the web UI: upload a photo, dream with a live preview, download, gallery.")
final class ServeCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to bind (default: ${DEFAULT-VALUE}, "
      + "this machine only)")
  String host;

  @Option(names = "--port", defaultValue = "8080", description = "port (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--data", paramLabel = "DIR", description = "job records and results (default: the model cache's "
      + "web folder)")
  Path data;

  @Option(names = "--queue", defaultValue = "8", description = "jobs that may wait (default: ${DEFAULT-VALUE})")
  int queue;

  @Override
  public Integer call() throws Exception {
    ModelStore store = ModelStore.standard(text -> spec.commandLine().getErr().println(text));
    Path dir = data != null ? data : store.home().resolve("web");
    WebServer.Settings s = WebServer.Settings.defaults(dir).withHost(host).withPort(port).withQueue(queue);
    try (WebServer server = new WebServer(s, store)) {
      spec.commandLine().getOut().printf("deepdream web UI on http://%s:%d/ (data in %s); Ctrl-C stops it%n",
          host.contains(":") ? "[" + host + "]" : host, server.port(), dir);
      spec.commandLine().getOut().flush();
      CountDownLatch stop = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.close();
        stop.countDown();
      }));
      stop.await();
    }
    return 0;
  }
}
