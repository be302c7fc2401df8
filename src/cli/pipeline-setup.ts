// What `dust build` and `dust eval` share: the run configuration from --config FILE or
// --preset NAME (with --model overriding model.id), the run's problem split, the sandbox pool,
// the model as a TextGenerator, progress lines on stderr, and Ctrl-C as a request to stop
// after the current batch (a second Ctrl-C exits at once).
import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { createGpuContext } from '../gpu';
import { NODE_GPU_ADVICE, nodeGPU } from '../host/node';
import { nodeCheckpointStore } from '../host/node-checkpoints';
import { nodeModelSource } from '../host/node-files';
import { nodeRunStore } from '../host/node-run-folder';
import type { PipelineListener } from '../dust/pipeline-events';
import type { PipelineHost } from '../dust/pipeline-host';
import { ConfigError, isPresetName, resolveConfig, sandboxLimits, type RunConfig } from '../dust/config';
import { modelGenerator } from '../dust/model-generator';
import { splitProblems } from '../dust/problem-split';
import { isNamedProblemSet, namedProblemSet } from '../dust/problem-sets';
import { formatProgress, type Progress } from '../dust/progress';
import type { TextGenerator } from '../dust/text-generator';
import { loadProblemFile } from '../problems/load';
import type { Problem } from '../problems/schema';
import { SandboxPool } from '../sandbox/pool';
import { loadTokenizer } from '../tokenizer/tokenizer';
import { loadCliModel, UsageError } from './load-model';
import { PRESETS } from '../dust/presets';

/** The resolved config for --config FILE or --preset NAME; --model replaces model.id. */
export function configFromArgs(o: { config?: string; preset?: string; model?: string }): RunConfig {
  if (o.config && o.preset) throw new UsageError('give --config FILE or --preset NAME, not both (a config file can say "preset": "micro")');
  let doc: Record<string, unknown>;
  if (o.config) {
    let text: string;
    try {
      text = readFileSync(o.config, 'utf8');
    } catch {
      throw new UsageError(`cannot read the config file ${o.config}`);
    }
    try {
      doc = JSON.parse(text) as Record<string, unknown>;
    } catch (e) {
      throw new ConfigError('', `${o.config} is not valid JSON (${(e as Error).message})`);
    }
  } else if (o.preset) {
    if (!isPresetName(o.preset)) throw new UsageError(`unknown preset "${o.preset}": use one of ${Object.keys(PRESETS).join(', ')}`);
    doc = { preset: o.preset };
  } else throw new UsageError('give --config FILE or --preset NAME (e.g. --preset micro)');
  if (o.model !== undefined) {
    const m = typeof doc.model === 'object' && doc.model !== null ? (doc.model as Record<string, unknown>) : {};
    doc = { ...doc, model: { ...m, id: o.model } };
  }
  return resolveConfig(doc);
}

export async function runProblems(cfg: RunConfig): Promise<{ train: Problem[]; eval: Problem[] }> {
  if (isNamedProblemSet(cfg.problems.set)) return splitProblems(namedProblemSet(cfg.problems.set).problems, cfg);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(cfg.problems.set));
  } catch {
    throw new UsageError(`config field "problems.set": cannot read the problem file ${cfg.problems.set} (give a path, "builtin" or "toy")`);
  }
  const set = await loadProblemFile(bytes, cfg.problems.format, cfg.problems.set);
  return splitProblems(set.problems, cfg);
}

export function createPool(cfg: RunConfig): Promise<SandboxPool> {
  return SandboxPool.create({ ...(cfg.sandbox.workers ? { workers: cfg.sandbox.workers } : {}), limits: sandboxLimits(cfg.sandbox) });
}

export interface CliGenerator {
  generator: TextGenerator;
  close(): void;
}

/** The run's model (or `opts.spec`, e.g. a trained checkpoint folder) as a TextGenerator. */
export async function loadGenerator(cfg: RunConfig, opts: { quiet?: boolean; spec?: string } = {}): Promise<CliGenerator> {
  const spec = opts.spec ?? (cfg.model.revision && cfg.model.revision !== 'main' ? `${cfg.model.id}@${cfg.model.revision}` : cfg.model.id);
  const { model, ctx, source } = await loadCliModel(spec, { dtype: cfg.model.dtype, quiet: opts.quiet });
  try {
    const tok = await loadTokenizer(source);
    const thinking = cfg.model.thinking;
    return {
      generator: modelGenerator(model, tok, { name: opts.spec ?? cfg.model.id, ...(thinking ? {} : { enableThinking: false }) }),
      close: () => {
        model.destroy();
        ctx.destroy();
      },
    };
  } catch (e) {
    model.destroy();
    ctx.destroy();
    throw e;
  }
}

