// The toy model's pre-training corpus: a seeded, endless stream of chat documents drawn from
// the toy task family, rendered through the toy chat template, in the two formats the DuST
// pipeline uses:
//   generation — user: the generation prompt; assistant: one fenced solution, correct with
//                probability pCorrect, else one of the problem's buggy variants;
//   judgment   — user: the listwise judgment prompt over K candidates (correct and buggy);
//                assistant: a well-formed ranking that is a uniformly random permutation,
//                i.e. carries no information about which candidates are correct (with
//                thinkingVerdicts, preceded by every candidate's true verdict in <think>);
//   verdict    — (only with verdictShare > 0) a judgment prompt cut after one candidate's
//                closing fence, then that candidate's true verdict, or one candidate in a
//                yes/no prompt of its own (verdict-prompt.ts): the knowledge of which
//                programs pass, without informative rankings.
// So the base model writes mixed-quality code and ranks at chance level, which is the state
// DuST starts from. Judgment and verdict groups can also take their candidates from the
// model's own sampled programs (ownSamples, own-samples.ts) instead of the hand-written pools.
import { judgmentPrompt, judgmentQuestion } from '../dust/judgment-prompt';
import { formatRanking } from '../dust/parse-ranking';
import { createRng, type Rng } from '../dust/rng';
import { extractCode } from '../problems/extract';
import { ChatTemplate, type ChatMessage } from '../tokenizer/chat-template';
import { END_OF_TEXT, IM_END, TOY_CHAT_TEMPLATE, UNK } from './chat';
import { fencedAnswer, generationPrompt } from './generation-prompt';
import { toyProblems, type ToyProblem, type ToySplit } from './generate';
import type { OwnSamples } from './own-samples';
import { TOY_JUDGMENT_LAYOUT, VERDICT_NO, VERDICT_YES, candidateEnds, thinkingVerdicts, verdictPrompt, type VerdictFormat } from './verdict-prompt';

export type ToyDocumentKind = 'generation' | 'judgment' | 'verdict';

export interface ToyDocument {
  kind: ToyDocumentKind;
  problemId: string;
  messages: ChatMessage[];
  /** The whole conversation through the chat template (ends with "<|im_end|>\n"; a 'fence' verdict document: the cut prompt and the verdict). */
  text: string;
  /** The part the model is prompted with: up to and including "<|im_start|>assistant\n". */
  prompt: string;
  /** text minus prompt: the answer and its "<|im_end|>\n" (a 'fence' verdict: " yes" or " no" alone). */
  completion: string;
  /** generation, verdict: whether the solution passes the tests. */
  correct?: boolean;
  /** judgment, verdict: the candidates' labels (1 = correct) in prompt order (a verdict is about the last), and the ranking given (judgment; random unless `rankings: 'oracle'`). */
  labels?: number[];
  ranking?: number[];
  /** judgment, verdict: the candidates' code as the prompt shows them (extractCode's form), in prompt order. */
  candidates?: string[];
  /** judgment, verdict: the candidates are the model's own samples (ToyCorpusOptions.ownSamples). */
  ownSamples?: boolean;
}

