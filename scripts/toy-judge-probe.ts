// The toy judge, read directly: for held-out judgment groups drawn from the toy corpus (the
// correct and buggy solutions of the task family, K = 4, mixed), the model's distribution over
// the 24 ranking tokens at the answer position (teacher-forced: no sampling noise), and what
// it is worth: expected top-1 correct and expected PairAcc against chance (the base rate of
// correct candidates; PairAcc 0.5). One forward per group, so a model folder is read in
// seconds where a DuST evaluation takes minutes. Beside it, the same model as a *generator*:
// is the candidate it finds most likely as its own answer to the generation prompt (mean
// log-prob per token) correct more often than chance — is the knowledge a judge needs in the
// weights at all?
//
//   npm run toy:probe -- DIR|CHECKPOINT [DIR…] [--groups N] [--marker] [--thinking] [--own-samples CANDIDATES.jsonl]
//   (default: public/models/dust-toy, 96)
//
// --own-samples draws every group's candidates from the model's own samples (the
// candidates.jsonl of a `dust build` run, src/toy/own-samples.ts) instead of the task family's
// hand-written pools: what the judge will see in DuST. Sample the eval problems too (a build
// with problems.split "hash" and evalFraction 0.001 samples (nearly) all 297) for the 'eval' line.
//
// --thinking also reads a model trained with train:toy --thinking-verdicts: teacher-forced on
// the answer "<think>\n1 yes\n2 no\n…</think>\n\n" with the true verdicts, thinkingVerdict…
// (log P(" yes") − log P(" no") after each candidate's number) and thinkingJudge… (the ranking
// token's distribution after </think>: does the ranking follow the verdicts written before it?),
// thinkingRankingMass (its probability on the 24 ranking tokens) and thinkingJudgeFlippedPairAcc (the
// same read-out after the opposite verdicts, scored against the true labels: a ranking that follows
// its verdicts reads about 1 − thinkingJudgePairAcc there, one that ignores them reads the same).
// thinkingVerdict… read each verdict after the true earlier ones, which in a mixed group tell
// something about the later labels; firstVerdict… (Accuracy, PairAcc, YesShare) read every
// candidate's verdict as the first one written (the candidates rotated so it is candidate 1):
// what the judge knows from the code alone, as it is when it writes its first verdict;
// leakOnlyVerdictPairAcc is what ordering by the earlier labels alone scores on the same groups.
//
// --marker probes on judgment prompts whose buggy candidates are marked WRONG (the corpus's
// diagnostic option), for models trained with train:toy --judgment-marker.
//
// A CHECKPOINT (a .safetensors file written by train:toy every --checkpoint-every steps)
// probes a run while it trains.
//
// Prints one JSON line per model and split ('train': unseen draws from the train problems;
// 'eval': the held-out problems): expectedTop1Correct / greedyTop1Correct / expectedPairAcc
// (the judge) against baseRate and 0.5, rankingTokenMass (probability on the 24 rankings),
// generatorTop1Correct / generatorPairAcc (the generator's likelihood as a judge),
// inContextTop1Correct / inContextPairAcc (the same, from the candidates' tokens where the judge
// reads them inside the judgment prompt: is the signal present at those positions?),
// fenceVerdictAccuracy / …Top1Correct / …PairAcc (each candidate scored by log P(yes) −
// log P(no) at its closing fence inside the judgment prompt, where a 'fence' verdict document,
// src/toy/verdict-prompt.ts, puts its verdict: what a model trained with train:toy
// --verdict-share knows candidate by candidate, where the judge can read it), and
// promptVerdict… (the same from each candidate alone in the 'prompt' format's pointwise
// prompt). Used for the toy's ceiling check (docs/results/README.md).
import { createGpuContext } from '../src/gpu';
import { NODE_GPU_ADVICE, nodeGPU } from '../src/host/node';
import { nodeDirSource } from '../src/host/node-files';
import { loadModel } from '../src/model/load';
import { forwardLogits } from '../src/model/transformer-score';
import { loadTokenizer } from '../src/tokenizer/tokenizer';
import { parseRanking } from '../src/dust/parse-ranking';
import { pairAcc } from '../src/dust/rewards';
import { toyCorpus } from '../src/toy/corpus';
import { rankingTokenTexts } from '../src/toy/tokenizer-build';
import { toyProblems } from '../src/toy/generate';
import { fencedAnswer, generationPrompt } from '../src/toy/generation-prompt';
import { scoreCompletions } from '../src/model/transformer-score';
import { toyCheckpointSource } from './toy-checkpoint';
import { TOY_JUDGMENT_LAYOUT, VERDICT_NO, VERDICT_YES, candidateEnds, thinkingVerdicts, verdictPrompt } from '../src/toy/verdict-prompt';
import { judgmentPrompt, judgmentQuestion } from '../src/dust/judgment-prompt';
import { parseOwnSamples } from '../src/toy/own-samples';
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const gi = args.indexOf('--groups');
const groups = gi >= 0 ? Number(args[gi + 1]) : 96;
if (!Number.isInteger(groups) || groups < 1) throw new Error(`--groups must be a positive integer, got ${args[gi + 1]}`);
const marker = args.includes('--marker');
const thinking = args.includes('--thinking');
const oi = args.indexOf('--own-samples');
const ownFile = oi >= 0 ? args[oi + 1] : undefined;
if (oi >= 0 && !ownFile) throw new Error('--own-samples needs a candidates.jsonl');
const ownSamples = ownFile ? parseOwnSamples(readFileSync(ownFile, 'utf8'), ownFile) : undefined;
const dirs = args.filter((a, i) => !a.startsWith('--') && !(gi >= 0 && i === gi + 1) && !(oi >= 0 && i === oi + 1));
if (dirs.length === 0) dirs.push('public/models/dust-toy');

