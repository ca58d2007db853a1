/**
 * Feature visualisation: what a network sees, drawn from noise (lucid's optvis render_vis). An
 * image is a value of parameters ({@link dev.deepdream.visualize.ImageParam}: pixels or a Fourier
 * spectrum, decorrelated colour, a bounded output), optimised by
 * {@link dev.deepdream.visualize.Optimiser Adam} through random robustness transforms
 * ({@link dev.deepdream.visualize.Robustness}) to maximise an objective
 * ({@link dev.deepdream.visualize.Visualizer}); its settings are declared once
 * ({@link dev.deepdream.visualize.VisualizeParams}). An atlas draws one image per channel of some
 * layers into a folder that resumes and browses ({@link dev.deepdream.visualize.AtlasFolder},
 * {@link dev.deepdream.visualize.ChannelRenderer}).
 */
package dev.deepdream.visualize;