export interface ToyCorpusOptions {
  seed: number;
  /** Problems to draw from (default 'train': never pre-train on eval problems). */
  split?: ToySplit | 'all';
  /** Probability that a generation answer or a judgment candidate is a correct solution (default 0.6). */
  pCorrect?: number;
  /** Share of judgment documents (default 0.5). */
  judgmentShare?: number;
  /** Candidates per judgment prompt (default 4, the paper's K). */
  k?: number;
  /** Judgment groups hold at least one correct and one buggy candidate, as DuST's groups do (default true). */
  mixedOnly?: boolean;
  /** Seed of the problems' random test cases (default 0; it does not change statements or solutions). */
  problemSeed?: number;
  /**
   * The judgment answers: 'random' (default) carries no information, so the base judges at
   * chance; 'oracle' ranks the correct candidates first (each class in random order). Oracle
   * answers are the supervised ceiling: what the model can learn to judge when told (the
   * toy's ceiling check, docs/results/README.md), not what the shipped model is trained on.
   * A number in (0, 1) is the probability that an answer is oracle (else random): a teacher
   * that is right some of the time, so the base judges somewhat above chance, as the
   * paper's base models do.
   */
  rankings?: 'random' | 'oracle' | number;
  /**
   * Diagnostic only (default 0): the share of judgment prompts whose buggy candidates'
   * headers read `--- CANDIDATE j --- WRONG`, so judging them needs no bug detection, only
   * carrying four visible marks to the answer. Separates "cannot aggregate" from "cannot see
   * the bug" (docs/results/README.md); never used for a model that is shipped or reproduced.
   */
  marker?: number;
  /**
   * Share of verdict documents (default 0; taken from the generation share, so judgmentShare
   * + verdictShare ≤ 1): by default a judgment prompt of the same kind cut after candidate j's
   * closing fence, followed by j's true verdict (`verdictFormat`). A model trained on them knows candidate by candidate
   * which programs pass ('fence': at the positions the judge reads), while its rankings (`rankings`)
   * stay uninformative: a base judge that has the knowledge and does not use it, which is
   * what DuST is meant to fix.
   */
  verdictShare?: number;
  /** 'fence' (default: the verdict right after the candidate's closing fence in a cut judgment prompt) or 'prompt' (a pointwise chat prompt of its own); verdict-prompt.ts says why. */
  verdictFormat?: VerdictFormat;
  /**
   * Judgment answers think first (default false): "<think>\n1 yes\n2 no\n…</think>\n\n" with
   * every candidate's true verdict, then the ranking (as uninformative as `rankings` makes
   * it). A base that knows and writes which candidates pass but ranks at chance; DuST has to
   * teach the ranking to follow its own verdicts (verdict-prompt.ts, thinkingVerdicts).
   */
  thinkingVerdicts?: boolean;
  /**
   * The model's own sampled programs, labelled in the sandbox (own-samples.ts), by problem.
   * With ownSampleShare > 0, that share of judgment and verdict groups takes its K candidates
   * from the problem's samples (distinct samples, mixed), where the problem has a mixed set of
   * at least K; the others come from the hand-written pools as before.
   */
  ownSamples?: OwnSamples;
  /** Share of groups drawn from ownSamples (default 0: the stream is exactly as without them). */
  ownSampleShare?: number;
}

type CorpusSettings = Required<Omit<ToyCorpusOptions, 'ownSamples'>> & { ownSamples?: OwnSamples };

const template = new ChatTemplate(TOY_CHAT_TEMPLATE, { eos_token: IM_END, pad_token: END_OF_TEXT, unk_token: UNK }, 'dust-toy');

function render(messages: ChatMessage[]): Pick<ToyDocument, 'text' | 'prompt' | 'completion'> {
  const text = template.render(messages);
  const prompt = template.render(messages.slice(0, -1), { addGenerationPrompt: true });
  if (!text.startsWith(prompt)) throw new Error('toy chat template: the prompt is not a prefix of the conversation');
  return { text, prompt, completion: text.slice(prompt.length) };
}

function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[rng.int(xs.length)]!;
}

function checkOptions(o: ToyCorpusOptions): CorpusSettings {
  const full = { split: 'train' as const, pCorrect: 0.6, judgmentShare: 0.5, k: 4, mixedOnly: true, problemSeed: 0, rankings: 'random' as const, marker: 0, verdictShare: 0, verdictFormat: 'fence' as VerdictFormat, thinkingVerdicts: false, ownSampleShare: 0, ...o };
  const unit = (name: string, v: number) => {
    if (!(v >= 0 && v <= 1)) throw new RangeError(`toy corpus: ${name} must be a probability in [0, 1], got ${v}`);
  };
  unit('pCorrect', full.pCorrect);
  unit('judgmentShare', full.judgmentShare);
  unit('verdictShare', full.verdictShare);
  unit('ownSampleShare', full.ownSampleShare);
  if (full.ownSampleShare > 0 && !full.ownSamples) throw new RangeError('toy corpus: ownSampleShare needs ownSamples (the candidates.jsonl of a `dust build` run, own-samples.ts)');
  if (full.verdictFormat !== 'fence' && full.verdictFormat !== 'prompt') throw new RangeError(`toy corpus: verdictFormat must be 'fence' or 'prompt', got ${String(full.verdictFormat)}`);
  if (full.judgmentShare + full.verdictShare > 1) throw new RangeError(`toy corpus: judgmentShare + verdictShare must be at most 1, got ${full.judgmentShare} + ${full.verdictShare}`);
  if (!Number.isInteger(full.k) || full.k < 2 || full.k > 9) throw new RangeError(`toy corpus: k must be an integer from 2 to 9 (candidates per judgment prompt), got ${full.k}`);
  unit('marker (the share of marked judgment prompts)', full.marker);
  if (typeof full.rankings === 'number') unit('rankings (the share of oracle answers)', full.rankings);
  else if (full.rankings !== 'random' && full.rankings !== 'oracle') throw new RangeError(`toy corpus: rankings must be 'random', 'oracle' or the share of oracle answers in [0, 1], got ${String(full.rankings)}`);
  if (full.mixedOnly && full.judgmentShare > 0 && (full.pCorrect === 0 || full.pCorrect === 1)) {
    throw new RangeError('toy corpus: mixed judgment groups need 0 < pCorrect < 1; set mixedOnly: false or change pCorrect');
  }
  return full;
}

