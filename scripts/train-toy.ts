// Trains the toy model (src/toy/pretrain.ts) from its seed on Node + Dawn and writes the
// Hugging Face folder public/models/dust-toy/: config.json, model.safetensors,
// generation_config.json, training-log.json, loss.svg (the tokenizer files there are kept).
//
//   npm run train:toy -- [--steps N] [--batch B] [--micro-batch M] [--lr X] [--seed S]
//                        [--layers L --hidden H --heads A --intermediate I] [--weight-decay D]
//                        [--judgment-share X] [--prompt-weight W] [--judgment-rankings random|oracle|SHARE] [--judgment-marker SHARE] [--verdict-share X [--verdict-format fence|prompt]] [--thinking-verdicts] [--ranking-weight W] [--from DIR]
//                        [--own-samples CANDIDATES.jsonl [--own-sample-share X]]
//                        [--out DIR] [--checkpoint-every N] [--checkpoint FILE] [--resume] [--profile-step N]
//
// --from DIR starts from a model folder's weights (fresh AdamW moments) instead of the
// seeded initialisation; with --judgment-rankings oracle (correct candidates ranked first)
// this is the toy's ceiling check (docs/results/README.md): can the model learn to judge
// when told? Both need --out elsewhere than the committed folder, which is only ever written
// by the recipe itself; the tokenizer files are copied there.
//
// --own-samples takes the candidates of judgment and verdict documents, for a share X of them
// (default 0.5), from the model's own samples: the candidates.jsonl of a `dust build` run
// folder (src/toy/own-samples.ts), so its verdicts are learnt on programs like the ones DuST
// shows it.
//
// Every --checkpoint-every steps (default 25) the weights, AdamW moments and step go to
// --checkpoint (default .cache/toy-train/checkpoint.safetensors) and the log so far to
// DIR/training-log.json; --resume continues from the checkpoint (the corpus stream is
// replayed to the same document), so an interrupted run loses at most N steps and ends with
// the same weights as an uninterrupted one.
//
// --profile-step N times every dispatch of step N (src/gpu/profiler.ts) and prints the GPU
// time by kernel against the step's wall time: where a step's time goes on this adapter.
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { cpus } from 'node:os';
import { createGpuContext, formatProfile } from '../src/gpu';
import { NODE_GPU_ADVICE, nodeGPU } from '../src/host/node';
import { readSafetensors, writeSafetensors } from '../src/model/safetensors';
import { lossCurveSvg } from '../src/toy/loss-svg';
import { toyGenerationConfigJson, toyParameterCount } from '../src/toy/model-config';
import { mixedProblems, parseOwnSamples } from '../src/toy/own-samples';
import { TOY_RECIPE, ToyPretraining, type ToyCheckpoint, type ToyRecipe, type ToyStepReport } from '../src/toy/pretrain';
import { readToyCheckpoint, toyCheckpointBytes } from './toy-checkpoint';

