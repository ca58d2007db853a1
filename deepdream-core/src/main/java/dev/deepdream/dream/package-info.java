/**
 * The dream: the library's one entry point {@link dev.deepdream.dream.DeepDream}, what a dream
 * maximises ({@link dev.deepdream.dream.Objective}, small composable values that
 * {@link dev.deepdream.dream.ObjectiveParser} reads from text), how a gradient becomes a step
 * ({@link dev.deepdream.dream.StepRule}), the random changes of the image before each gradient
 * ({@link dev.deepdream.dream.Transform}), and one render loop ({@code Dreamer}) over the three
 * modes ({@link dev.deepdream.dream.Mode}: simple, octaves, tiled) that
 * {@link dev.deepdream.dream.DreamConfig} selects. A {@link dev.deepdream.dream.DreamResult}
 * records the config it was made from.
 *
 * <p>DJL's gradient collector is global to the JVM: {@code DeepDream} runs one dream at a time,
 * and each gradient is computed in an NDManager scope of its own ({@code LossGradient}).
 */
package dev.deepdream.dream;
