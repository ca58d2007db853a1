/**
 * Dreams on video: {@link dev.deepdream.video.VideoDreamer} reads a clip's frames through ffmpeg
 * ({@link dev.deepdream.video.Clip}), carries each frame's dream to the next by a
 * {@link dev.deepdream.video.Temporal} method (optical flow from OpenCV, a blend, or none), keeps
 * every dreamed frame in a work folder so a stopped render resumes, and encodes the result with
 * the clip's sound ({@link dev.deepdream.video.VideoOutput}). Every video setting is declared once
 * in {@link dev.deepdream.video.VideoParams}.
 */
package dev.deepdream.video;
