// `dust eval --run DIR | --config FILE | --preset NAME [--model DIR|owner/name] [--trained DIR]
// [--out DIR] [--quiet]`: phase 3 on the held-out problems. With --run it reads DIR/config.json
// and writes into DIR; otherwise it creates a run folder from the config. Rows: "base"
// (generator = judge = the run's model); with --trained (a trained model folder, e.g. phase
// 2's checkpoint) also "judge-only" (base generator, trained judge) and "trained". Writes eval.json, eval.md, eval-records.jsonl and an "eval"
// line in metrics.jsonl; Ctrl-C stops after the current batch and keeps completed repeats.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { RunConfig } from '../../dust/config';
import { runEvaluation } from '../../dust/phase3-eval';
import { heldOutOverlap } from '../../dust/trained-model-metadata';
import { nodeFileSource } from '../../host/node-files';
import { openSafetensors } from '../../model/safetensors-stream';
import type { Problem } from '../../problems/schema';
import { appendMetric, readRunConfig, writeEval, writeRunConfig } from '../../dust/run-folder';
import { reportMarkdown } from '../../dust/report';
import { nodeRunStore } from '../../host/node-run-folder';
import type { Command } from '../command';
import { UsageError } from '../load-model';
import { configFromArgs, createPool, loadGenerator, progressPrinter, runProblems, stopOnSigint } from '../pipeline-setup';

/**
 * A trained model folder on disk records the problems it trained on (src/dust/trained-model-
 * metadata.ts): scoring it on any of them would not be a held-out evaluation.
 */
async function refuseTrainedOnHeldOut(trained: string, heldOut: readonly Problem[]): Promise<void> {
  const file = join(trained, 'model.safetensors');
  if (!existsSync(file)) return;
  const { header } = await openSafetensors(nodeFileSource(file), file);
  const seen = heldOutOverlap(header.metadata, heldOut);
  if (seen.length === 0) return;
  const some = seen.slice(0, 3).join(', ') + (seen.length > 3 ? ', …' : '');
  throw new Error(
    `${seen.length} of the ${heldOut.length} held-out problems (${some}) are problems ${trained} was trained on: its run used another seed or split. ` +
      'Evaluate it with the configuration it was trained with (--run on its run folder, or that config.json)',
  );
}

const USAGE = 'usage: npm run dust -- eval --run DIR | --config FILE | --preset NAME [--model DIR|owner/name] [--trained DIR|owner/name] [--out DIR] [--quiet]';

const command: Command = {
  summary: 'phase 3: pass@1, judgment NDCG and Best-of-k on the held-out problems, written to the run folder',
  async run(args) {
    let values;
    let cfg: RunConfig;
    let store;
    try {
      ({ values } = parseArgs({ args, options: { run: { type: 'string' }, config: { type: 'string' }, preset: { type: 'string' }, model: { type: 'string' }, trained: { type: 'string' }, out: { type: 'string' }, quiet: { type: 'boolean', default: false } } }));
      if (values.run) {
        if (values.config || values.preset || values.out) throw new UsageError('--run DIR takes the run\'s own config.json and writes into DIR: drop --config, --preset and --out');
        store = nodeRunStore(values.run);
        cfg = await readRunConfig(store);
        if (values.model) cfg = { ...cfg, model: { ...cfg.model, id: values.model } };
      } else {
        cfg = configFromArgs(values);
        store = nodeRunStore(values.out ?? `runs/${cfg.name}-eval-${new Date().toISOString().replace(/[:.]/g, '-')}`, { create: true });
        await writeRunConfig(store, cfg);
      }
    } catch (e) {
      console.error(`eval: ${(e as Error).message}\n${USAGE}`);
      return 2;
    }
    let problems;
    try {
      problems = (await runProblems(cfg)).eval;
      if (values.trained) await refuseTrainedOnHeldOut(values.trained, problems);
    } catch (e) {
      console.error(`eval: ${(e as Error).message}`);
      return 2;
    }
    const log = (s: string) => (values.quiet ? undefined : process.stderr.write(s + '\n'));
    log(`[eval] ${problems.length} held-out problems × ${cfg.eval.candidates} candidates × ${cfg.eval.repeats} repeats → ${store.where}`);
    const gen = await loadGenerator(cfg, { quiet: values.quiet });
    const trained = values.trained ? await loadGenerator(cfg, { quiet: values.quiet, spec: values.trained }).catch((e: unknown) => (gen.close(), Promise.reject(e))) : null;
    const base = gen.generator;
    const setups = [{ name: 'base', generator: base, judge: base }];
    if (trained) setups.push({ name: 'judge-only', generator: base, judge: trained.generator }, { name: 'trained', generator: trained.generator, judge: trained.generator });
    const pool = await createPool(cfg);
    const sig = stopOnSigint('eval');
    try {
      const res = await runEvaluation(pool, setups, problems, cfg, { onProgress: progressPrinter(values.quiet), shouldStop: sig.stopped });
      for (const row of res.rows) {
        await appendMetric(store, 'eval', {
          row: row.setup.name,
          generator: row.setup.generator.name,
          judge: row.setup.judge.name,
          complete: res.complete,
          repeats: row.repeats.length,
          seconds: row.timing.wallMs / 1000,
          generate_seconds: row.timing.generateMs / 1000,
          judge_seconds: row.timing.judgeMs / 1000,
          judgments_per_s: row.timing.judgmentsPerS,
        });
      }
      if (!res.report) {
        log('[eval] stopped before the first repeat finished: nothing to report');
        return 130;
      }
      await writeEval(store, { ...res.report, complete: res.complete }, res.rows.flatMap((r) => r.records));
      console.log(reportMarkdown(res.report));
      log(`[eval] ${res.complete ? 'done' : 'stopped early'}: wrote ${store.where}/eval.json and eval.md`);
      return res.complete ? 0 : 130;
    } finally {
      sig.dispose();
      await pool.close();
      trained?.close();
      gen.close();
    }
  },
};

export default command;
