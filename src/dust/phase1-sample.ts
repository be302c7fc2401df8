// Phase 1 with a model: sample M candidates per training problem in batches on the GPU and
// stream every batch's responses into the labelling stage (labelling.ts) as soon as the batch
// is done, so the sandbox labels batch b while the GPU generates batch b + 1. The GPU waits
// only when the label queue is full and for the last batch's labels; `gpuIdleFrac` measures
// that: the share of the phase's wall time not spent inside the generator.
import type { Problem } from '../problems/schema';
import type { SandboxPool } from '../sandbox/pool';
import { buildJudgmentDataset, type JudgmentDataset } from './build-dataset';
import { phaseSeed, type RunConfig } from './config';
import { generationPrompt } from './generation-prompt';
import type { GeneratedResponse } from './labelling';
import { progressOf, type Progress } from './progress';
import type { SamplingSettings, TextGenerator } from './text-generator';

export interface SampleTiming {
  wallMs: number;
  /** Time inside generator.generate (the GPU busy, as far as the host can tell). */
  generateMs: number;
  /** 1 − generateMs / wallMs over the whole phase, labelling tail included. */
  gpuIdleFrac: number;
  batches: number;
  responses: number;
  /** Prompts too long for the model's context with maxNewTokens: empty responses (dropped). */
  tooLong: number;
}

export interface SampleOptions {
  onProgress?: (p: Progress) => void;
  /** Checked before each batch: true stops sampling after the current batch (Ctrl-C). */
  shouldStop?: () => boolean;
}

/** One sampling job: sample `index` of problem number `problemIndex`. */
interface Job {
  problem: Problem;
  problemIndex: number;
  index: number;
}

export interface ResponseStream extends AsyncIterable<GeneratedResponse> {
  /** Filled in as batches finish. */
  readonly timing: Omit<SampleTiming, 'wallMs' | 'gpuIdleFrac'> & { stopped: boolean };
}

/**
 * `samples` responses per problem from the generator, `batch` at a time, yielded batch by
 * batch. Sample j of problem i uses the random stream (seed, i·samples + j) whatever the batch.
 */
export function sampleResponses(
  generator: TextGenerator,
  problems: readonly Problem[],
  s: SamplingSettings & { samples: number; batch: number; seed: number; thinking?: boolean },
  opts: SampleOptions & { unit?: string; phase?: Progress['phase']; detail?: string } = {},
): ResponseStream {
  if (!Number.isInteger(s.batch) || s.batch < 1) throw new RangeError(`sampling: the generation batch must be a positive integer, got ${s.batch}`);
  const jobs: Job[] = problems.flatMap((problem, problemIndex) => Array.from({ length: s.samples }, (_, index) => ({ problem, problemIndex, index })));
  const prompts = new Map(problems.map((p) => [p.id, generationPrompt(p, { thinking: s.thinking })]));
  const timing = { generateMs: 0, batches: 0, responses: 0, tooLong: 0, stopped: false };
  return {
    timing,
    async *[Symbol.asyncIterator]() {
      const start = performance.now();
      for (let at = 0; at < jobs.length; at += s.batch) {
        if (opts.shouldStop?.()) {
          timing.stopped = true;
          return;
        }
        const batch = jobs.slice(at, at + s.batch);
        const t0 = performance.now();
        const texts = await generator.generate(
          batch.map((j) => prompts.get(j.problem.id)!),
          { temperature: s.temperature, topP: s.topP, topK: s.topK, maxNewTokens: s.maxNewTokens, seed: s.seed, keys: batch.map((j) => j.problemIndex * s.samples + j.index) },
        );
        timing.generateMs += performance.now() - t0;
        timing.batches++;
        timing.responses += batch.length;
        opts.onProgress?.(progressOf(opts.phase ?? 'dataset', opts.unit ?? 'responses', timing.responses, jobs.length, start, opts.detail));
        timing.tooLong += texts.filter((t) => t === null).length;
        for (let i = 0; i < batch.length; i++) yield { problem: batch[i]!.problem, response: texts[i] ?? '', index: batch[i]!.index };
      }
    },
  };
}

export interface Phase1Result extends JudgmentDataset {
  timing: SampleTiming;
  /** False when stopped early: the dataset holds the batches sampled before the stop. */
  complete: boolean;
}

/** Phase 1 end to end: sample the training problems, label while sampling, build the groups. */
export async function runPhase1(
  pool: SandboxPool,
  generator: TextGenerator,
  train: readonly Problem[],
  cfg: Pick<RunConfig, 'seed' | 'dataset' | 'sandbox'> & { model?: Pick<RunConfig['model'], 'thinking'> },
  opts: SampleOptions = {},
): Promise<Phase1Result> {
  const d = cfg.dataset;
  const t0 = performance.now();
  const stream = sampleResponses(generator, train, { ...d, batch: d.generationBatch, seed: phaseSeed(cfg, 'dataset'), thinking: cfg.model?.thinking }, opts);
  const ds = await buildJudgmentDataset(pool, train, stream, cfg);
  const wallMs = performance.now() - t0;
  const { stopped, ...t } = stream.timing;
  return { ...ds, complete: !stopped, timing: { ...t, wallMs, gpuIdleFrac: wallMs > 0 ? Math.max(0, 1 - t.generateMs / wallMs) : 0 } };
}