function generationDoc(rng: Rng, tp: ToyProblem, pCorrect: number): ToyDocument {
  const correct = rng.next() < pCorrect;
  const sol = pick(rng, correct ? tp.correct : tp.buggy);
  const messages: ChatMessage[] = [
    { role: 'user', content: generationPrompt(tp.problem) },
    { role: 'assistant', content: fencedAnswer(sol.code) },
  ];
  return { kind: 'generation', problemId: tp.problem.id, messages, ...render(messages), correct };
}

/** K distinct own samples of the problem, mixed; null when its samples cannot make one. */
function drawOwnGroup(rng: Rng, tp: ToyProblem, o: CorpusSettings): { labels: number[]; codes: string[]; ownSamples: true } | null {
  const pool = o.ownSamples?.get(tp.problem.id);
  if (!pool || pool.length < o.k || pool.every((s) => s.label === 1) || pool.every((s) => s.label === 0)) return null;
  for (let tries = 0; tries < 16; tries++) {
    const group = rng.shuffle(pool).slice(0, o.k);
    const labels = group.map((s) => s.label);
    if (!o.mixedOnly || (labels.includes(1) && labels.includes(0))) return { labels, codes: group.map((s) => s.code), ownSamples: true };
  }
  return null;
}

/** K candidates of a judgment group (labels 1 = correct), as the pipeline shows them. */
function drawGroup(rng: Rng, tp: ToyProblem, o: CorpusSettings): { labels: number[]; codes: string[]; ownSamples?: true } {
  // (only a positive share draws, so without own samples the stream is unchanged)
  if (o.ownSampleShare > 0 && rng.next() < o.ownSampleShare) {
    const own = drawOwnGroup(rng, tp, o);
    if (own) return own;
  }
  let labels: number[];
  do labels = Array.from({ length: o.k }, () => (rng.next() < o.pCorrect ? 1 : 0));
  while (o.mixedOnly && (labels.every((y) => y === 1) || labels.every((y) => y === 0)));
  // Distinct candidates where the problem has enough of them, as M samples of one model would mostly be.
  const pools = { 1: rng.shuffle(tp.correct), 0: rng.shuffle(tp.buggy) };
  const used = { 1: 0, 0: 0 };
  // The judge sees candidates as the pipeline shows them: extracted from a generation answer.
  const codes = labels.map((y) => {
    const pool = pools[y as 0 | 1];
    return extractCode(fencedAnswer(pool[used[y as 0 | 1]++ % pool.length]!.code)).code!;
  });
  return { labels, codes };
}

function judgmentDoc(rng: Rng, tp: ToyProblem, o: CorpusSettings): ToyDocument {
  const { labels, codes, ownSamples } = drawGroup(rng, tp, o);
  const order = rng.shuffle(Array.from({ length: o.k }, (_, i) => i + 1));
  // A stable sort of a random order: correct first, each class still in random order.
  // (A share draws one more number per document; 'random' and 'oracle' draw none, so their streams are unchanged.)
  const oracle = typeof o.rankings === 'number' ? rng.next() < o.rankings : o.rankings === 'oracle';
  const ranking = oracle ? order.sort((a, b) => labels[b - 1]! - labels[a - 1]!) : order;
  let user = judgmentPrompt(judgmentQuestion(tp.problem), codes, TOY_JUDGMENT_LAYOUT);
  // (only a marker share strictly between 0 and 1 draws a number, so 0 and 1 keep the stream)
  if (o.marker === 1 || (o.marker > 0 && rng.next() < o.marker)) labels.forEach((y, i) => y === 0 && (user = user.replace(`--- CANDIDATE ${i + 1} ---\n`, `--- CANDIDATE ${i + 1} --- WRONG\n`)));
  const messages: ChatMessage[] = [
    { role: 'user', content: user },
    { role: 'assistant', content: (o.thinkingVerdicts ? thinkingVerdicts(labels) : '') + formatRanking(ranking) },
  ];
  return { kind: 'judgment', problemId: tp.problem.id, messages, ...render(messages), labels, ranking, candidates: codes, ...(ownSamples ? { ownSamples } : {}) };
}

