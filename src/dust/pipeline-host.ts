// What the pipeline needs from where it runs (Node CLI, the app's worker, tests): a GPU
// context, the model folder and problems named by the config, a sandbox pool, the run
// folder and (optionally) a checkpoint store. The pipeline itself knows no host.
import type { GpuContext } from '../gpu';
import type { ModelSource } from '../model/sources/model-source';
import type { Problem } from '../problems/schema';
import type { SandboxPool } from '../sandbox/pool';
import type { CheckpointStore } from '../store/checkpoint-store';
import type { RunConfig } from './config';
import type { PipelineListener } from './pipeline-events';
import type { RunStore } from './run-folder';

export interface PipelineHost {
  ctx: GpuContext;
  /** The folder of `cfg.model.id` (a Hub id, a local folder, or the built-in "dust-toy"). */
  modelSource(cfg: RunConfig): Promise<ModelSource>;
  /** Training and held-out problems of `cfg.problems` ("builtin", "toy" or a file). */
  problems(cfg: RunConfig): Promise<{ train: Problem[]; eval: Problem[] }>;
  pool: SandboxPool;
  store: RunStore;
  /** Phase 2 saves here every `train.checkpointEvery` steps and resumes from here; null: no checkpoints. */
  checkpoints: CheckpointStore | null;
  /** The run's name in the checkpoint store (a plain id: letters, digits, '.', '-', '_'). */
  runId: string;
}

export interface PipelineOptions {
  /** Phases to run, in order (default all three). */
  phases?: readonly ('dataset' | 'train' | 'eval')[];
  onEvent?: PipelineListener;
  /** Polled between batches and steps: true stops cleanly (checkpoint written, files consistent). */
  shouldStop?: () => boolean;
  /** Continue from the run's newest checkpoint and its finished phases (default true). */
  resume?: boolean;
}
