package dev.deepdream.cli;

import dev.deepdream.image.ImageFiles;
import dev.deepdream.io.AtomicFiles;
import dev.deepdream.video.Ffmpeg;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/** Writes frames as an animated GIF (in Java) or an MP4 (through ffmpeg, when it is on the PATH). */
public final class Animation {
  private Animation() {}

  /** Writes a looping GIF, {@code fps} frames a second, atomically. */
  public static void writeGif(List<Path> frames, Path out, int fps) throws IOException {
    AtomicFiles.write(out, tmp -> writeGifTo(frames, tmp, fps));
  }

  private static void writeGifTo(List<Path> frames, Path tmp, int fps) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
    try (ImageOutputStream ios = ImageIO.createImageOutputStream(tmp.toFile())) {
      writer.setOutput(ios);
      writer.prepareWriteSequence(null);
      for (int i = 0; i < frames.size(); i++) {
        BufferedImage img = ImageFiles.read(frames.get(i)).withAlpha(null).toBufferedImage();
        ImageTypeSpecifier type = ImageTypeSpecifier.createFromRenderedImage(img);
        IIOMetadata meta = writer.getDefaultImageMetadata(type, null);
        String f = meta.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(f);
        IIOMetadataNode gce = child(root, "GraphicControlExtension");
        gce.setAttribute("disposalMethod", "none");
        gce.setAttribute("userInputFlag", "FALSE");
        gce.setAttribute("transparentColorFlag", "FALSE");
        gce.setAttribute("delayTime", Integer.toString(Math.max(2, 100 / fps)));
        gce.setAttribute("transparentColorIndex", "0");
        if (i == 0) {
          IIOMetadataNode apps = child(root, "ApplicationExtensions");
          IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
          app.setAttribute("applicationID", "NETSCAPE");
          app.setAttribute("authenticationCode", "2.0");
          app.setUserObject(new byte[] {1, 0, 0}); // loop forever
          apps.appendChild(app);
        }
        meta.setFromTree(f, root);
        writer.writeToSequence(new IIOImage(img, null, meta), null);
      }
      writer.endWriteSequence();
    } finally {
      writer.dispose();
    }
  }

  private static IIOMetadataNode child(IIOMetadataNode root, String name) {
    for (int i = 0; i < root.getLength(); i++) {
      if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
        return (IIOMetadataNode) root.item(i);
      }
    }
    IIOMetadataNode n = new IIOMetadataNode(name);
    root.appendChild(n);
    return n;
  }

  /** True when ffmpeg can be found. */
  public static boolean ffmpegAvailable() {
    return Ffmpeg.available();
  }

  /** Encodes the numbered frames of {@code dir} as an H.264 MP4 through ffmpeg, atomically. */
  public static void writeMp4(Path dir, Path out, int fps) throws IOException {
    Ffmpeg ffmpeg = Ffmpeg.find();
    AtomicFiles.write(out, tmp -> ffmpeg.runFfmpeg(List.of("-y", "-framerate", Integer.toString(fps), "-i",
        dir.resolve("frame-%05d.png").toString(), "-vf", "scale=trunc(iw/2)*2:trunc(ih/2)*2", "-pix_fmt", "yuv420p",
        "-f", "mp4", tmp.toString()), "writing " + out + " failed"));
  }
}