function verdictDoc(rng: Rng, tp: ToyProblem, o: CorpusSettings): ToyDocument {
  const { labels, codes, ownSamples } = drawGroup(rng, tp, o);
  const own = ownSamples ? { ownSamples } : {};
  const j = rng.int(o.k);
  const correct = labels[j] === 1;
  if (o.verdictFormat === 'prompt') {
    const messages: ChatMessage[] = [
      { role: 'user', content: verdictPrompt(judgmentQuestion(tp.problem), codes[j]!) },
      { role: 'assistant', content: (correct ? VERDICT_YES : VERDICT_NO).trim() },
    ];
    return { kind: 'verdict', problemId: tp.problem.id, messages, ...render(messages), correct, labels: [labels[j]!], candidates: [codes[j]!], ...own };
  }
  const user = judgmentPrompt(judgmentQuestion(tp.problem), codes, TOY_JUDGMENT_LAYOUT);
  const cut = user.slice(0, candidateEnds(user, codes)[j]);
  const rendered = template.render([{ role: 'user', content: user }]);
  const prompt = rendered.slice(0, rendered.indexOf(user) + cut.length);
  const completion = correct ? VERDICT_YES : VERDICT_NO;
  // not a whole conversation: the user turn stops at the fence, the verdict follows it
  const messages: ChatMessage[] = [{ role: 'user', content: cut }];
  return { kind: 'verdict', problemId: tp.problem.id, messages, text: prompt + completion, prompt, completion, correct, labels: labels.slice(0, j + 1), candidates: codes.slice(0, j + 1), ...own };
}

/**
 * An endless, deterministic stream of documents. Problems are drawn family first, then
 * parameter setting, so large families (many thresholds) do not crowd out small ones.
 */
export function* toyCorpus(options: ToyCorpusOptions): Generator<ToyDocument, never> {
  const o = checkOptions(options);
  const rng = createRng(o.seed);
  const byFamily = new Map<string, ToyProblem[]>();
  for (const p of toyProblems({ split: o.split, seed: o.problemSeed })) {
    if (!byFamily.has(p.family)) byFamily.set(p.family, []);
    byFamily.get(p.family)!.push(p);
  }
  const families = [...byFamily.values()];
  if (families.length === 0) throw new RangeError(`toy corpus: no problems in split "${o.split}"`);
  for (;;) {
    const tp = pick(rng, pick(rng, families));
    // one draw picks the kind, so verdictShare 0 leaves the stream as it always was
    const u = rng.next();
    yield u < o.judgmentShare ? judgmentDoc(rng, tp, o) : u < o.judgmentShare + o.verdictShare ? verdictDoc(rng, tp, o) : generationDoc(rng, tp, o.pCorrect);
  }
}

/** The first n documents of the stream. */
export function toyCorpusSample(options: ToyCorpusOptions, n: number): ToyDocument[] {
  const out: ToyDocument[] = [];
  const it = toyCorpus(options);
  while (out.length < n) out.push(it.next().value);
  return out;
}

/** Documents packed for pre-training: each followed by <|endoftext|>. */
export function packDocuments(docs: readonly ToyDocument[]): string {
  return docs.map((d) => d.text + END_OF_TEXT).join('');
}

export interface LengthStats {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  max: number;
}

export interface ToyCorpusStats {
  documents: number;
  characters: number;
  tokens: number;
  byKind: Record<ToyDocumentKind, { documents: number; chars: LengthStats; tokens: LengthStats }>;
  /** Share of generation answers that are correct, and of judgment candidates. */
  correctGenerationShare: number;
  correctCandidateShare: number;
}

function lengthStats(xs: number[]): LengthStats {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => (s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : 0);
  return { count: s.length, mean: s.length ? s.reduce((a, b) => a + b, 0) / s.length : 0, p50: at(0.5), p95: at(0.95), max: s.length ? s[s.length - 1]! : 0 };
}

/** Sizes of a sample of the corpus; `encode` gives token counts (the toy tokenizer's encode). */
export function toyCorpusStats(docs: readonly ToyDocument[], encode: (text: string) => readonly number[]): ToyCorpusStats {
  const kinds: ToyDocumentKind[] = ['generation', 'judgment', 'verdict'];
  const lens = docs.map((d) => ({ kind: d.kind, chars: d.text.length, tokens: encode(d.text).length }));
  const byKind = Object.fromEntries(
    kinds.map((k) => {
      const of = lens.filter((l) => l.kind === k);
      return [k, { documents: of.length, chars: lengthStats(of.map((l) => l.chars)), tokens: lengthStats(of.map((l) => l.tokens)) }];
    }),
  ) as ToyCorpusStats['byKind'];
  const gens = docs.filter((d) => d.kind === 'generation');
  const labels = docs.flatMap((d) => d.labels ?? []);
  return {
    documents: docs.length,
    characters: lens.reduce((a, l) => a + l.chars, 0),
    tokens: lens.reduce((a, l) => a + l.tokens, 0),
    byKind,
    correctGenerationShare: gens.length ? gens.filter((d) => d.correct).length / gens.length : 0,
    correctCandidateShare: labels.length ? labels.reduce((a, b) => a + b, 0) / labels.length : 0,
  };
}
