// `dust build --config FILE | --preset NAME [--model DIR|owner/name] [--out DIR] [--quiet]`:
// phase 1. Samples M candidates per training problem on the GPU while the sandbox labels them,
// builds the judgment groups and writes the run folder (config.json, candidates.jsonl,
// groups.jsonl, dataset-stats.json, a "dataset" line in metrics.jsonl). Ctrl-C stops after
// the current batch and still writes a consistent folder (dataset-stats.json: complete false).
import { parseArgs } from 'node:util';
import { runPhase1 } from '../../dust/phase1-sample';
import { appendMetric, writeDataset, writeRunConfig } from '../../dust/run-folder';
import { nodeRunStore } from '../../host/node-run-folder';
import type { Command } from '../command';
import { configFromArgs, createPool, loadGenerator, progressPrinter, runProblems, stopOnSigint } from '../pipeline-setup';

const USAGE = 'usage: npm run dust -- build --config FILE | --preset NAME [--model DIR|owner/name] [--out DIR] [--quiet]';

const command: Command = {
  summary: 'phase 1: sample candidates with the model, label them in the sandbox, write the judgment dataset to a run folder',
  async run(args) {
    let values;
    let cfg;
    try {
      ({ values } = parseArgs({ args, options: { config: { type: 'string' }, preset: { type: 'string' }, model: { type: 'string' }, out: { type: 'string' }, quiet: { type: 'boolean', default: false } } }));
      cfg = configFromArgs(values);
    } catch (e) {
      console.error(`build: ${(e as Error).message}\n${USAGE}`);
      return 2;
    }
    let train;
    try {
      ({ train } = await runProblems(cfg));
    } catch (e) {
      console.error(`build: ${(e as Error).message}`);
      return 2;
    }
    const out = values.out ?? `runs/${cfg.name}-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    const store = nodeRunStore(out, { create: true });
    await writeRunConfig(store, cfg);
    const log = (s: string) => (values.quiet ? undefined : process.stderr.write(s + '\n'));
    log(`[build] ${train.length} training problems × ${cfg.dataset.samples} samples → ${out}`);
    const gen = await loadGenerator(cfg, { quiet: values.quiet });
    const pool = await createPool(cfg);
    const sig = stopOnSigint('build');
    try {
      const r = await runPhase1(pool, gen.generator, train, cfg, { onProgress: progressPrinter(values.quiet), shouldStop: sig.stopped });
      await writeDataset(store, r);
      const t = r.timing;
      await appendMetric(store, 'dataset', {
        complete: r.complete,
        seconds: t.wallMs / 1000,
        generate_seconds: t.generateMs / 1000,
        gpu_idle_frac: t.gpuIdleFrac,
        responses: t.responses,
        too_long: t.tooLong,
        groups: r.groups.length,
        label_queue_peak: r.labelling.peakPending,
        generator_waits: r.labelling.generatorWaits,
      });
      log(
        `[build] ${r.complete ? 'done' : 'stopped early'}: ${r.candidates.length} candidates, ${r.groups.length} groups ` +
          `(${r.stats.trainGroups} train / ${r.stats.valGroups} val) in ${(t.wallMs / 1000).toFixed(1)} s, GPU idle ${(100 * t.gpuIdleFrac).toFixed(0)}%` +
          (t.tooLong ? `; ${t.tooLong} prompts did not fit the model's context with dataset.maxNewTokens new tokens and were not sampled (lower it)` : ''),
      );
      console.log(out);
      return r.complete ? 0 : 130;
    } finally {
      sig.dispose();
      await pool.close();
      gen.close();
    }
  },
};

export default command;
