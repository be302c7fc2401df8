// What a thinking judge wrote, checked against the sandbox: reads the eval-records.jsonl of
// `dust eval` / `dust run` / `dust repro` run folders whose judge writes "<think>\n1 yes\n2 no\n…
// </think>" before its ranking (a toy trained with train:toy --thinking-verdicts) and prints, per
// row, over the mixed groups (some candidates pass, some fail): how many verdicts were written
// and right, whether the ranking follows them (its top pick is one the judge called "yes", when
// it called any), and Best-of-4 (the top pick passes) against the random pick (the group's base
// rate). Separates "the judge's verdicts are wrong" from "its ranking ignores them". It also
// counts judgments that open <think> and never close it: the ranking parser (the authors'
// rule) then reads the whole answer, and verdicts "1 no\n2 no\n3 no\n4 …" parse as the
// ranking 1, 2, 3, 4 — a degenerate judge whose Best-of-K is candidate 1's pass rate.
//
//   node --import tsx --import ./scripts/raw-loader.mjs scripts/toy-verdict-audit.ts RUN_DIR… [--json]
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface EvalRecord {
  row: string;
  labels: number[];
  judgment?: string;
  ranking?: number[] | null;
}

const args = process.argv.slice(2);
const json = args.includes('--json');
const dirs = args.filter((a) => !a.startsWith('--'));
if (dirs.length === 0) {
  console.error('usage: scripts/toy-verdict-audit.ts RUN_DIR… [--json]   (folders holding eval-records.jsonl)');
  process.exit(2);
}

/** The verdicts written in the <think> block, by candidate number (1-based); absent ones missing. */
function writtenVerdicts(judgment: string, k: number): Map<number, boolean> {
  const out = new Map<number, boolean>();
  const think = /<think>([\s\S]*?)<\/think>/.exec(judgment)?.[1] ?? '';
  for (const m of think.matchAll(/^\s*(\d+)\s+(yes|no)\s*$/gm)) {
    const c = Number(m[1]);
    if (c >= 1 && c <= k && !out.has(c)) out.set(c, m[2] === 'yes');
  }
  return out;
}

for (const dir of dirs) {
  const file = join(dir, 'eval-records.jsonl');
  if (!existsSync(file)) {
    console.error(`${dir}: no eval-records.jsonl (run the evaluation phase first)`);
    process.exitCode = 1;
    continue;
  }
  const records = readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as EvalRecord);
  const rows = new Map<string, EvalRecord[]>();
  for (const r of records) if (r.labels.includes(1) && r.labels.includes(0)) rows.set(r.row, [...(rows.get(r.row) ?? []), r]);
  for (const [row, rs] of rows) {
    let written = 0, right = 0, saidYes = 0, truePass = 0, withYes = 0, topYes = 0, bestOf = 0, random = 0, ranked = 0, unclosed = 0, identity = 0, first = 0;
    for (const r of rs) {
      const k = r.labels.length;
      const v = writtenVerdicts(r.judgment ?? '', k);
      for (const [c, yes] of v) {
        written++;
        if (yes === (r.labels[c - 1] === 1)) right++;
        if (yes) saidYes++;
        if (r.labels[c - 1] === 1) truePass++;
      }
      random += r.labels.filter((y) => y === 1).length / k;
      first += r.labels[0]!;
      if ((r.judgment ?? '').includes('<think>') && !(r.judgment ?? '').includes('</think>')) unclosed++;
      if (!r.ranking || r.ranking.length === 0) continue;
      ranked++;
      if (r.ranking.every((c, i) => c === i + 1)) identity++;
      const top = r.ranking[0]!;
      if (r.labels[top - 1] === 1) bestOf++;
      if ([...v.values()].some((y) => y)) {
        withYes++;
        if (v.get(top) === true) topYes++;
      }
    }
    const n = rs.length;
    const f = (x: number, d: number) => (d ? +(x / d).toFixed(3) : null);
    const out = { dir, row, mixedGroups: n, verdictsWritten: f(written, n * (rs[0]?.labels.length ?? 4)), verdictAccuracy: f(right, written), saidYesShare: f(saidYes, written), passShare: f(truePass, written), topPickCalledYes: f(topYes, withYes), bestOfK: f(bestOf, ranked), randomPick: f(random, n), firstCandidatePasses: f(first, n), rankedGroups: ranked, unclosedThink: f(unclosed, n), identityRankings: f(identity, ranked) };
    console.log(
      json
        ? JSON.stringify(out)
        : `${dir} ${row}: ${n} mixed groups; verdicts written ${out.verdictsWritten}, right ${out.verdictAccuracy} (said yes ${out.saidYesShare}, pass ${out.passShare}); top pick called yes ${out.topPickCalledYes}; Best-of-K ${out.bestOfK} vs random ${out.randomPick} (candidate 1 ${out.firstCandidatePasses}); <think> never closed ${out.unclosedThink}, identity rankings ${out.identityRankings}`,
    );
  }
}
