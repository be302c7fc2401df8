// The authors' ranking parser and the rewards on crafted cases with hand-computed values. < 1 s.
import { describe, expect, test } from 'vitest';
import { parseRanking, formatRanking } from '../../src/dust/parse-ranking';
import { ndcg, pairAcc, primalReward, rankingReward, scoreJudgment, selection } from '../../src/dust/rewards';
import { groupAdvantages } from '../../src/dust/advantages';
import { correctRanking, sftTargetText } from '../../src/dust/sft-target';
import { opensThinking } from '../../src/dust/model-generator';
import { extractCode } from '../../src/problems/extract';

describe('parseRanking', () => {
  test.each([
    ['2, 4, 1, 3', [2, 4, 1, 3]],
    ['Ranking: 3 > 1 > 4 > 2.', [3, 1, 4, 2]],
    // duplicates keep the first occurrence only
    ['2, 2, 4, 1, 4, 3', [2, 4, 1, 3]],
    // out-of-range numbers (0, 5, 17) are skipped, not fatal
    ['0, 5, 2, 17, 4, 1, 3', [2, 4, 1, 3]],
    // runs longer than 4 digits are skipped whole; a 4-digit run is a (too large) number
    ['12345 2, 4, 1, 3', [2, 4, 1, 3]],
    ['00001, 2, 4, 1, 3', [2, 4, 1, 3]],
    ['0001, 2, 4, 3', [1, 2, 4, 3]],
    // only the text after the last </think> counts
    ['<think>maybe 1, 2, 3, 4</think>\n\n 4, 3, 2, 1 ', [4, 3, 2, 1]],
    ['<think>a</think> x </think> 1 3 2 4', [1, 3, 2, 4]],
    // any Unicode decimal digit, as Python's \d and int() read them: fullwidth, Arabic-Indic, mathematical
    ['２, ４, １, ３', [2, 4, 1, 3]],
    ['٣، ١، ٤، ٢', [3, 1, 4, 2]],
    ['𝟒 𝟑 𝟐 𝟏', [4, 3, 2, 1]],
    // digits glued to words are still runs of digits
    ['candidate2 > candidate1 > candidate4 > candidate3', [2, 1, 4, 3]],
    // extra distinct in-range numbers after all K found cannot exist; trailing junk is ignored
    ['2,4,1,3 (best first, 10 tests)', [2, 4, 1, 3]],
    // too many numbers: repeats and numbers above K are dropped, K distinct remain
    ['1, 2, 3, 4, 1, 2, 3, 4, 5, 6', [1, 2, 3, 4]],
  ])('%j → %j', (text, want) => {
    expect(parseRanking(text, 4)).toEqual({ valid: true, ranking: want });
  });

  test.each([
    ['', 'no candidate'],
    ['   ', 'no candidate'],
    ['I cannot decide.', 'no candidate'],
    ['2, 4, 1', 'found 3'],
    ['2, 2, 2, 2', 'found 1'],
    ['1, 2, 3, 12345', 'found 3'],
    // the thinking before </think> does not count
    ['<think>2, 4, 1, 3</think>', 'no candidate'],
    ['<think>2, 4, 1, 3</think> 1, 2', 'found 2'],
    // reasoning cut off before </think>: no answer, though its numbers would make a ranking
    ['<think>\n1 no\n2 no\n3 no\n4', 'never ended'],
    ['<think>Compare candidate 1 and 2, then 3 and 4', 'never ended'],
  ])('%j is malformed', (text, why) => {
    const r = parseRanking(text, 4);
    expect(r.valid).toBe(false);
    expect(r.ranking).toBeNull();
    if (!r.valid) expect(r.reason).toContain(why);
  });

  test('K other than 4, and a bad K', () => {
    expect(parseRanking('2 1', 2)).toEqual({ valid: true, ranking: [2, 1] });
    expect(parseRanking('3 1 2', 2)).toEqual({ valid: true, ranking: [1, 2] });
    expect(parseRanking('4, 3, 2, 1', 3)).toEqual({ valid: true, ranking: [3, 2, 1] });
    expect(parseRanking('10, 9, 8, 7, 6, 5, 4, 3, 2, 1', 10).ranking).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(() => parseRanking('1', 0)).toThrow(/K must be a positive integer/);
  });

  test('formatRanking writes what the parser reads', () => {
    expect(formatRanking([2, 4, 1, 3])).toBe('2, 4, 1, 3');
    expect(parseRanking(formatRanking([3, 1, 2]), 3).ranking).toEqual([3, 1, 2]);
  });
});

