// Phase 1 group construction, filtering, seeded shuffle, validation split, statistics, and
// the JSONL record format. < 1 s.
import { describe, expect, test } from 'vitest';
import { buildGroups, isFreshGroup, type GroupOptions } from '../../src/dust/groups';
import { parseCandidates, parseGroups, toJsonl, type CandidateRecord } from '../../src/dust/dataset';
import type { RunStatus } from '../../src/sandbox/types';

/** A problem's candidates from a pattern: P = pass, F = fail, N = no code. */
function cands(problem: string, pattern: string): CandidateRecord[] {
  return [...pattern].map((ch, index) => {
    const status: RunStatus = ch === 'P' ? 'pass' : ch === 'N' ? 'no_code' : 'fail';
    return { problem_id: problem, index, code: status === 'no_code' ? null : `// ${problem} ${index}`, label: status === 'pass' ? 1 : 0, status, tests_passed: status === 'pass' ? 3 : 0, tests_total: 3 };
  });
}

const opts: GroupOptions = { groupSize: 4, seed: 1, shuffleWithinGroups: false, validationFraction: 0, dropNoCode: true };
const q = (id: string) => `question of ${id}`;

describe('buildGroups', () => {
  test('drops all-pass / all-fail problems, keeps only mixed groups of K in sample order', () => {
    const all = [
      ...cands('allpass', 'PPPPPPPP'),
      ...cands('allfail', 'FFFFFFFF'),
      // chunks: PPPP (all pass, dropped) | PFFF (mixed) | FFFF (dropped) | FFPP (mixed) | PF (remainder, left out)
      ...cands('mixed', 'PPPPPFFFFFFFFFPPPF'),
      // no-code candidates are removed before chunking: PNFPF → P F P F → one group
      ...cands('nocode', 'PNFPF'),
      ...cands('onlynocode', 'NNNN'),
    ];
    const { groups, stats } = buildGroups(all, q, opts);
    expect(groups.map((g) => g.id)).toEqual(['mixed#1', 'mixed#3', 'nocode#0']);
    expect(groups[0]).toEqual({
      id: 'mixed#1',
      problem_id: 'mixed',
      question: 'question of mixed',
      split: 'train',
      candidates: [4, 5, 6, 7],
      codes: ['// mixed 4', '// mixed 5', '// mixed 6', '// mixed 7'],
      labels: [1, 0, 0, 0],
      statuses: ['pass', 'fail', 'fail', 'fail'],
    });
    expect(groups[1]!.labels).toEqual([0, 0, 1, 1]);
    expect(groups[2]!.candidates).toEqual([0, 2, 3, 4]);
    expect(stats).toMatchObject({
      problems: 5,
      candidates: 8 + 8 + 18 + 5 + 4,
      droppedNoCode: 5,
      droppedAllPass: 1,
      droppedAllFail: 1,
      problemsKept: 2,
      problemsWithGroups: 2,
      chunks: 5,
      groups: 3,
      trainGroups: 3,
      valGroups: 0,
      correctPerGroup: [0, 1, 2, 0, 0],
    });
    expect(stats.correctShare[1]).toBeCloseTo(1 / 3, 15);
    expect(stats.correctShare[2]).toBeCloseTo(2 / 3, 15);
    // pass rates: allpass 1 → bin 9, allfail 0 → bin 0, mixed 8/18 → bin 4, nocode 2/4 → bin 5
    expect(stats.passRateHistogram).toEqual([1, 0, 0, 0, 1, 1, 0, 0, 0, 1]);
    expect(stats.statusCounts).toMatchObject({ pass: 8 + 8 + 2, no_code: 5 });
  });

  test('with dropNoCode off, failed extractions stay as failing candidates', () => {
    const { groups } = buildGroups(cands('p', 'PNFF'), q, { ...opts, dropNoCode: false });
    expect(groups).toHaveLength(1);
    expect(groups[0]!.statuses).toEqual(['pass', 'no_code', 'fail', 'fail']);
    expect(groups[0]!.codes[1]).toBe('');
  });

  test('seeded shuffle inside groups: same seed same order, other seeds differ, labels follow their code', () => {
    const many = Array.from({ length: 30 }, (_, i) => cands(`p${i}`, 'PFFFFPFFPPFF')).flat();
    const on = { ...opts, shuffleWithinGroups: true };
    const a = buildGroups(many, q, on).groups;
    const b = buildGroups(many, q, on).groups;
    const c = buildGroups(many, q, { ...on, seed: 2 }).groups;
    const plain = buildGroups(many, q, opts).groups;
    expect(a).toEqual(b);
    expect(a.map((g) => g.candidates)).not.toEqual(c.map((g) => g.candidates));
    expect(a.map((g) => g.candidates)).not.toEqual(plain.map((g) => g.candidates));
    for (const g of a) {
      expect([...g.candidates].sort((x, y) => x - y)).toEqual(plain.find((p) => p.id === g.id)!.candidates);
      g.candidates.forEach((idx, j) => {
        expect(g.codes[j]).toBe(`// ${g.problem_id} ${idx}`);
        expect(g.labels[j]).toBe('PFFFFPFFPPFF'[idx] === 'P' ? 1 : 0);
      });
    }
  });

  test('validation split: floor(n·(1 − f)) train groups, seeded, different across seeds', () => {
    const many = Array.from({ length: 25 }, (_, i) => cands(`p${i}`, 'PFFF')).flat();
    for (const [f, val] of [[0.1, 3], [0.2, 5], [0.5, 13], [0, 0]] as const) {
      const { groups, stats } = buildGroups(many, q, { ...opts, validationFraction: f });
      expect(groups.filter((g) => g.split === 'val')).toHaveLength(val);
      expect(stats.valGroups).toBe(val);
      expect(stats.trainGroups).toBe(25 - val);
    }
    const pick = (seed: number) => buildGroups(many, q, { ...opts, seed, validationFraction: 0.2 }).groups.filter((g) => g.split === 'val').map((g) => g.id);
    expect(pick(3)).toEqual(pick(3));
    expect(pick(3)).not.toEqual(pick(4));
  });

  test('bad input', () => {
    expect(() => buildGroups([], q, { ...opts, groupSize: 1 })).toThrow(/K \(groupSize\) must be an integer ≥ 2/);
    expect(() => buildGroups([], q, { ...opts, validationFraction: 1 })).toThrow(/validationFraction/);
    expect(() => buildGroups([...cands('p', 'PF'), ...cands('p', 'PF')], q, opts)).toThrow(/two candidates with index 0/);
    expect(buildGroups([], q, opts).stats.groups).toBe(0);
  });
});