const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
function flag(name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) throw new Error(`--${name} needs a value`);
  return v;
}
function num(name: string, dflt: number): number {
  const v = flag(name);
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got "${v}"`);
  return n;
}

function rankingsFlag(): Pick<ToyRecipe, 'judgmentRankings'> {
  const v = flag('judgment-rankings');
  if (v === undefined) return {};
  if (v === 'random' || v === 'oracle') return { judgmentRankings: v };
  const share = Number(v);
  if (!(share >= 0 && share <= 1)) throw new Error(`--judgment-rankings must be random, oracle or the share of oracle answers in [0, 1], got "${v}"`);
  return { judgmentRankings: share };
}

function markerFlag(): Pick<ToyRecipe, 'judgmentMarker'> {
  const v = flag('judgment-marker');
  if (v === undefined) return {};
  const share = Number(v);
  if (!(share > 0 && share <= 1)) throw new Error(`--judgment-marker must be the share of marked judgment prompts in (0, 1], got "${v}"`);
  return { judgmentMarker: share };
}

function verdictFlags(): Pick<ToyRecipe, 'verdictShare' | 'verdictFormat'> {
  const format = flag('verdict-format');
  if (format !== undefined && format !== 'fence' && format !== 'prompt') throw new Error(`--verdict-format must be fence or prompt, got "${format}"`);
  if (flag('verdict-share') === undefined) {
    if (format !== undefined) throw new Error('--verdict-format needs --verdict-share');
    return {};
  }
  return { verdictShare: num('verdict-share', 0), ...(format ? { verdictFormat: format } : {}) };
}

const ownFile = flag('own-samples');
if (ownFile === undefined && flag('own-sample-share') !== undefined) throw new Error('--own-sample-share needs --own-samples CANDIDATES.jsonl');
const ownSamples = ownFile === undefined ? undefined : parseOwnSamples(readFileSync(ownFile, 'utf8'), ownFile);

const recipe: ToyRecipe = {
  ...TOY_RECIPE,
  seed: num('seed', TOY_RECIPE.seed),
  steps: num('steps', TOY_RECIPE.steps),
  batch: num('batch', TOY_RECIPE.batch),
  microBatch: num('micro-batch', TOY_RECIPE.microBatch),
  lr: num('lr', TOY_RECIPE.lr),
  minLr: num('min-lr', TOY_RECIPE.minLr),
  warmupSteps: num('warmup', TOY_RECIPE.warmupSteps),
  weightDecay: num('weight-decay', TOY_RECIPE.weightDecay),
  judgmentShare: num('judgment-share', TOY_RECIPE.judgmentShare),
  promptWeight: num('prompt-weight', TOY_RECIPE.promptWeight),
  ...rankingsFlag(),
  ...markerFlag(),
  ...verdictFlags(),
  ...(args.includes('--thinking-verdicts') ? { thinkingVerdicts: true } : {}),
  ...(flag('ranking-weight') === undefined ? {} : { rankingWeight: num('ranking-weight', 1) }),
  ...(ownFile === undefined ? {} : { ownSampleShare: num('own-sample-share', 0.5), ownSamplesFile: ownFile }),
  size: {
    layers: num('layers', TOY_RECIPE.size.layers),
    hidden: num('hidden', TOY_RECIPE.size.hidden),
    heads: num('heads', TOY_RECIPE.size.heads),
    intermediate: num('intermediate', TOY_RECIPE.size.intermediate),
  },
};
const committed = join(root, 'public', 'models', 'dust-toy');
const outDir = flag('out') ?? committed;
const from = flag('from');
if ((from || recipe.judgmentMarker || recipe.verdictShare || recipe.thinkingVerdicts || (recipe.rankingWeight ?? 1) !== 1 || recipe.ownSampleShare || (recipe.judgmentRankings ?? 'random') !== (TOY_RECIPE.judgmentRankings ?? 'random')) && resolve(outDir) === resolve(committed)) {
  throw new Error('--from, --judgment-marker, --verdict-share, --thinking-verdicts, --ranking-weight, --own-samples and --judgment-rankings other than the recipe\'s make a model that is not the shipped toy: give --out DIR (the committed folder is only written by the recipe)');
}
const every = num('checkpoint-every', 25);
const ckptFile = flag('checkpoint') ?? (resolve(outDir) === resolve(committed) ? join(root, '.cache', 'toy-train', 'checkpoint.safetensors') : join(outDir, 'train-checkpoint.safetensors'));
const resume = args.includes('--resume');
const profileStep = num('profile-step', 0);

interface TrainingLog {
  recipe: ToyRecipe;
  parameters: number;
  adapter: string;
  host: string;
  steps: ToyStepReport[];
  seconds: number;
  tokens: number;
  lossTokens: number;
  finished: boolean;
}

function writeAtomic(file: string, data: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, data);
  renameSync(`${file}.tmp`, file);
}

function saveCheckpoint(c: ToyCheckpoint, log: TrainingLog): void {
  writeAtomic(ckptFile, toyCheckpointBytes(c, recipe, log));
}

function loadCheckpoint(): { ckpt: ToyCheckpoint; log: TrainingLog } {
  const { ckpt, recipeJson, log } = readToyCheckpoint(new Uint8Array(readFileSync(ckptFile)), ckptFile);
  if (recipeJson !== JSON.stringify(recipe)) throw new Error(`${ckptFile} was written by another recipe:\n${recipeJson}\nthis run:\n${JSON.stringify(recipe)}`);
  return { ckpt, log: log as TrainingLog };
}

const ctx = await createGpuContext(nodeGPU(), { advice: NODE_GPU_ADVICE });
const params = toyParameterCount(recipe.size);
console.log(`[gpu] ${ctx.adapter.summary}`);
console.log(`toy model: ${recipe.size.layers} layers × hidden ${recipe.size.hidden}, ${(params / 1e6).toFixed(3)} M parameters; ${recipe.steps} steps × ${recipe.batch} documents, lr ${recipe.lr} (warm-up ${recipe.warmupSteps}, cosine to ${recipe.minLr}), seed ${recipe.seed}`);

let log: TrainingLog = {
  recipe, parameters: params, adapter: ctx.adapter.summary, host: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`,
  steps: [], seconds: 0, tokens: 0, lossTokens: 0, finished: false,
};
let start: ToyCheckpoint | undefined;
if (from) {
  // Another folder's weights, step 0, fresh moments: a continuation with its own schedule.
  const weights = new Map<string, Float32Array>();
  for (const [name, t] of readSafetensors(new Uint8Array(readFileSync(join(from, 'model.safetensors'))), join(from, 'model.safetensors'))) weights.set(name, t.data);
  const zeros = () => new Map([...weights].map(([n, w]) => [n, new Float32Array(w.length)]));
  start = { step: 0, weights, m: zeros(), v: zeros() };
  console.log(`starting from the weights in ${from}`);
}
if (resume && existsSync(ckptFile)) {
  const c = loadCheckpoint();
  start = c.ckpt;
  log = c.log;
  log.steps = log.steps.slice(0, start.step);
  console.log(`resuming from ${ckptFile} at step ${start.step}`);
}
if (ownSamples) console.log(`own samples: ${[...ownSamples.values()].reduce((a, l) => a + l.length, 0)} programs of ${ownSamples.size} problems (${mixedProblems(ownSamples)} with passing and failing ones) from ${ownFile}, for ${recipe.ownSampleShare} of the judgment and verdict groups`);
const run = new ToyPretraining(ctx, recipe, start, ownSamples);
const t0 = performance.now() / 1000 - log.seconds;
const startSeconds = log.seconds;
while (run.stepsDone < recipe.steps) {
  let r: ToyStepReport;
  if (run.stepsDone + 1 === profileStep) {
    const w0 = performance.now();
    const { result, profile } = await ctx.profile(() => run.step());
    r = result;
    for (const line of formatProfile(profile, 15, performance.now() - w0)) console.log(`profile step ${r.step}: ${line}`);
  } else r = await run.step();
  log.steps.push(r);
  log.tokens += r.tokens;
  log.lossTokens += r.lossTokens;
  log.seconds = performance.now() / 1000 - t0;
  const recent = log.steps.slice(-10);
  const tps = recent.reduce((a, s) => a + s.tokens, 0) / recent.reduce((a, s) => a + s.seconds, 0);
  const eta = ((recipe.steps - r.step) * (log.seconds - startSeconds)) / (r.step - (start?.step ?? 0)) || 0;
  console.log(
    `step ${r.step}/${recipe.steps}  loss ${r.loss.toFixed(4)}  lr ${r.lr.toExponential(2)}  |g| ${r.gradNorm.toFixed(3)}  ` +
      `${r.tokens} tok (${r.lossTokens} scored, ${r.judgment} judgment${r.verdict ? `, ${r.verdict} verdict` : ''}${r.ownSamples ? `, ${r.ownSamples} of own samples` : ''})  ${r.seconds.toFixed(1)} s  ${tps.toFixed(0)} tok/s  ` +
      `elapsed ${(log.seconds / 60).toFixed(1)} min  eta ${(eta / 60).toFixed(1)} min${r.applied ? '' : '  SKIPPED (non-finite)'}`,
  );
  if (r.step % every === 0 && r.step < recipe.steps) {
    saveCheckpoint(await run.checkpoint(), log);
    writeAtomic(join(outDir, 'training-log.json'), `${JSON.stringify(log, null, 1)}\n`);
  }
}
log.finished = true;
const weights = await run.weights();
const tensors = [...weights].map(([name, data]) => ({ name, shape: [...shapeOf(name)], dtype: 'F32' as const, data }));
function shapeOf(name: string): number[] {
  const t = run.model.named(run.model.weights).find(([n]) => n === name);
  if (!t) throw new Error(`no tensor ${name}`);
  return [...t[1].shape];
}
writeAtomic(join(outDir, 'model.safetensors'), writeSafetensors(tensors, { format: 'pt' }));
writeAtomic(join(outDir, 'config.json'), `${JSON.stringify(run.config, null, 2)}\n`);
writeAtomic(join(outDir, 'generation_config.json'), `${JSON.stringify(toyGenerationConfigJson(), null, 2)}\n`);
writeAtomic(join(outDir, 'training-log.json'), `${JSON.stringify(log, null, 1)}\n`);
for (const f of ['tokenizer.json', 'tokenizer_config.json']) if (!existsSync(join(outDir, f))) copyFileSync(join(committed, f), join(outDir, f));
writeAtomic(join(outDir, 'loss.svg'), lossCurveSvg(log.steps, { title: `dust-toy pre-training loss (nats per answer token; ${recipe.steps} steps × ${recipe.batch} documents)` }));
saveCheckpoint(await run.checkpoint(), log);
console.log(`wrote ${outDir}: ${recipe.steps} steps, ${log.tokens} tokens (${log.lossTokens} scored), ${(log.seconds / 60).toFixed(1)} min, final loss ${log.steps.at(-1)?.loss.toFixed(4)}`);
run.destroy();
ctx.destroy();
process.exit(0);