describe('rewards', () => {
  const y = [1, 0, 1, 0];
  test('PairAcc counts ordered pairs with y_i > y_j; ties skipped', () => {
    // pairs (1,2) (1,4) (3,2) (3,4)
    expect(pairAcc([1, 3, 2, 4], y)).toBe(1);
    expect(pairAcc([2, 4, 1, 3], y)).toBe(0);
    // 2,1,3,4: (1>2)? no; (1>4) yes; (3>2) no; (3>4) yes → 2/4
    expect(pairAcc([2, 1, 3, 4], y)).toBe(0.5);
    // 1,2,3,4: (1,2) yes (1,4) yes (3,2) no (3,4) yes → 3/4
    expect(pairAcc([1, 2, 3, 4], y)).toBe(0.75);
    // order among equal labels does not matter
    expect(pairAcc([3, 1, 4, 2], y)).toBe(1);
    // no pair with different labels → 1
    expect(pairAcc([4, 3, 2, 1], [1, 1, 1, 1])).toBe(1);
    expect(pairAcc([4, 3, 2, 1], [0, 0, 0, 0])).toBe(1);
    // pass-rate labels: 0.5 > 0.25 > 0 → 6 pairs minus one tie
    expect(pairAcc([1, 2, 3, 4], [1, 0.5, 0.25, 0.25])).toBe(1);
    expect(pairAcc([4, 3, 2, 1], [1, 0.5, 0.25, 0.25])).toBe(0);
  });

  test('NDCG against hand-computed values', () => {
    const ideal = 1 + 1 / Math.log2(3);
    expect(ndcg([1, 3, 2, 4], y)).toBeCloseTo(1, 15);
    // relevant at positions 1 and 3 (0-based): 1/log2(3) + 1/log2(5)
    expect(ndcg([2, 1, 4, 3], y)).toBeCloseTo((1 / Math.log2(3) + 1 / Math.log2(5)) / ideal, 15);
    expect(ndcg([2, 4, 1, 3], y)).toBeCloseTo((1 / Math.log2(4) + 1 / Math.log2(5)) / ideal, 15);
    expect(ndcg([2, 4, 1, 3], [0, 0, 0, 0])).toBe(1);
    // fractional relevance: gain 2^0.5 − 1
    const g = Math.SQRT2 - 1;
    expect(ndcg([2, 1], [1, 0.5])).toBeCloseTo((g + 1 / Math.log2(3)) / (1 + g / Math.log2(3)), 15);
  });

  test('Selection: 1 iff the top candidate passes', () => {
    expect(selection([3, 1, 2, 4], y)).toBe(1);
    expect(selection([4, 1, 2, 3], y)).toBe(0);
    expect(selection([1, 2], [0.9, 0])).toBe(0);
  });

  test('scoreJudgment: malformed → −1 in every mode; valid → the mode\'s reward', () => {
    for (const mode of ['pairacc', 'ndcg', 'selection'] as const) {
      expect(scoreJudgment('1, 1, 2', y, mode)).toEqual({ valid: false, ranking: null, reward: -1 });
      expect(scoreJudgment('', y, mode).reward).toBe(-1);
    }
    expect(scoreJudgment('2, 1, 3, 4', y, 'pairacc')).toEqual({ valid: true, ranking: [2, 1, 3, 4], reward: 0.5 });
    expect(scoreJudgment('3, 2, 1, 4', y, 'selection').reward).toBe(1);
    expect(scoreJudgment('x', y, 'pairacc', -0.5).reward).toBe(-0.5);
    expect(rankingReward('ndcg', [1, 3, 2, 4], y)).toBeCloseTo(1, 15);
  });

  test('bad input is refused with a message', () => {
    expect(() => pairAcc([1, 2, 3], y)).toThrow(/permutation of 1..4/);
    expect(() => ndcg([1, 1, 2, 3], y)).toThrow(/permutation/);
    expect(() => selection([1, 2], [1, 2])).toThrow(/labels must be in \[0, 1\]/);
    expect(() => scoreJudgment('1 2', [1, 0], 'best' as never)).toThrow(/unknown reward mode "best"/);
  });

  test('primal reward is the binary pass of the program', () => {
    expect(primalReward({ status: 'pass' })).toBe(1);
    for (const s of ['fail', 'error', 'timeout', 'memory', 'no_code'] as const) expect(primalReward({ status: s })).toBe(0);
  });
});

