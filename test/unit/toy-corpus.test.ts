// The pre-training corpus: deterministic, drawn from train problems only, rendered through the
// toy chat template, in exactly the pipeline's formats (the generation answer extracts to the
// solution, the judgment answer parses as a valid ranking), with rankings that carry no
// information (PairAcc ≈ 0.5) and the requested share of correct code.
import { expect, test } from 'vitest';
import { judgmentPrompt, judgmentQuestion } from '../../src/dust/judgment-prompt';
import { parseRanking } from '../../src/dust/parse-ranking';
import { pairAcc } from '../../src/dust/rewards';
import { extractCode, fencedBlocks } from '../../src/problems/extract';
import { ModelTokenizer } from '../../src/tokenizer/tokenizer';
import { packDocuments, toyCorpus, toyCorpusSample, toyCorpusStats } from '../../src/toy/corpus';
import { toyProblems } from '../../src/toy/generate';
import { generationPrompt } from '../../src/toy/generation-prompt';
import { buildToyTokenizer } from '../../src/toy/tokenizer-build';
import { TOY_JUDGMENT_LAYOUT, candidateEnds, verdictPrompt } from '../../src/toy/verdict-prompt';
import { mixedProblems, parseOwnSamples } from '../../src/toy/own-samples';

const tok = new ModelTokenizer(buildToyTokenizer());
const docs = toyCorpusSample({ seed: 1 }, 800);
const problems = new Map(toyProblems().map((p) => [p.problem.id, p]));

test('deterministic from a seed, different across seeds', () => {
  expect(toyCorpusSample({ seed: 1 }, 50)).toEqual(docs.slice(0, 50));
  expect(toyCorpusSample({ seed: 2 }, 50).map((d) => d.text)).not.toEqual(docs.slice(0, 50).map((d) => d.text));
});

test('only train problems, every training family, both kinds', () => {
  const used = new Set(docs.map((d) => d.problemId));
  for (const id of used) expect(problems.get(id)!.split, id).toBe('train');
  const families = new Set([...used].map((id) => problems.get(id)!.family));
  expect(families).toEqual(new Set([...problems.values()].filter((p) => p.split === 'train').map((p) => p.family)));
  const share = docs.filter((d) => d.kind === 'judgment').length / docs.length;
  expect(share).toBeGreaterThan(0.4);
  expect(share).toBeLessThan(0.6);
});

test('documents are the chat template applied to the messages; prompt + completion = text', () => {
  for (const d of docs.slice(0, 200)) {
    expect(d.text).toBe(tok.applyChatTemplate(d.messages).text);
    expect(d.prompt).toBe(tok.applyChatTemplate(d.messages.slice(0, 1), { addGenerationPrompt: true }).text);
    expect(d.prompt + d.completion).toBe(d.text);
    expect(d.completion).toBe(`${d.messages[1]!.content}<|im_end|>\n`);
  }
  expect(packDocuments(docs.slice(0, 2))).toBe(`${docs[0]!.text}<|endoftext|>${docs[1]!.text}<|endoftext|>`);
});

test('generation documents: the pipeline prompt, an answer that extracts to one of the problem\'s solutions, ~pCorrect correct', () => {
  const gens = docs.filter((d) => d.kind === 'generation');
  for (const d of gens) {
    const p = problems.get(d.problemId)!;
    expect(d.messages[0]!.content).toBe(generationPrompt(p.problem));
    expect(d.messages[0]!.content).toContain('You will NOT return anything except for the program.');
    const code = extractCode(d.messages[1]!.content).code;
    expect((d.correct ? p.correct : p.buggy).map((s) => `${s.code}\n`)).toContain(code);
  }
  const share = gens.filter((d) => d.correct).length / gens.length;
  expect(Math.abs(share - 0.6)).toBeLessThan(0.06);
});

