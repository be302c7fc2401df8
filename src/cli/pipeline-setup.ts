// What `dust build` and `dust eval` share: the run configuration from --config FILE or
// --preset NAME (with --model overriding model.id), the run's problem split, the sandbox pool,
// the model as a TextGenerator, progress lines on stderr, and Ctrl-C as a request to stop
// after the current batch (a second Ctrl-C exits at once).
import { readFileSync } from 'node:fs';
import { ConfigError, isPresetName, resolveConfig, type RunConfig } from '../dust/config';
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
  return SandboxPool.create({ ...(cfg.sandbox.workers ? { workers: cfg.sandbox.workers } : {}), limits: { timeoutMs: cfg.sandbox.timeoutMs, memoryBytes: cfg.sandbox.memoryBytes } });
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