describe('advantages', () => {
  const r = [1, 0, 0.5, -1];
  const mean = 0.125;
  const ss = (1 - mean) ** 2 + mean ** 2 + (0.5 - mean) ** 2 + (1 + mean) ** 2;
  test('unbiased std (verl, the default), ε = 1e-6', () => {
    const sd = Math.sqrt(ss / 3);
    groupAdvantages(r).forEach((a, i) => expect(a).toBeCloseTo((r[i]! - mean) / (sd + 1e-6), 12));
  });
  test('population std and no std (Dr. GRPO)', () => {
    const sd = Math.sqrt(ss / 4);
    groupAdvantages(r, { std: 'population', epsilon: 0 }).forEach((a, i) => expect(a).toBeCloseTo((r[i]! - mean) / sd, 12));
    expect(groupAdvantages(r, { std: 'none' })).toEqual(r.map((x) => x - mean));
  });
  test('equal rewards give zero advantages, not NaN; a group of one passes its reward through', () => {
    expect(groupAdvantages([1, 1, 1])).toEqual([0, 0, 0]);
    expect(groupAdvantages([0.5], { epsilon: 0 })).toEqual([0.5]);
    expect(groupAdvantages([])).toEqual([]);
  });
  test('bad settings are refused', () => {
    expect(() => groupAdvantages([1, 0], { std: 'sample' as never })).toThrow(/std must be one of/);
    expect(() => groupAdvantages([1, NaN])).toThrow(/not a finite number/);
    expect(() => groupAdvantages([1, 0], { epsilon: -1 })).toThrow(/epsilon/);
  });
});

describe('SFT target', () => {
  test('correct candidates first, ties in original order', () => {
    expect(correctRanking([0, 1, 0, 1])).toEqual([2, 4, 1, 3]);
    expect(sftTargetText([0, 1, 0, 1])).toBe('2, 4, 1, 3');
    expect(sftTargetText([1, 0, 0, 0])).toBe('1, 2, 3, 4');
    expect(sftTargetText([0.5, 1, 0, 0.5])).toBe('2, 1, 4, 3');
    // the target is itself a perfect answer
    expect(scoreJudgment(sftTargetText([0, 1, 1, 0]), [0, 1, 1, 0], 'ndcg').reward).toBe(1);
  });
});

describe('rollouts and batches', async () => {
  const { scoreJudgmentRollouts, scorePrimalRollouts } = await import('../../src/dust/rollouts');
  const { epochBatches, miniBatches } = await import('../../src/dust/batches');
  const settings = { reward: 'pairacc', formatPenalty: -1, advantageStd: 'unbiased', advantageEpsilon: 1e-6 } as const;
  test('G judgment responses → rewards and advantages', () => {
    const s = scoreJudgmentRollouts(['1, 3, 2, 4', '2, 4, 1, 3', 'no idea', '<think>x</think>2, 1, 3, 4'], [1, 0, 1, 0], settings);
    expect(s.rewards).toEqual([1, 0, -1, 0.5]);
    expect(s.rankings[2]).toBeNull();
    expect(s.malformedRate).toBe(0.25);
    expect(s.advantages).toEqual(groupAdvantages([1, 0, -1, 0.5]));
    expect(s.advantages[0]).toBeGreaterThan(0);
    expect(s.advantages[2]).toBeLessThan(0);
  });
  test('primal baseline: binary pass of G programs', () => {
    const s = scorePrimalRollouts([{ status: 'pass' }, { status: 'fail' }, { status: 'no_code' }, { status: 'pass' }], settings);
    expect(s.rewards).toEqual([1, 0, 0, 1]);
    expect(s.advantages).toEqual(groupAdvantages([1, 0, 0, 1]));
  });
  test('epoch batches: every group once per epoch, seeded order, new order each epoch', () => {
    const groups = Array.from({ length: 10 }, (_, i) => i);
    const e0 = epochBatches(groups, 4, 7, 0);
    expect(e0.map((b) => b.length)).toEqual([4, 4, 2]);
    expect(e0.flat().sort((a, b) => a - b)).toEqual(groups);
    expect(epochBatches(groups, 4, 7, 0)).toEqual(e0);
    expect(epochBatches(groups, 4, 7, 1).flat()).not.toEqual(e0.flat());
    expect(miniBatches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(() => epochBatches(groups, 0, 7, 0)).toThrow(/batchGroups must be a positive integer/);
  });
});

describe('opensThinking: a chat template that starts the reasoning in the prompt', () => {
  // a stand-in tokenizer: one id per piece of text
  const pieces = ['<|im_start|>', 'assistant', '\n', '<think>', '</think>', '\n\n', 'Hi'];
  const tok = { decode: (ids: readonly number[]) => ids.map((i) => pieces[i]!).join('') };
  test('a prompt ending in "<think>\\n" opens it; one that closes it again (thinking off) or never opens it does not', () => {
    expect(opensThinking(tok, [0, 1, 2, 3, 2])).toBe(true);
    expect(opensThinking(tok, [0, 1, 2, 3, 5, 4, 5])).toBe(false);
    expect(opensThinking(tok, [0, 1, 2])).toBe(false);
    expect(opensThinking(tok, [6, 3, 4, 0, 1, 2])).toBe(false);
  });
  test('the text the generator returns then starts with <think>, so a cut-off reasoning is malformed and gives no code', () => {
    const text = `<think>\n${'Candidate 1 looks right, 2 and 3 fail, 4 ... ```js\nfunction f() {}\n```'}`;
    expect(parseRanking(text, 4).valid).toBe(false);
    expect(extractCode(text).code).toBeNull();
  });
});