test('judgment documents: the pipeline prompt over K = 4 mixed candidates, a valid but uninformative ranking', () => {
  const judg = docs.filter((d) => d.kind === 'judgment');
  let acc = 0;
  const topCorrect: number[] = [];
  for (const d of judg) {
    const p = problems.get(d.problemId)!;
    const labels = d.labels!;
    expect(labels.length).toBe(4);
    expect(labels.some((y) => y === 1) && labels.some((y) => y === 0)).toBe(true);
    const sols = labels.map((y) => (y ? p.correct : p.buggy));
    // Candidates appear as extracted code, unstripped (TOY_JUDGMENT_LAYOUT: the layout the committed toy was trained on).
    const content = d.messages[0]!.content;
    const blocks = fencedBlocks(content.slice(content.indexOf('--- CANDIDATE 1 ---'))).map((b) => b.body);
    expect(blocks.length).toBe(4);
    blocks.forEach((code, i) => expect(sols[i]!.map((s) => `${s.code}\n`)).toContain(code));
    expect(d.messages[0]!.content).toBe(judgmentPrompt(judgmentQuestion(p.problem), blocks, TOY_JUDGMENT_LAYOUT));
    const parsed = parseRanking(d.messages[1]!.content, 4);
    expect(parsed.valid).toBe(true);
    expect(parsed.ranking).toEqual(d.ranking);
    acc += pairAcc(d.ranking!, labels);
    topCorrect.push(labels[d.ranking![0]! - 1]!);
  }
  // Chance level: a random permutation orders a correct/buggy pair right half of the time, and
  // picks a correct top candidate as often as correct candidates occur.
  expect(Math.abs(acc / judg.length - 0.5)).toBeLessThan(0.05);
  const correctShare = judg.flatMap((d) => d.labels!).reduce((a, b) => a + b, 0) / (4 * judg.length);
  expect(Math.abs(topCorrect.reduce((a, b) => a + b, 0) / judg.length - correctShare)).toBeLessThan(0.06);
});

test("rankings: 'oracle' (the ceiling check) ranks every correct candidate first; the same draws otherwise", () => {
  const oracle = toyCorpusSample({ seed: 1, rankings: 'oracle' }, 200).filter((d) => d.kind === 'judgment');
  const plain = toyCorpusSample({ seed: 1 }, 200).filter((d) => d.kind === 'judgment');
  expect(oracle.length).toBe(plain.length);
  oracle.forEach((d, i) => {
    expect(pairAcc(d.ranking!, d.labels!)).toBe(1);
    expect(parseRanking(d.messages[1]!.content, 4).ranking).toEqual(d.ranking);
    // same candidates; the answer is the only difference
    expect(d.messages[0]!.content).toBe(plain[i]!.messages[0]!.content);
    expect(d.candidates).toEqual(plain[i]!.candidates);
  });
  // within each class the order stays random: not always the candidates' prompt order
  expect(oracle.some((d) => d.ranking!.join() !== [...d.ranking!].sort((a, b) => d.labels![b - 1]! - d.labels![a - 1]! || a - b).join())).toBe(true);
});

test('rankings: a share of oracle answers (a teacher right some of the time) mixes the two', () => {
  const mean = (share: number) => {
    const judg = toyCorpusSample({ seed: 2, judgmentShare: 1, rankings: share }, 400);
    return judg.reduce((a, d) => a + pairAcc(d.ranking!, d.labels!), 0) / judg.length;
  };
  // half oracle (PairAcc 1), half random (0.5 on average)
  expect(Math.abs(mean(0.5) - 0.75)).toBeLessThan(0.04);
  expect(mean(1)).toBe(1);
  expect(Math.abs(mean(0) - 0.5)).toBeLessThan(0.04);
});

test('marker (diagnostic): buggy candidates\' headers read WRONG in the given share of judgment prompts; 0 changes nothing', () => {
  const header = (d: { messages: { content: string }[] }, j: number) => d.messages[0]!.content.match(new RegExp(`--- CANDIDATE ${j} ---( WRONG)?\\n`))![0];
  const marked = toyCorpusSample({ seed: 3, judgmentShare: 1, marker: 1 }, 60);
  for (const d of marked) {
    d.labels!.forEach((y, i) => expect(header(d, i + 1)).toBe(y === 1 ? `--- CANDIDATE ${i + 1} ---\n` : `--- CANDIDATE ${i + 1} --- WRONG\n`));
  }
  // 0 and 1 draw no extra number: the same documents, marks aside
  const plain = toyCorpusSample({ seed: 3, judgmentShare: 1 }, 60);
  expect(toyCorpusSample({ seed: 3, judgmentShare: 1, marker: 0 }, 60)).toEqual(plain);
  marked.forEach((d, i) => expect(d.messages[0]!.content.replaceAll(' --- WRONG\n', ' ---\n')).toBe(plain[i]!.messages[0]!.content));
  const half = toyCorpusSample({ seed: 4, judgmentShare: 1, marker: 0.5 }, 400);
  const share = half.filter((d) => d.messages[0]!.content.includes('--- WRONG')).length / half.length;
  expect(Math.abs(share - 0.5)).toBeLessThan(0.08);
  expect(() => toyCorpus({ seed: 1, marker: 2 }).next()).toThrow(/marker \(the share of marked judgment prompts\) must be a probability in \[0, 1\], got 2/);
});