const ctx = await createGpuContext(nodeGPU(), { advice: NODE_GPU_ADVICE });
// a checkpoint is read once, here: the run that writes it may replace it while this probes
const sources = new Map(dirs.map((d) => [d, d.endsWith('.safetensors') ? toyCheckpointSource(d) : { source: nodeDirSource(d), step: undefined }]));
const tok = await loadTokenizer(sources.get(dirs[0]!)!.source);
// ranking token id → the ranking it writes
const rankings = new Map<number, number[]>();
for (const text of rankingTokenTexts(4)) {
  const ids = tok.encode(text);
  const parsed = parseRanking(text, 4);
  if (ids.length !== 1 || !parsed.valid) throw new Error(`${dirs[0]}: "${text}" is not one ranking token; this probe reads the toy tokenizer's ranking tokens`);
  rankings.set(ids[0]!, parsed.ranking);
}
const draw = (split: 'train' | 'eval') => {
  const it = toyCorpus({ seed: 4242, judgmentShare: 1, split, problemSeed: 3, marker: marker ? 1 : 0, ...(ownSamples ? { ownSamples, ownSampleShare: 1 } : {}) });
  // with own samples: only groups drawn from them (problems without a mixed set are skipped)
  const next = () => {
    for (let tries = 0; tries < 10_000; tries++) {
      const d = it.next().value;
      if (!ownSamples || d.ownSamples) return d;
    }
    throw new Error(`${ownFile}: no mixed samples for the ${split} problems; sample them with \`dust build\` (problems.split "hash" and evalFraction 0.001 sample nearly every problem)`);
  };
  return Array.from({ length: groups }, () => {
    const d = next();
    const problem = byId.get(d.problemId)!;
    const genPrompt = tok.applyChatTemplate([{ role: 'user', content: generationPrompt(problem) }], { addGenerationPrompt: true }).ids;
    // each candidate as the generator's own answer (the corpus's generation format)
    const answers = d.candidates!.map((code) => tok.encode(fencedAnswer(code.replace(/\n$/, ''))));
    // each candidate's token span inside the judgment prompt (boundaries by encoding the text before it)
    let from = 0;
    const spans = d.candidates!.map((code) => {
      const at = d.prompt.indexOf(code, from);
      from = at + code.length;
      return [tok.encode(d.prompt.slice(0, at)).length, tok.encode(d.prompt.slice(0, from)).length] as const;
    });
    const ids = tok.encode(d.prompt);
    // the token of each candidate's closing fence (a verdict document's last prompt token)
    const fences = candidateEnds(d.prompt, d.candidates!).map((end) => {
      const prefix = tok.encode(d.prompt.slice(0, end));
      if (prefix.some((t, i) => t !== ids[i])) throw new Error('the judgment prompt does not tokenize the same cut at a closing fence');
      return prefix.length - 1;
    });
    const pointwise = d.candidates!.map((code) => tok.applyChatTemplate([{ role: 'user', content: verdictPrompt(judgmentQuestion(problem), code) }], { addGenerationPrompt: true }).ids);
    // teacher-forced thinking answer: the token before each verdict, and the whole prefix of the ranking
    const think = d.prompt + thinkingVerdicts(d.labels!);
    const thinkIds = tok.encode(think);
    const thinkFlipIds = tok.encode(d.prompt + thinkingVerdicts(d.labels!.map((y) => 1 - y)));
    const verdictAt = d.labels!.map((_, c) => {
      const upTo = think.indexOf(`\n${c + 1}${d.labels![c] ? VERDICT_YES : VERDICT_NO}\n`, d.prompt.length) + 1 + String(c + 1).length;
      const prefix = tok.encode(think.slice(0, upTo));
      if (prefix.some((t, i) => t !== thinkIds[i])) throw new Error('the thinking answer does not tokenize the same cut at a verdict');
      return prefix.length - 1;
    });
    // each candidate moved to the front (the others following in turn), cut after "<think>\n1":
    // its verdict read before any other verdict is written (see firstVerdicts)
    const user = judgmentPrompt(judgmentQuestion(problem), d.candidates!, TOY_JUDGMENT_LAYOUT);
    if (thinking && !d.prompt.includes(user)) throw new Error('the judgment prompt is not the pipeline\'s (--marker?): cannot reorder its candidates');
    const firstIds = !thinking ? [] : d.candidates!.map((_, c) => {
      const rotated = d.candidates!.map((_, i) => d.candidates![(c + i) % 4]!);
      const cut = tok.encode(d.prompt.replace(user, () => judgmentPrompt(judgmentQuestion(problem), rotated, TOY_JUDGMENT_LAYOUT)) + thinkingVerdicts([1]).slice(0, '<think>\n1'.length));
      if (tok.decode([cut[cut.length - 1]!]) !== '1') throw new Error('the thinking answer does not end in its first candidate\'s number');
      return cut;
    });
    return { ids, labels: d.labels!, genPrompt, answers, spans, fences, pointwise, thinkIds, thinkFlipIds, verdictAt, firstIds };
  });
};
// first token of each verdict: after a fence (with its space) and as an assistant turn (without)
const [yesId, noId, yesTurn, noTurn] = [VERDICT_YES, VERDICT_NO, VERDICT_YES.trim(), VERDICT_NO.trim()].map((w) => tok.encode(w)[0]!);
const byId = new Map(toyProblems({ split: 'all', seed: 3 }).map((p) => [p.problem.id, p.problem]));
const sets = { train: draw('train'), eval: draw('eval') };