describe('JSONL records', () => {
  test('candidates and groups round-trip', () => {
    const c = cands('p', 'PFFP');
    c[0]!.response = 'Here:\n```js\n// p 0\n```';
    expect(parseCandidates(toJsonl(c))).toEqual(c);
    const { groups } = buildGroups(c, q, opts);
    expect(parseGroups(toJsonl(groups))).toEqual(groups);
    expect(toJsonl([])).toBe('');
  });
  test('errors name the file, the line and the field', () => {
    const good = JSON.stringify(cands('p', 'P')[0]);
    expect(() => parseCandidates(`${good}\nnot json`, 'c.jsonl')).toThrow('c.jsonl: line 2 is not JSON');
    expect(() => parseCandidates(JSON.stringify({ ...JSON.parse(good), label: 2 }), 'c.jsonl')).toThrow('c.jsonl: line 1: "label" must be a number in [0, 1]');
    expect(() => parseCandidates(JSON.stringify({ ...JSON.parse(good), status: 'ok' }))).toThrow(/"status" must be one of pass, fail/);
    const g = buildGroups(cands('p', 'PFFF'), q, opts).groups[0]!;
    expect(() => parseGroups(JSON.stringify({ ...g, labels: [1, 0] }), 'g.jsonl')).toThrow('g.jsonl: line 1: "labels" must be 4 numbers in [0, 1], one per code');
    expect(() => parseGroups(JSON.stringify({ ...g, split: 'test' }))).toThrow(/"split" must be "train" or "val"/);
    expect(() => parseGroups('[1]')).toThrow(/must be a JSON object/);
  });
});

describe('isFreshGroup (on-policy ranking: K new candidates each batch)', () => {
  test('mixed groups only; with dropNoCode none holding a candidate whose program could not be extracted', () => {
    expect(isFreshGroup(cands('p', 'PFFP'), true)).toBe(true);
    expect(isFreshGroup(cands('p', 'PPPP'), true)).toBe(false);
    expect(isFreshGroup(cands('p', 'FFFF'), true)).toBe(false);
    expect(isFreshGroup(cands('p', 'PFNF'), true)).toBe(false);
    // kept when the run keeps no-code candidates (dataset.dropNoCode false), as phase 1 would
    expect(isFreshGroup(cands('p', 'PFNF'), false)).toBe(true);
  });
});
