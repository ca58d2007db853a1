/**
 * The engine check: before a model dreams on a machine for the first time, every candidate
 * {@link dev.deepdream.model.ExecutionPlan} is compared with a float64 reference computed on the
 * same engine (layer means, activations and the input gradient), the right ones are timed, and
 * the fastest right plan is kept in the model home, keyed by CPU, engine, natives and model
 * ({@link dev.deepdream.engine.EngineKey}). A machine on which no plan is right stops with
 * {@link dev.deepdream.engine.EngineCheckException} instead of dreaming on a wrong gradient.
 * {@link dev.deepdream.engine.EngineLog} keeps the engine's own warnings off a user's terminal.
 */
package dev.deepdream.engine;
