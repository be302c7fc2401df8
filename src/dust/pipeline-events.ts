// What a running pipeline tells its host (the CLI's stderr lines, the app's worker → page
// messages). Plain JSON data only: every event crosses a postMessage boundary unchanged.
import type { DatasetStats } from './groups';
import type { Progress } from './progress';
import type { EvalReport } from './report';

export type PipelinePhase = 'dataset' | 'train' | 'eval';

/** One phase-2 optimisation step (the paper's logged quantities). */
export interface TrainStepMetrics {
  /** Optimiser steps applied so far (after this one). */
  step: number;
  /** Data epoch (0-based) and batch index inside it. */
  epoch: number;
  batch: number;
  /** PPO epoch inside the batch (0-based). */
  ppoEpoch: number;
  lr: number;
  /** Mean reward of the batch's rollouts (judgment reward, primal pass, or SFT: NaN). */
  reward: number;
  rewardStd: number;
  /** Share of malformed rankings among the batch's rollouts (primal / SFT: NaN). */
  malformed: number;
  loss: number;
  /** KL to the reference (NaN when β = 0 and no reference is kept). */
  kl: number;
  clipFraction: number;
  gradNorm: number;
  /** Training tokens (forward + backward) per second of the update. */
  tokensPerSecond: number;
  /** Seconds spent sampling the batch's rollouts, and in the update. */
  sampleSeconds: number;
  updateSeconds: number;
  /** false when the non-finite guard skipped the update. */
  applied: boolean;
}

/** Validation on the held-out judgment groups: the model ranks each group once. */
export interface ValidationMetrics {
  step: number;
  ndcg: number;
  pairAcc: number;
  malformed: number;
  groups: number;
}

export type PipelineEvent =
  | { type: 'phase'; phase: PipelinePhase; state: 'start' | 'done' | 'skipped' | 'stopped'; detail?: string }
  | { type: 'progress'; progress: Progress }
  | { type: 'dataset'; stats: DatasetStats; complete: boolean }
  | { type: 'train-step'; metrics: TrainStepMetrics }
  | { type: 'validation'; metrics: ValidationMetrics }
  | { type: 'checkpoint'; id: string; step: number }
  | { type: 'eval'; report: EvalReport; complete: boolean }
  | { type: 'log'; message: string };

export type PipelineListener = (e: PipelineEvent) => void;
