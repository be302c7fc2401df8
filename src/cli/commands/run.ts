// `dust run [--config FILE | --preset NAME] [--model M] [--mode MODE] [--out DIR] [--quiet]` or
// `dust run --run DIR`: every phase of DuST into one run folder (config.json, dataset,
// metrics.jsonl, checkpoints/, model/, eval.json + eval.md). With no config it runs the
// "toy" preset: the built-in toy model on the toy problems, offline, in minutes on a software
// GPU. --run DIR continues a stopped run (finished phases are skipped, training resumes from
// its newest checkpoint). Ctrl-C stops after the current batch or step with a checkpoint.
import { parseArgs } from 'node:util';
import type { RunConfig } from '../../dust/config';
import { runPipeline } from '../../dust/pipeline';
import type { PipelinePhase } from '../../dust/pipeline-events';
import { reportMarkdown } from '../../dust/report';
import { readRunConfig } from '../../dust/run-folder';
import { nodeRunStore } from '../../host/node-run-folder';
import type { Command } from '../command';
import { UsageError } from '../load-model';
import { configFromArgs, eventPrinter, nodePipelineHost, stopOnSigint } from '../pipeline-setup';

const MODES = ['off-policy', 'on-policy', 'primal', 'sft'];

export function pipelineCommand(name: string, phases: readonly PipelinePhase[], summary: string, usage: string): Command {
  return {
    summary,
    async run(args) {
      let values;
      let cfg: RunConfig;
      let dir: string;
      try {
        ({ values } = parseArgs({ args, options: { run: { type: 'string' }, config: { type: 'string' }, preset: { type: 'string' }, model: { type: 'string' }, mode: { type: 'string' }, out: { type: 'string' }, fresh: { type: 'boolean', default: false }, quiet: { type: 'boolean', default: false } } }));
        if (values.run) {
          if (values.config || values.preset || values.out || values.mode) throw new UsageError('--run DIR continues that run with its own config.json: drop --config, --preset, --mode and --out');
          dir = values.run;
          cfg = await readRunConfig(nodeRunStore(dir));
          if (values.model) cfg = { ...cfg, model: { ...cfg.model, id: values.model } };
        } else {
          if (phases.length === 1 && phases[0] === 'train') throw new UsageError('train needs a run folder with a finished dataset: --run DIR (made by `dust build` or a stopped `dust run`)');
          cfg = configFromArgs(values.config || values.preset ? values : { ...values, preset: 'toy' });
          if (values.mode) {
            if (!MODES.includes(values.mode)) throw new UsageError(`--mode must be one of ${MODES.join(', ')}, got "${values.mode}"`);
            cfg = { ...cfg, train: { ...cfg.train, mode: values.mode as RunConfig['train']['mode'] } };
          }
          dir = values.out ?? `runs/${cfg.name}-${cfg.train.mode}-${new Date().toISOString().replace(/[:.]/g, '-')}`;
        }
      } catch (e) {
        console.error(`${name}: ${(e as Error).message}\n${usage}`);
        return 2;
      }
      const log = (s: string) => (values.quiet ? undefined : process.stderr.write(s + '\n'));
      log(`[${name}] ${cfg.model.id} on ${cfg.problems.set} problems, mode ${cfg.train.mode} → ${dir}`);
      const host = await nodePipelineHost(cfg, dir, { quiet: values.quiet });
      const sig = stopOnSigint(name);
      try {
        const res = await runPipeline(host, cfg, { phases, onEvent: eventPrinter(values.quiet), shouldStop: sig.stopped, resume: !values.fresh });
        if (res.report) console.log(reportMarkdown(res.report));
        log(`[${name}] ${res.complete ? 'done' : `stopped; continue with: npm run dust -- ${name} --run ${dir}`}`);
        console.log(dir);
        return res.complete ? 0 : 130;
      } finally {
        sig.dispose();
        await host.close();
      }
    },
  };
}

export default pipelineCommand(
  'run',
  ['dataset', 'train', 'eval'],
  'all three phases (dataset, training, evaluation) into a run folder; no config = the offline toy demo',
  'usage: npm run dust -- run [--config FILE | --preset NAME] [--model DIR|owner/name|dust-toy] [--mode off-policy|on-policy|primal|sft] [--out DIR] [--quiet]\n       npm run dust -- run --run DIR   (continue a stopped run)',
);