test('verdict documents: a judgment prompt cut at one candidate\'s closing fence, then its true verdict; verdictShare 0 changes nothing', () => {
  const mixed = toyCorpusSample({ seed: 5, judgmentShare: 0.2, verdictShare: 0.5 }, 600);
  const verdicts = mixed.filter((d) => d.kind === 'verdict');
  expect(Math.abs(verdicts.length / mixed.length - 0.5)).toBeLessThan(0.07);
  expect(Math.abs(mixed.filter((d) => d.kind === 'judgment').length / mixed.length - 0.2)).toBeLessThan(0.06);
  const cutAt = new Set<number>();
  for (const d of verdicts) {
    const p = problems.get(d.problemId)!;
    expect(p.split).toBe('train');
    const j = d.candidates!.length - 1;
    cutAt.add(j);
    expect(d.labels).toHaveLength(j + 1);
    d.candidates!.forEach((code, i) => expect((d.labels![i] ? p.correct : p.buggy).map((s) => `${s.code}\n`)).toContain(code));
    // the prompt is, token for token, a prefix of the judgment prompt over the same group
    const full = tok.applyChatTemplate([{ role: 'user', content: judgmentPrompt(judgmentQuestion(p.problem), d.candidates!.concat(Array(3 - j).fill('x\n')), TOY_JUDGMENT_LAYOUT) }], { addGenerationPrompt: true }).text;
    expect(full.startsWith(d.prompt)).toBe(true);
    expect(d.prompt.endsWith('```')).toBe(true);
    expect(d.prompt.slice(0, -3).trimEnd().endsWith(d.candidates![j]!.trimEnd())).toBe(true);
    const ids = tok.encode(full);
    expect(tok.encode(d.prompt)).toEqual(ids.slice(0, tok.encode(d.prompt).length));
    expect(d.completion).toBe(d.labels![j] ? ' yes' : ' no');
    expect(d.correct).toBe(d.labels![j] === 1);
    expect(d.text).toBe(d.prompt + d.completion);
  }
  expect(cutAt).toEqual(new Set([0, 1, 2, 3]));
  // true verdicts, at the groups' share of correct candidates
  expect(Math.abs(verdicts.filter((d) => d.correct).length / verdicts.length - 0.56)).toBeLessThan(0.08);
  // one draw chooses the kind, so a share of 0 keeps the stream exactly
  expect(toyCorpusSample({ seed: 1, verdictShare: 0 }, 100)).toEqual(docs.slice(0, 100));
  expect(() => toyCorpus({ seed: 1, judgmentShare: 0.6, verdictShare: 0.5 }).next()).toThrow(/judgmentShare \+ verdictShare must be at most 1, got 0.6 \+ 0.5/);
  expect(() => toyCorpus({ seed: 1, verdictShare: -1 }).next()).toThrow(/verdictShare must be a probability/);
  const s = toyCorpusStats(mixed, (t) => tok.encode(t));
  expect(s.byKind.verdict.documents).toBe(verdicts.length);
});

