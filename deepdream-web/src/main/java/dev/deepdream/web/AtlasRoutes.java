package dev.deepdream.web;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.visualize.Atlas;
import dev.deepdream.visualize.AtlasFolder;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The API of the server's atlases ({@link Atlases}) as the Atlas tab browses them: the list, one
 * atlas (its {@code atlas.json}) and each channel's picture.
 */
final class AtlasRoutes {
  private final Atlases atlases;

  AtlasRoutes(Atlases atlases) {
    this.atlases = atlases;
  }

  /**
   * {@code GET /api/atlases}: {@code [{"name", "model", "layers": [{"name", "channels", "drawn"}],
   * "channels", "written", "url"}]}, the latest written first; a folder whose index does not read is
   * left out.
   */
  void list(Context ctx) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String name : atlases.names()) {
      Path dir = atlases.dir(name);
      Atlas a;
      try {
        a = AtlasFolder.read(dir);
      } catch (BadOptionException e) {
        continue; // not an atlas this program wrote; GET /api/atlases/{name} says why
      }
      List<Map<String, Object>> layers = new ArrayList<>();
      for (Atlas.Layer l : a.layers()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", l.name());
        m.put("channels", l.channels());
        m.put("drawn", l.drawn());
        layers.add(m);
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", name);
      m.put("model", a.model());
      m.put("layers", layers);
      m.put("channels", a.entries().size());
      m.put("written", Atlases.written(dir).toMillis());
      m.put("url", "/api/atlases/" + name);
      out.add(m);
    }
    Replies.json(ctx, 200, out);
  }

  /** {@code GET /api/atlases/{name}}: its {@code atlas.json}; 404 when there is none (yet). */
  void show(Context ctx) throws IOException {
    String name = ctx.pathParam("name");
    Path dir = atlases.dir(name);
    if (!Files.isRegularFile(dir.resolve(AtlasFolder.JSON))) {
      Replies.error(ctx, 404, Files.isDirectory(dir) ? "atlas " + name + " has no " + AtlasFolder.JSON + " yet (it is "
          + "written as its channels are drawn)" : "no atlas " + name);
      return;
    }
    Atlas a;
    try {
      a = AtlasFolder.read(dir);
    } catch (BadOptionException e) {
      Replies.error(ctx, 500, "atlas " + name + ": its " + AtlasFolder.JSON + " is not one this program wrote");
      return;
    }
    ctx.header("Cache-Control", "no-cache");
    ctx.status(200).contentType("application/json").result(AtlasFolder.toJson(a));
  }

  /**
   * {@code GET /api/atlases/{name}/{layer}/{file}}: a channel's picture, a PNG (its settings in its
   * text metadata); 400 for a path that cannot be one, 404 when there is none.
   */
  void picture(Context ctx) throws IOException {
    String name = ctx.pathParam("name");
    String layer = ctx.pathParam("layer");
    String file = ctx.pathParam("file");
    if (!Atlases.isPicturePath(name, layer, file)) {
      Replies.error(ctx, 400, "not an atlas picture's path: /api/atlases/NAME/LAYER/NNNN.png");
      return;
    }
    Path p = atlases.picture(name, layer, file);
    if (p == null) {
      Replies.error(ctx, 404, "atlas " + name + " has no picture " + layer + "/" + file);
      return;
    }
    // A rerun with other settings redraws a channel under the same name: the browser asks again.
    ctx.header("Cache-Control", "no-cache");
    ctx.contentType("image/png");
    ctx.result(Files.readAllBytes(p));
  }
}
