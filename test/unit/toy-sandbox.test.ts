// The sandbox confirms the toy family's labels: for every template, every correct solution
// passes and every buggy one fails, in the real SandboxPool (QuickJS workers). Three parameter
// settings per template by default (first, middle, last; ~600 runs, ~4 s); TOY_FULL=1 checks
// all of them (~3,300 runs, ~15 s on 2 cores). Also: corpus documents' labels agree with the
// sandbox when their answers are extracted the way the pipeline extracts responses.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SandboxPool } from '../../src/sandbox/pool';
import { labelResponse } from '../../src/sandbox/label-response';
import { TOY_TEMPLATES, toyProblem, toyProblems, type ToyProblem } from '../../src/toy/generate';
import { toyCorpusSample } from '../../src/toy/corpus';

let pool: SandboxPool;
beforeAll(async () => {
  pool = await SandboxPool.create({ workers: 2, limits: { timeoutMs: 2000, memoryBytes: 64 << 20 } });
});
afterAll(async () => {
  await pool?.close();
});

function chosen(): ToyProblem[] {
  if (process.env.TOY_FULL) return toyProblems();
  return TOY_TEMPLATES.flatMap((t) => {
    const idx = [...new Set([0, Math.floor(t.instances.length / 2), t.instances.length - 1])];
    return idx.map((i) => toyProblem(t, t.instances[i]!));
  });
}

test('every template: correct solutions pass, buggy solutions do not', async () => {
  const probs = chosen();
  const jobs = probs.flatMap((p) => [
    ...p.correct.map((s) => ({ p, code: s.code, want: 'pass', what: `correct ${s.style}` })),
    ...p.buggy.map((s) => ({ p, code: s.code, want: 'not pass', what: `bug ${s.bug}` })),
  ]);
  const results = await pool.runMany(jobs.map((j) => ({ problem: j.p.problem, code: j.code })));
  const wrong = results
    .map((r, i) => ({ r, j: jobs[i]! }))
    .filter(({ r, j }) => (r.status === 'pass') !== (j.want === 'pass'))
    .map(({ r, j }) => `${j.p.problem.id} ${j.what}: ${r.status}\n${j.code}`);
  expect(wrong).toEqual([]);
  expect(new Set(probs.map((p) => p.family)).size).toBe(TOY_TEMPLATES.length);
  // Buggy programs mostly fail on a wrong value, not by crashing: the tests see the mistake.
  const buggyStatuses = results.filter((_, i) => jobs[i]!.want !== 'pass').map((r) => r.status);
  expect(buggyStatuses.filter((s) => s === 'fail').length / buggyStatuses.length).toBeGreaterThan(0.9);
}, 60_000);

test('corpus generation documents: the sandbox label of the extracted answer equals the document label', async () => {
  const docs = toyCorpusSample({ seed: 11, judgmentShare: 0 }, 40);
  const byId = new Map(toyProblems().map((p) => [p.problem.id, p.problem]));
  const labels = await Promise.all(docs.map((d) => labelResponse(pool, byId.get(d.problemId)!, d.messages[1]!.content)));
  expect(labels.map((l) => l.status === 'pass')).toEqual(docs.map((d) => d.correct));
  expect(docs.some((d) => d.correct) && docs.some((d) => !d.correct)).toBe(true);
}, 60_000);