test("verdict documents, 'prompt' format: one candidate in a yes/no chat prompt of its own, shown as the judgment prompt shows it", () => {
  const verdicts = toyCorpusSample({ seed: 6, judgmentShare: 0, verdictShare: 1, verdictFormat: 'prompt' }, 200);
  expect(verdicts.every((d) => d.kind === 'verdict')).toBe(true);
  for (const d of verdicts) {
    const p = problems.get(d.problemId)!;
    const code = d.candidates![0]!;
    expect(d.candidates).toHaveLength(1);
    expect((d.correct ? p.correct : p.buggy).map((s) => `${s.code}\n`)).toContain(code);
    expect(d.messages[0]!.content).toBe(verdictPrompt(judgmentQuestion(p.problem), code));
    const block = judgmentPrompt(judgmentQuestion(p.problem), [code, code], TOY_JUDGMENT_LAYOUT).match(/--- CANDIDATE 1 ---\n[^]*?\n```\n/)![0];
    expect(d.messages[0]!.content).toContain(block);
    expect(d.messages[1]!.content).toBe(d.correct ? 'yes' : 'no');
    expect(d.text).toBe(tok.applyChatTemplate(d.messages).text);
    expect(d.prompt + d.completion).toBe(d.text);
  }
  expect(Math.abs(verdicts.filter((d) => d.correct).length / verdicts.length - 0.56)).toBeLessThan(0.1);
  expect(() => toyCorpus({ seed: 1, verdictShare: 0.2, verdictFormat: 'inline' as 'fence' }).next()).toThrow(/verdictFormat must be 'fence' or 'prompt', got inline/);
});

test('thinkingVerdicts: judgment answers write every candidate\'s true verdict in <think> before the same ranking, which alone is parsed', () => {
  const plain = toyCorpusSample({ seed: 8, judgmentShare: 1 }, 60);
  const think = toyCorpusSample({ seed: 8, judgmentShare: 1, thinkingVerdicts: true }, 60);
  think.forEach((d, i) => {
    const p = plain[i]!;
    expect(d.messages[0]).toEqual(p.messages[0]);
    expect(d.ranking).toEqual(p.ranking);
    const verdicts = d.labels!.map((y, c) => `${c + 1} ${y ? 'yes' : 'no'}\n`).join('');
    expect(d.messages[1]!.content).toBe(`<think>\n${verdicts}</think>\n\n${p.messages[1]!.content}`);
    expect(parseRanking(d.messages[1]!.content, 4)).toEqual({ valid: true, ranking: p.ranking });
    expect(d.text).toBe(tok.applyChatTemplate(d.messages).text);
  });
});

test('ownSamples: a share of judgment and verdict groups takes K distinct mixed samples of the problem with their sandbox labels; share 0 changes nothing', () => {
  const train = toyProblems({ split: 'train', seed: 0 });
  // candidates.jsonl as `dust build` writes it: per problem 5 samples, 2 passing, one with no code
  const lines = train.slice(0, 40).flatMap((tp, i) => [
    ...[0, 1, 2].map((j) => ({ problem_id: tp.problem.id, index: j, code: `function own${i}_${j}() {}\n`, label: 0, status: j === 0 ? 'error' : 'fail', tests_passed: 0, tests_total: 3 })),
    ...[3, 4].map((j) => ({ problem_id: tp.problem.id, index: j, code: `function own${i}_${j}() { return 1; }\n`, label: 1, status: 'pass', tests_passed: 3, tests_total: 3 })),
    { problem_id: tp.problem.id, index: 5, code: null, label: 0, status: 'no_code', tests_passed: 0, tests_total: 3 },
  ]);
  const ownSamples = parseOwnSamples(lines.map((l) => JSON.stringify(l)).join('\n'), 'candidates.jsonl');
  expect(ownSamples.size).toBe(40);
  expect(ownSamples.get(train[0]!.problem.id)!.length).toBe(5);
  expect(mixedProblems(ownSamples)).toBe(40);
  const o = { seed: 3, judgmentShare: 0.5, verdictShare: 0.3, verdictFormat: 'prompt' as const, thinkingVerdicts: true };
  expect(toyCorpusSample({ ...o, ownSamples, ownSampleShare: 0 }, 80)).toEqual(toyCorpusSample(o, 80));
  const docs = toyCorpusSample({ ...o, ownSamples, ownSampleShare: 1 }, 400);
  const own = docs.filter((d) => d.ownSamples);
  const withSamples = new Set(ownSamples.keys());
  // every group of a problem with samples is drawn from them, and only those
  for (const d of docs.filter((d) => d.kind !== 'generation')) expect(!!d.ownSamples).toBe(withSamples.has(d.problemId));
  expect(own.length).toBeGreaterThan(10);
  for (const d of own) {
    const pool = new Map(ownSamples.get(d.problemId)!.map((s) => [s.code, s.label]));
    expect(d.candidates!.every((c) => pool.get(c) === d.labels![d.candidates!.indexOf(c)])).toBe(true);
    if (d.kind === 'judgment') {
      expect(new Set(d.candidates).size).toBe(4);
      expect(d.labels).toContain(1);
      expect(d.labels).toContain(0);
      expect(d.messages[1]!.content.startsWith(`<think>\n${d.labels!.map((y, c) => `${c + 1} ${y ? 'yes' : 'no'}\n`).join('')}</think>`)).toBe(true);
    }
  }
  expect(() => toyCorpus({ seed: 1, ownSampleShare: 0.5 }).next()).toThrow(/ownSampleShare needs ownSamples/);
  expect(() => parseOwnSamples('{"problem_id": "x", "code": "f"}\n', 'c.jsonl')).toThrow(/c.jsonl line 1: not a candidate record .* `dust build` run folder/);
  expect(() => parseOwnSamples('{"problem_id": ', 'c.jsonl')).toThrow(/c.jsonl line 1: not JSON/);
  expect(() => parseOwnSamples('', 'c.jsonl')).toThrow(/no candidate with code/);
});

test('candidateEnds: just past each closing fence of a judgment prompt; a prompt without the code is refused', () => {
  const codes = ['function f(x) {\n  return x;\n}\n', 'function f(x) {\n  return 1;\n}\n'];
  const prompt = judgmentPrompt('Write f.', codes, TOY_JUDGMENT_LAYOUT);
  const ends = candidateEnds(prompt, codes);
  // the pipeline's layout (code stripped) has its fences found too
  const stripped = judgmentPrompt('Write f.', codes);
  expect(candidateEnds(stripped, codes).map((e) => stripped.slice(e - 5, e))).toEqual(['}\n```', '}\n```']);
  expect(ends.map((e) => prompt.slice(e - 3, e))).toEqual(['```', '```']);
  expect(prompt.slice(ends[0]!, ends[0]! + 21)).toBe('\n\n--- CANDIDATE 2 ---');
  expect(prompt.slice(ends[0]! - codes[0]!.length - 4, ends[0]! - 4)).toBe(codes[0]);
  expect(() => candidateEnds(prompt, ['nope\n', codes[1]!])).toThrow(/candidate 1's code and closing fence are not where/);
});

test('statistics: documents, characters, tokens, lengths by kind', () => {
  const s = toyCorpusStats(docs, (t) => tok.encode(t));
  expect(s.documents).toBe(docs.length);
  expect(s.characters).toBe(docs.reduce((a, d) => a + d.text.length, 0));
  expect(s.tokens).toBeLessThan(s.characters);
  expect(s.byKind.generation.documents + s.byKind.judgment.documents).toBe(docs.length);
  // The longest judgment prompt (K = 4) must fit the suggested context of 2048 tokens (README).
  expect(s.byKind.judgment.tokens.max).toBeLessThanOrEqual(2048);
  expect(s.byKind.judgment.tokens.mean).toBeGreaterThan(s.byKind.generation.tokens.mean);
});

test('bad options get a clear error', () => {
  const first = (o: Parameters<typeof toyCorpus>[0]) => () => toyCorpus(o).next();
  expect(first({ seed: 1, pCorrect: 1.5 })).toThrow(/pCorrect must be a probability/);
  expect(first({ seed: 1, judgmentShare: -0.1 })).toThrow(/judgmentShare must be a probability/);
  expect(first({ seed: 1, k: 1 })).toThrow(/k must be an integer from 2 to 9/);
  expect(first({ seed: 1, pCorrect: 1 })).toThrow(/mixed judgment groups need 0 < pCorrect < 1/);
  expect(first({ seed: -1 })).toThrow(/seed must be an integer/);
  expect(first({ seed: 1, rankings: 'best' as 'oracle' })).toThrow(/rankings must be 'random', 'oracle' or the share of oracle answers in \[0, 1\], got best/);
  expect(first({ seed: 1, rankings: 1.5 })).toThrow(/rankings \(the share of oracle answers\) must be a probability in \[0, 1\], got 1.5/);
  expect(toyCorpusSample({ seed: 1, pCorrect: 1, judgmentShare: 0 }, 20).every((d) => d.correct)).toBe(true);
});
