// `dust repro [--config FILE | --preset NAME] [--seeds N] [--modes off-policy,sft,primal] [--out DIR]`:
// the reproduction (issue 7): one full run per (mode, seed) into DIR/<mode>-seed<N>, then the
// comparison of all of them (base, DuST judge only, DuST, SFT on rankings, primal GRPO; mean ±
// sample std over seeds) as DIR/summary.json, summary.md and summary.svg. Phase 1 depends only
// on the seed, so it runs once per seed (in the first mode's folder) and its files are copied
// into the other modes' folders before they start (runPipeline skips a complete dataset).
// Running the command again continues unfinished runs and skips finished ones; Ctrl-C stops
// after the current batch or step, writes the summary of what is finished and exits 130. A run
// that fails (e.g. phase 1 found no mixed group) is reported and the others go on (exit 1).
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { RunConfig } from '../../dust/config';
import { RUN_FILES } from '../../dust/dataset';
import { runPipeline } from '../../dust/pipeline';
import { aggregateRuns, reproMarkdown, type ReproRunInput } from '../../dust/repro';
import { reproSvg } from '../../dust/report-svg';
import { readDataset, readEval } from '../../dust/run-folder';
import { nodeCheckpointStore } from '../../host/node-checkpoints';
import { nodeRunStore } from '../../host/node-run-folder';
import type { Command } from '../command';
import { messageOf } from '../../util/errors';
import { UsageError } from '../load-model';
import { checkpointRunId, configFromArgs, eventPrinter, nodePipelineHost, stopOnSigint } from '../pipeline-setup';

const MODES = ['off-policy', 'on-policy', 'primal', 'sft'] as const;
const USAGE =
  'usage: npm run dust -- repro [--config FILE | --preset NAME] [--model DIR|owner/name] [--seeds N] [--modes off-policy,sft,primal] [--out DIR] [--quiet]\n' +
  '       (default: --preset toy-repro --seeds 3 --modes off-policy,sft,primal --out runs/<name>-repro; seeds are config.seed, +1, …)\n' +
  '       run it again with the same arguments to continue; finished runs are skipped';

/** Phase 1's files, shared by every mode of one seed. */
const DATASET_FILES = [RUN_FILES.candidates, RUN_FILES.groups, RUN_FILES.stats] as const;

export const runDirName = (mode: string, seed: number) => `${mode}-seed${seed}`;

async function hasCompleteDataset(dir: string): Promise<boolean> {
  if (!existsSync(join(dir, RUN_FILES.stats))) return false;
  try {
    return (await readDataset(nodeRunStore(dir))).stats.complete;
  } catch {
    return false;
  }
}

/** Every run of the reproduction with an eval.json, folded into the summary files. */
async function writeSummary(out: string, cfg: RunConfig, modes: readonly string[], seeds: readonly number[], extra: Record<string, unknown>): Promise<string | null> {
  const runs: ReproRunInput[] = [];
  for (const seed of seeds) {
    for (const mode of modes) {
      const dir = join(out, runDirName(mode, seed));
      if (!existsSync(dir)) continue;
      const report = await readEval(nodeRunStore(dir));
      if (report) runs.push({ mode, seed, report, complete: report.complete, dir });
    }
  }
  if (runs.length === 0) return null;
  const summary = aggregateRuns(runs, { modes, seeds });
  const wall = wallSeconds(out);
  const md = reproMarkdown(summary);
  writeFileSync(join(out, 'summary.json'), JSON.stringify({ name: cfg.name, model: cfg.model.id, problems: cfg.problems.set, modes, seeds, ...extra, wallSeconds: wall, ...summary }, null, 2) + '\n');
  writeFileSync(join(out, 'summary.md'), `# ${cfg.name}: ${cfg.model.id} on the ${cfg.problems.set} problems\n\n${md}`);
  writeFileSync(join(out, 'summary.svg'), reproSvg(summary, undefined, `${cfg.name}: ${cfg.model.id}, held-out problems`));
  return md;
}

/** Seconds spent per run folder, over every invocation (repro-log.jsonl). */
function wallSeconds(out: string): Record<string, number> {
  const file = join(out, 'repro-log.jsonl');
  const total: Record<string, number> = {};
  if (!existsSync(file)) return total;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const l = JSON.parse(line) as { run: string; seconds: number };
    total[l.run] = (total[l.run] ?? 0) + l.seconds;
  }
  return total;
}