/** Progress on stderr, at most one line per second (and always the last). */
export function progressPrinter(quiet = false): (p: Progress) => void {
  let last = 0;
  return (p) => {
    const now = performance.now();
    if (quiet || (now - last < 1000 && p.done < p.total)) return;
    last = now;
    process.stderr.write(formatProgress(p) + '\n');
  };
}

/** Ctrl-C sets the flag (the phase stops after its current batch); a second one exits. */
export function stopOnSigint(what: string): { stopped: () => boolean; dispose: () => void } {
  let stop = false;
  const handler = () => {
    if (stop) {
      process.stderr.write(`${what}: stopping now\n`);
      process.exit(130);
    }
    stop = true;
    process.stderr.write(`${what}: stopping after the current batch (Ctrl-C again to quit at once)\n`);
  };
  process.on('SIGINT', handler);
  return { stopped: () => stop, dispose: () => process.off('SIGINT', handler) };
}

/** The Node host of the pipeline: this machine's GPU, the model on disk or from the Hub, a run folder with its checkpoints. */
export async function nodePipelineHost(cfg: RunConfig, dir: string, opts: { quiet?: boolean } = {}): Promise<PipelineHost & { close(): Promise<void> }> {
  const ctx = await createGpuContext(nodeGPU(), { advice: NODE_GPU_ADVICE });
  if (!opts.quiet) process.stderr.write(`[gpu] ${ctx.adapter.summary}\n`);
  let pool: SandboxPool;
  try {
    pool = await createPool(cfg);
  } catch (e) {
    ctx.destroy();
    throw e;
  }
  const store = nodeRunStore(dir, { create: true });
  return {
    ctx,
    pool,
    store,
    checkpoints: nodeCheckpointStore(join(dir, 'checkpoints'), { keep: 2 }),
    runId: checkpointRunId(dir),
    modelSource: (c) => nodeModelSource(c.model.revision && c.model.revision !== 'main' ? `${c.model.id}@${c.model.revision}` : c.model.id),
    problems: runProblems,
    async close() {
      await pool.close();
      ctx.destroy();
    },
  };
}

/** A checkpoint run name from the run folder's name (ids are plain names). */
export function checkpointRunId(dir: string): string {
  const name = basename(resolve(dir)).replace(/[^\w.-]/g, '_').replace(/^[^\w]+/, '');
  return (name || 'run').slice(0, 200);
}

/** Prints pipeline events as progress lines on stderr. */
export function eventPrinter(quiet = false): PipelineListener {
  const progress = progressPrinter(quiet);
  const fmt = (x: number, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : '—');
  return (e) => {
    if (quiet) return;
    switch (e.type) {
      case 'progress':
        return progress(e.progress);
      case 'phase':
        return void process.stderr.write(`[${e.phase}] ${e.state}${e.detail ? `: ${e.detail}` : ''}\n`);
      case 'dataset':
        return void process.stderr.write(`[dataset] ${e.stats.candidates} candidates → ${e.stats.groups} mixed groups (${e.stats.trainGroups} train / ${e.stats.valGroups} val)\n`);
      case 'train-step': {
        const m = e.metrics;
        return void process.stderr.write(`[train] step ${m.step}: reward ${fmt(m.reward)} ± ${fmt(m.rewardStd)}, malformed ${fmt(m.malformed, 2)}, loss ${fmt(m.loss, 4)}, kl ${fmt(m.kl, 4)}, clip ${fmt(m.clipFraction, 3)}, |g| ${fmt(m.gradNorm)}, ${Math.round(m.tokensPerSecond)} tok/s\n`);
      }
      case 'validation':
        return void process.stderr.write(`[train] validation at step ${e.metrics.step}: NDCG ${fmt(e.metrics.ndcg)}, PairAcc ${fmt(e.metrics.pairAcc)}, malformed ${fmt(e.metrics.malformed, 2)} (${e.metrics.groups} groups)\n`);
      case 'checkpoint':
        return void process.stderr.write(`[train] checkpoint ${e.id} (step ${e.step})\n`);
      case 'log':
        return void process.stderr.write(`${e.message}\n`);
      case 'eval':
        return;
    }
  };
}