// Top-1 label and pairwise accuracy of ordering candidates by a score (ties count half).
function byScore(score: number[], labels: number[]): { top1: number; pairAcc: number } {
  const pos = labels.filter((y) => y === 1).length;
  let ok = 0;
  for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) if (labels[a]! > labels[b]!) ok += score[a]! > score[b]! ? 1 : score[a] === score[b] ? 0.5 : 0;
  return { top1: labels[score.indexOf(Math.max(...score))]!, pairAcc: ok / (pos * (4 - pos)) };
}
// Verdict margins (log P(yes) − log P(no) per candidate): the share of right verdicts, and byScore.
function verdictScore(margin: number[], labels: number[]): { accuracy: number; top1: number; pairAcc: number } {
  return { accuracy: margin.filter((m, c) => (m > 0 ? 1 : 0) === labels[c]).length / margin.length, ...byScore(margin, labels) };
}
// What the true earlier verdicts alone say of candidate j in a mixed group of four (the corpus's
// prior: each candidate correct with probability 0.6, all-equal groups excluded): P(y_j = 1 | y_<j).
// Ordering a group's candidates by it is the leak a teacher-forced verdict can use.
function leakPosterior(prefix: readonly number[]): number {
  let num = 0;
  let den = 0;
  for (let m = 0; m < 16; m++) {
    const y = [0, 1, 2, 3].map((i) => (m >> i) & 1);
    const pos = y.reduce((a, x) => a + x, 0);
    if (pos === 0 || pos === 4 || prefix.some((v, i) => y[i] !== v)) continue;
    const w = 0.6 ** pos * 0.4 ** (4 - pos);
    den += w;
    if (y[prefix.length] === 1) num += w;
  }
  return num / den;
}
// One logits row read as a judge: the distribution over the 24 ranking tokens (renormalised),
// its expected top-1 correct and PairAcc, the greedy ranking's top-1, and the mass on rankings.
function rankingScore(row: Float32Array, labels: number[]): { top1: number; pairAcc: number; greedyTop1: number; mass: number } {
  let max = -Infinity;
  for (const x of row) max = Math.max(max, x);
  let z = 0;
  for (const x of row) z += Math.exp(x - max);
  let zr = 0;
  for (const id of rankings.keys()) zr += Math.exp(row[id]! - max);
  let top1 = 0;
  let pa = 0;
  let best = -1;
  for (const [id, r] of rankings) {
    const p = Math.exp(row[id]! - max) / zr;
    if (best < 0 || row[id]! > row[best]!) best = id;
    top1 += p * labels[r[0]! - 1]!;
    pa += p * pairAcc(r, labels);
  }
  return { top1, pairAcc: pa, greedyTop1: labels[rankings.get(best)![0]! - 1]!, mass: zr / z };
}