const command: Command = {
  summary: 'the reproduction: every mode × seed as a full run, then base vs DuST vs SFT vs primal GRPO (mean ± std over seeds) as summary.md/.json/.svg',
  async run(args) {
    let values;
    let cfg: RunConfig;
    let seeds: number[];
    let modes: RunConfig['train']['mode'][];
    let out: string;
    try {
      ({ values } = parseArgs({ args, options: { config: { type: 'string' }, preset: { type: 'string' }, model: { type: 'string' }, seeds: { type: 'string', default: '3' }, modes: { type: 'string', default: 'off-policy,sft,primal' }, out: { type: 'string' }, quiet: { type: 'boolean', default: false } } }));
      cfg = configFromArgs(values.config || values.preset ? values : { ...values, preset: 'toy-repro' });
      const n = Number(values.seeds);
      if (!Number.isInteger(n) || n < 1 || n > 100) throw new UsageError(`--seeds must be a whole number from 1 to 100, got "${values.seeds}"`);
      seeds = Array.from({ length: n }, (_, i) => cfg.seed + i);
      modes = values.modes.split(',').map((m) => m.trim()).filter(Boolean) as RunConfig['train']['mode'][];
      const bad = modes.find((m) => !(MODES as readonly string[]).includes(m));
      if (bad !== undefined || modes.length === 0) throw new UsageError(`--modes: each must be one of ${MODES.join(', ')}${bad !== undefined ? `, got "${bad}"` : ''}`);
      if (new Set(modes).size !== modes.length) throw new UsageError('--modes names a mode twice');
      out = values.out ?? `runs/${cfg.name}-repro`;
    } catch (e) {
      console.error(`repro: ${(e as Error).message}\n${USAGE}`);
      return 2;
    }
    const quiet = values.quiet;
    const log = (s: string) => (quiet ? undefined : process.stderr.write(s + '\n'));
    mkdirSync(out, { recursive: true });
    const runCfg = (mode: RunConfig['train']['mode'], seed: number): RunConfig => ({ ...cfg, seed, train: { ...cfg.train, mode } });
    log(`[repro] ${cfg.model.id} on ${cfg.problems.set} problems: ${modes.length} mode(s) × ${seeds.length} seed(s) (${seeds.join(', ')}) → ${out}`);

    const first = join(out, runDirName(modes[0]!, seeds[0]!));
    const host = await nodePipelineHost(cfg, first, { quiet });
    const sig = stopOnSigint('repro');
    let stopped = false;
    const failed: string[] = [];
    const started = performance.now();
    try {
      for (const seed of seeds) {
        const source = join(out, runDirName(modes[0]!, seed));
        for (const mode of modes) {
          if (sig.stopped()) {
            stopped = true;
            break;
          }
          const dir = join(out, runDirName(mode, seed));
          const store = nodeRunStore(dir, { create: true });
          const previous = await readEval(store);
          if (previous?.complete && previous.rows.length > 1) {
            log(`[repro] ${runDirName(mode, seed)}: finished earlier, skipped`);
            continue;
          }
          if (dir !== source && !(await hasCompleteDataset(dir)) && (await hasCompleteDataset(source))) {
            for (const f of DATASET_FILES) copyFileSync(join(source, f), join(dir, f));
            log(`[repro] ${runDirName(mode, seed)}: phase 1's dataset copied from ${runDirName(modes[0]!, seed)}`);
          }
          log(`[repro] ${runDirName(mode, seed)}: start`);
          const t0 = performance.now();
          let res;
          try {
            res = await runPipeline({ ...host, store, checkpoints: nodeCheckpointStore(join(dir, 'checkpoints'), { keep: 2 }), runId: checkpointRunId(dir) }, runCfg(mode, seed), { onEvent: eventPrinter(quiet), shouldStop: sig.stopped });
          } catch (e) {
            // One run failing (e.g. phase 1 found no mixed group) does not lose the others: log it, go on, exit 1 at the end.
            const seconds = (performance.now() - t0) / 1000;
            failed.push(`${runDirName(mode, seed)}: ${messageOf(e)}`);
            appendFileSync(join(out, 'repro-log.jsonl'), JSON.stringify({ run: runDirName(mode, seed), seconds, complete: false, error: messageOf(e), time: new Date().toISOString() }) + '\n');
            process.stderr.write(`[repro] ${runDirName(mode, seed)}: failed after ${seconds.toFixed(0)} s: ${messageOf(e)}\n`);
            continue;
          }
          const seconds = (performance.now() - t0) / 1000;
          appendFileSync(join(out, 'repro-log.jsonl'), JSON.stringify({ run: runDirName(mode, seed), seconds, complete: res.complete, time: new Date().toISOString() }) + '\n');
          log(`[repro] ${runDirName(mode, seed)}: ${res.complete ? 'done' : 'stopped'} in ${seconds.toFixed(0)} s`);
          if (!res.complete) {
            stopped = true;
            break;
          }
        }
        if (stopped) break;
      }
      const md = await writeSummary(out, cfg, modes, seeds, { adapter: host.ctx.adapter.summary, lastInvocationSeconds: (performance.now() - started) / 1000 });
      if (md) {
        console.log(md);
        log(`[repro] summary: ${join(out, 'summary.md')}, summary.json, summary.svg`);
      } else log('[repro] no finished evaluation yet: no summary written');
      if (stopped) log(`[repro] stopped; continue with the same command (finished runs are skipped)`);
      if (failed.length) process.stderr.write(`[repro] ${failed.length} run(s) failed:\n${failed.map((f) => `  ${f}`).join('\n')}\n`);
      console.log(out);
      return stopped ? 130 : failed.length ? 1 : 0;
    } finally {
      sig.dispose();
      await host.close();
    }
  },
};

export default command;
