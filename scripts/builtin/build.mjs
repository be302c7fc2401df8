// Dev-only authoring aid for the built-in problem set: reads the topic files in
// scripts/builtin/problems/*.mjs (JS values, code in template literals, expected
// values written by hand), writes src/problems/builtin/<topic>.json, and checks each
// problem in node:vm: the reference must pass every case, each buggy solution must fail
// at least one. The JSON files are what the app loads; test/unit/builtin-problems.test.ts
// re-checks them in the QuickJS sandbox.
//
//   node --import tsx scripts/builtin/build.mjs            # write + verify all topics
//   node --import tsx scripts/builtin/build.mjs --check    # verify only, write nothing
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';
// The same tagged-JSON codec as the sandbox harness, so the JSON written here and the
// harness that reads it cannot drift apart (this is why the script runs under tsx).
import { decodeTagged as decode, encodeTagged as encode } from '../../src/sandbox/equal.ts';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, '../../src/problems/builtin');
const checkOnly = process.argv.includes('--check');

function equal(a, b, tol) {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
    if (a === b) return true;
    return tol !== undefined && Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= tol;
  }
  if (typeof a !== typeof b) return false;
  if (a === null || b === null || typeof a !== 'object') return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === b.length && a.every((x, i) => equal(x, b[i], tol));
  if (a instanceof Map || b instanceof Map) {
    if (!(a instanceof Map && b instanceof Map) || a.size !== b.size) return false;
    for (const [k, x] of a) if (!b.has(k) || !equal(x, b.get(k), tol)) return false;
    return true;
  }
  if (a instanceof Set || b instanceof Set) {
    if (!(a instanceof Set && b instanceof Set) || a.size !== b.size) return false;
    for (const x of a) if (!b.has(x)) return false;
    return true;
  }
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return equal(ka, kb) && ka.every((k) => equal(a[k], b[k], tol));
}

const show = (v) => {
  try {
    return JSON.stringify(encode(v));
  } catch {
    return String(v);
  }
};

/** Cases whose run hit the vm timeout: buggy solutions must fail fast, not hang (the
 * sandbox runs every case, so a hang costs the whole deadline). */
const hung = [];

/** Runs `code` against every case; returns the first failing case, or null. */
function firstFailure(problem, code) {
  const { entry, cases, tolerance } = problem.tests;
  let first = null;
  for (let i = 0; i < cases.length; i++) {
    const r = runCase(problem, code, i, entry, cases, tolerance);
    if (r && /timed out/.test(r.got)) hung.push(`${problem.id} case ${i}`);
    first ??= r;
  }
  return first;
}

function runCase(problem, code, i, entry, cases, tolerance) {
  {
    const ctx = vm.createContext({});
    let got;
    try {
      const fn = vm.runInContext(`${code}\n;${entry}`, ctx, { timeout: 1000 });
      // Values built in this realm: structuredClone keeps Map/Set identity checks simple.
      got = fn(...structuredClone(decode(cases[i].args)));
      got = structuredClone(got);
    } catch (e) {
      return { index: i, got: `threw ${e && e.message}` };
    }
    if (!equal(got, decode(cases[i].expected), tolerance)) return { index: i, got: show(got) };
  }
  return null;
}

function build(topic, defs) {
  const problems = [];
  for (const d of defs) {
    const ref = d.ref.trim();
    const entry = /^function\s+([A-Za-z_$][\w$]*)/.exec(ref)?.[1];
    if (!entry) throw new Error(`${d.id}: reference must start with "function name("`);
    const problem = {
      id: `dust/${d.id}`,
      title: d.title,
      statement: d.statement.trim().replace(/\n[ \t]+/g, '\n'),
      difficulty: d.difficulty,
      starter: ref.split('\n')[0],
      tests: {
        kind: 'call',
        entry,
        cases: d.cases.map(([args, expected]) => ({ args: encode(args), expected: encode(expected) })),
        ...(d.tolerance !== undefined ? { tolerance: d.tolerance } : {}),
      },
      reference: ref,
      buggy: d.buggy.map((b) => b.trim()),
      tags: [topic, ...(d.tags ?? [])],
      source: 'dust-builtin',
      split: d.eval ? 'eval' : 'train',
    };
    problems.push(problem);
  }
  return { name: `dust-builtin/${topic}`, version: '1', license: 'Apache-2.0', problems };
}

const files = readdirSync(join(here, 'problems')).filter((f) => f.endsWith('.mjs')).sort();
let bad = 0;
let total = 0;
const ids = new Set();
for (const f of files) {
  const topic = f.replace(/\.mjs$/, '');
  const defs = (await import(pathToFileURL(join(here, 'problems', f)).href)).default;
  const set = build(topic, defs);
  // Verify the JSON round trip, not the authoring values.
  const json = JSON.parse(JSON.stringify(set));
  for (const p of json.problems) {
    total++;
    if (ids.has(p.id)) (bad++, console.log(`DUP ${p.id}`));
    ids.add(p.id);
    if (p.tests.cases.length < 6) (bad++, console.log(`FEW ${p.id}: ${p.tests.cases.length} cases`));
    if (p.buggy.length < 1) (bad++, console.log(`NOBUGGY ${p.id}`));
    const r = firstFailure(p, p.reference);
    if (r) {
      bad++;
      const c = p.tests.cases[r.index];
      console.log(`REF FAIL ${p.id} case ${r.index} args=${JSON.stringify(c.args)} want=${JSON.stringify(c.expected)} got=${r.got}`);
    }
    p.buggy.forEach((b, i) => {
      if (!firstFailure(p, b)) (bad++, console.log(`BUGGY PASSES ${p.id} #${i}`));
    });
  }
  if (!checkOnly) writeFileSync(join(outDir, `${topic}.json`), JSON.stringify(json, null, 2) + '\n');
  const n = (d) => json.problems.filter((p) => p.difficulty === d).length;
  const ev = json.problems.filter((p) => p.split === 'eval').length;
  console.log(`${topic}: ${json.problems.length} (easy ${n('easy')}, medium ${n('medium')}, hard ${n('hard')}; eval ${ev})`);
}
for (const h of hung) (bad++, console.log(`HANGS ${h}`));
console.log(`${total} problems, ${bad} problem(s) found`);
process.exit(bad ? 1 : 0);