for (const dir of dirs) {
  const { source, step } = sources.get(dir)!;
  const { model } = await loadModel(ctx, source);
  const V = model.cfg.vocabSize;
  for (const [split, docs] of Object.entries(sets)) {
    const sum = { top1: 0, greedy: 0, base: 0, pairAcc: 0, mass: 0, genTop1: 0, genPairAcc: 0, ctxTop1: 0, ctxPairAcc: 0, vAcc: 0, vTop1: 0, vPairAcc: 0, pAcc: 0, pTop1: 0, pPairAcc: 0, tAcc: 0, tPairAcc: 0, tJudge: 0, tJudgeTop1: 0, tMass: 0, tFlip: 0, fAcc: 0, fPairAcc: 0, fYes: 0, leak: 0 };
    const lps = await scoreCompletions(model, docs.flatMap((d) => d.answers.map((completion) => ({ prompt: d.genPrompt, completion }))));
    docs.forEach((d, i) => {
      const mean = d.answers.map((_, c) => lps[4 * i + c]!.reduce((a, x) => a + x, 0) / lps[4 * i + c]!.length);
      const r = byScore(mean, d.labels);
      sum.genTop1 += r.top1;
      sum.genPairAcc += r.pairAcc;
    });
    for (let i = 0; i < docs.length; i += 2) {
      const chunk = docs.slice(i, i + 2);
      const logits = await forwardLogits(model, chunk.flatMap((d) => d.pointwise));
      chunk.forEach((d, j) => {
        const margin = d.pointwise.map((ids, c) => {
          const at = (ids.length - 1) * V;
          return logits[4 * j + c]![at + yesTurn]! - logits[4 * j + c]![at + noTurn]!;
        });
        const r = verdictScore(margin, d.labels);
        sum.pAcc += r.accuracy;
        sum.pTop1 += r.top1;
        sum.pPairAcc += r.pairAcc;
      });
    }
    if (thinking) {
      for (let i = 0; i < docs.length; i += 4) {
        const chunk = docs.slice(i, i + 4);
        const logits = await forwardLogits(model, chunk.flatMap((d) => [d.thinkIds, d.thinkFlipIds]));
        chunk.forEach((d, j) => {
          const margin = d.verdictAt.map((t) => logits[2 * j]![t * V + yesId]! - logits[2 * j]![t * V + noId]!);
          const v = verdictScore(margin, d.labels);
          sum.tAcc += v.accuracy;
          sum.tPairAcc += v.pairAcc;
          sum.leak += byScore(d.labels.map((_, c) => leakPosterior(d.labels.slice(0, c))), d.labels).pairAcc;
          const r = rankingScore(logits[2 * j]!.subarray((d.thinkIds.length - 1) * V, d.thinkIds.length * V), d.labels);
          sum.tJudge += r.pairAcc;
          sum.tJudgeTop1 += r.top1;
          sum.tMass += r.mass;
          sum.tFlip += rankingScore(logits[2 * j + 1]!.subarray((d.thinkFlipIds.length - 1) * V, d.thinkFlipIds.length * V), d.labels).pairAcc;
        });
        // Teacher-forced verdicts after the *true* earlier verdicts leak the label of a mixed
        // group's last candidates ("1 yes 2 yes 3 yes" → 4 must be no); a verdict read first
        // knows only the code.
        const first = await forwardLogits(model, chunk.flatMap((d) => d.firstIds));
        chunk.forEach((d, j) => {
          const margin = d.firstIds.map((ids, c) => first[4 * j + c]![(ids.length - 1) * V + yesId]! - first[4 * j + c]![(ids.length - 1) * V + noId]!);
          const v = verdictScore(margin, d.labels);
          sum.fAcc += v.accuracy;
          sum.fPairAcc += v.pairAcc;
          sum.fYes += margin.filter((m) => m > 0).length / 4;
        });
      }
    }
    for (let i = 0; i < docs.length; i += 8) {
      const chunk = docs.slice(i, i + 8);
      const logits = await forwardLogits(model, chunk.map((d) => d.ids));
      chunk.forEach((d, j) => {
        // in context: mean log-prob of each candidate's tokens where the judge reads them
        const logp = (t: number) => {
          const r = logits[j]!.subarray((t - 1) * V, t * V);
          let m = -Infinity;
          for (const x of r) m = Math.max(m, x);
          let zz = 0;
          for (const x of r) zz += Math.exp(x - m);
          return r[d.ids[t]!]! - m - Math.log(zz);
        };
        const inCtx = d.spans.map(([a, b]) => {
          let acc = 0;
          for (let t = a; t < b; t++) acc += logp(t);
          return acc / (b - a);
        });
        const margin = d.fences.map((t) => logits[j]![t * V + yesId]! - logits[j]![t * V + noId]!);
        const rv = verdictScore(margin, d.labels);
        sum.vAcc += rv.accuracy;
        sum.vTop1 += rv.top1;
        sum.vPairAcc += rv.pairAcc;
        const rc = byScore(inCtx, d.labels);
        sum.ctxTop1 += rc.top1;
        sum.ctxPairAcc += rc.pairAcc;
        const judge = rankingScore(logits[j]!.subarray((d.ids.length - 1) * V, d.ids.length * V), d.labels);
        sum.top1 += judge.top1;
        sum.pairAcc += judge.pairAcc;
        sum.greedy += judge.greedyTop1;
        sum.base += d.labels.filter((y) => y === 1).length / d.labels.length;
        sum.mass += judge.mass;
      });
    }
    const n = docs.length;
    const f = (x: number) => +(x / n).toFixed(4);
    console.log(JSON.stringify({ model: dir, ...(step === undefined ? {} : { step }), split, ...(marker ? { marker } : {}), ...(ownFile ? { ownSamples: ownFile } : {}), groups: n, expectedTop1Correct: f(sum.top1), greedyTop1Correct: f(sum.greedy), baseRate: f(sum.base), expectedPairAcc: f(sum.pairAcc), rankingTokenMass: f(sum.mass), generatorTop1Correct: f(sum.genTop1), generatorPairAcc: f(sum.genPairAcc), inContextTop1Correct: f(sum.ctxTop1), inContextPairAcc: f(sum.ctxPairAcc), fenceVerdictAccuracy: f(sum.vAcc), fenceVerdictTop1Correct: f(sum.vTop1), fenceVerdictPairAcc: f(sum.vPairAcc), promptVerdictAccuracy: f(sum.pAcc), promptVerdictTop1Correct: f(sum.pTop1), promptVerdictPairAcc: f(sum.pPairAcc), ...(thinking ? { thinkingVerdictAccuracy: f(sum.tAcc), thinkingVerdictPairAcc: f(sum.tPairAcc), leakOnlyVerdictPairAcc: f(sum.leak), thinkingJudgePairAcc: f(sum.tJudge), thinkingJudgeTop1Correct: f(sum.tJudgeTop1), thinkingRankingMass: f(sum.tMass), thinkingJudgeFlippedPairAcc: f(sum.tFlip), firstVerdictAccuracy: f(sum.fAcc), firstVerdictPairAcc: f(sum.fPairAcc), firstVerdictYesShare: f(sum.fYes) } : {}) }));
  }
  model.destroy();
}
ctx.destroy();
process.exit(0);
