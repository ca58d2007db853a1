package dev.deepdream.web;

/**
 * A file's extension from its first bytes: an upload's name is never used (file names from users
 * never reach the file system), and the decoders read files by their content either way.
 */
final class FileFormats {
  private FileFormats() {}

  /** A picture's extension ("img" when none is known). */
  static String picture(byte[] b) {
    if (b.length > 3 && (b[0] & 0xff) == 0x89 && b[1] == 'P') {
      return "png";
    }
    if (b.length > 2 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8) {
      return "jpg";
    }
    if (b.length > 2 && b[0] == 'G' && b[1] == 'I') {
      return "gif";
    }
    if (b.length > 2 && b[0] == 'B' && b[1] == 'M') {
      return "bmp";
    }
    if (b.length > 12 && b[8] == 'W' && b[9] == 'E') {
      return "webp";
    }
    return "img";
  }

  /** A video's extension ("video" when none is known; ffmpeg reads it by its content either way). */
  static String video(byte[] b) {
    if (b.length >= 12 && b[4] == 'f' && b[5] == 't' && b[6] == 'y' && b[7] == 'p') {
      return b[8] == 'q' && b[9] == 't' ? "mov" : "mp4";
    }
    if (b.length >= 4 && (b[0] & 0xff) == 0x1A && (b[1] & 0xff) == 0x45 && (b[2] & 0xff) == 0xDF
        && (b[3] & 0xff) == 0xA3) {
      return "mkv";
    }
    if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'A' && b[9] == 'V'
        && b[10] == 'I') {
      return "avi";
    }
    if (b.length >= 4 && b[0] == 'O' && b[1] == 'g' && b[2] == 'g' && b[3] == 'S') {
      return "ogv";
    }
    if (b.length > 2 && b[0] == 'G' && b[1] == 'I') {
      return "gif";
    }
    return "video";
  }
}
