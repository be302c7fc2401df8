// The three test harnesses (call, assert, stdio) of src/problems/schema.ts, run against
// fresh QuickJS sessions. A candidate passes iff every test passes; the result is a status,
// never an exception.
import type { QuickJSWASMModule } from 'quickjs-emscripten-core';
import type { AssertTests, CallTests, ProblemTests, StdioTests } from '../problems/schema';
import type { RunLimits, RunResult, RunStatus, TestFailure } from './types';
import { decodeTagged, deepEqual, render } from './equal';
import { Session, type Thrown } from './session';
import { compareStdout } from './stdio-compare';

export type ResolvedLimits = Required<RunLimits>;

/** What a harness needs from the engine: the wasm module and a view of its heap size. */
export interface Engine {
  module: QuickJSWASMModule;
  heapBytes: () => number;
  /** QuickJS stack limit, sized to the thread's own stack by whoever started the worker. */
  stackBytes: number;
  /** Set when a runtime could not be disposed cleanly: the module's state is suspect. */
  broken?: boolean;
}

/** Room for QuickJS itself and the prelude on top of the candidate's memory limit. */
export const HEAP_OVERHEAD_BYTES = 48 * 1024 * 1024;

const PENDING = '{"$pending":true}';
const ENTRY = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;
const cap = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** Status for an uncaught throw, given the session it happened in. */
function statusOf(t: Thrown, s: Session): RunStatus {
  if (s.memoryExceeded || /out of memory/i.test(t.message)) return 'memory';
  if (s.timedOut) return 'timeout';
  if (s.stdoutOverflow) return 'fail';
  return t.assertion ? 'fail' : 'error';
}

function messageOf(t: Thrown, s: Session, limits: ResolvedLimits): string {
  const st = statusOf(t, s);
  if (st === 'timeout') return `time limit exceeded (${limits.timeoutMs} ms${limits.timeoutPer === 'test' ? ' for one test' : ''})`;
  if (st === 'memory') return `memory limit exceeded (${limits.memoryBytes} bytes)`;
  if (s.stdoutOverflow) return 'output limit exceeded';
  return cap(`${t.name}: ${t.message}`, 500);
}

interface Outcome {
  status: RunStatus;
  testsPassed: number;
  testsTotal: number;
  failure?: TestFailure;
  output?: string;
}

/** The deadline of a test (or of the whole candidate) starting now: performance.now() time. */
const from = (ms: number) => performance.now() + ms;

export function runTests(engine: Engine, tests: ProblemTests, code: string, limits: ResolvedLimits): Omit<RunResult, 'ms'> {
  // per candidate: this one deadline for everything; per test: the top level's, moved per test
  const deadline = from(limits.timeoutPer === 'test' && tests.kind === 'assert' ? limits.timeoutMs * (tests.count ?? 1) : limits.timeoutMs);
  switch (tests.kind) {
    case 'call':
      return runCall(engine, tests, code, limits, deadline);
    case 'assert':
      return runAssert(engine, tests, code, limits, deadline);
    case 'stdio':
      return runStdio(engine, tests, code, limits, deadline);
  }
}

function withSession<T>(engine: Engine, limits: ResolvedLimits, deadline: number, stdoutLimit: number | undefined, body: (s: Session) => T): T {
  const s = new Session(engine.module, {
    stackBytes: engine.stackBytes,
    memoryBytes: limits.memoryBytes,
    deadline,
    outputChars: limits.outputChars,
    stdoutLimit,
    heapBytes: engine.heapBytes,
    heapCap: limits.memoryBytes + HEAP_OVERHEAD_BYTES,
  });
  try {
    return body(s);
  } finally {
    // The label stands (the program's own outcome), but the module must not be reused.
    if (!s.dispose()) engine.broken = true;
  }
}

const withOutput = (o: Outcome, s: Session): Outcome => (s.log ? { ...o, output: s.log } : o);

function runCall(engine: Engine, tests: CallTests, code: string, limits: ResolvedLimits, deadline: number): Outcome {
  const total = tests.cases.length;
  if (!ENTRY.test(tests.entry)) {
    return { status: 'error', testsPassed: 0, testsTotal: total, failure: { index: -1, message: `problem error: entry "${tests.entry}" is not a function name` } };
  }
  return withSession(engine, limits, deadline, undefined, (s) => {
    const top = s.eval(code, 'main.js');
    const topErr = !top.ok && !top.thrown.exit ? top.thrown : s.drain();
    if (topErr && !topErr.exit) {
      return withOutput({ status: statusOf(topErr, s), testsPassed: 0, testsTotal: total, failure: { index: -1, message: messageOf(topErr, s, limits) } }, s);
    }
    // The entry as a global; else, for programs written as CommonJS modules, module.exports.NAME
    // or a function assigned to module.exports itself.
    const last = tests.entry.split('.').pop()!;
    const getter = `(() => { try { return ${tests.entry}; } catch {} try { const e = module.exports; return typeof e === 'function' ? e : e[${JSON.stringify(last)}]; } catch {} })()`;
    const entry = s.evalHandle(getter, 'entry.js');
    if (!entry.ok) {
      return withOutput({ status: statusOf(entry.thrown, s), testsPassed: 0, testsTotal: total, failure: { index: -1, message: messageOf(entry.thrown, s, limits) } }, s);
    }
    let passed = 0;
    let first: { status: RunStatus; failure: TestFailure } | null = null;
    for (let i = 0; i < total; i++) {
      const c = tests.cases[i]!;
      if (limits.timeoutPer === 'test') s.setDeadline(from(limits.timeoutMs));
      let r = s.call('callCase', entry.handle, JSON.stringify(c.args));
      if (r.ok && r.value === PENDING) {
        const e = s.drain();
        r = e ? { ok: false, thrown: e } : s.call('settle');
      }
      if (!r.ok) {
        // An exit inside the entry returns nothing: it must not pass a case expecting undefined.
        if (r.thrown.exit) {
          first ??= { status: 'fail', failure: { index: i, message: 'wrong answer: the function called process.exit() instead of returning' } };
          continue;
        }
        const status = statusOf(r.thrown, s);
        first ??= { status: status === 'fail' ? 'error' : status, failure: { index: i, message: messageOf(r.thrown, s, limits) } };
        if (status === 'timeout' || status === 'memory') break;
        continue;
      }
      let got: unknown;
      try {
        got = decodeTagged(JSON.parse(r.value ?? '{"$undefined":true}'));
      } catch {
        // Never a value: undefined here would pass every case whose answer is undefined.
        first ??= { status: 'fail', failure: { index: i, message: 'wrong answer: unreadable result' } };
        continue;
      }
      const expected = decodeTagged(c.expected);
      if (deepEqual(got, expected, tests.tolerance ?? 0)) passed++;
      else first ??= { status: 'fail', failure: { index: i, message: 'wrong answer', expected: render(expected), got: render(got) } };
    }
    entry.handle.dispose();
    const o: Outcome = first ? { status: first.status, testsPassed: passed, testsTotal: total, failure: first.failure } : { status: 'pass', testsPassed: total, testsTotal: total };
    return withOutput(o, s);
  });
}

function runAssert(engine: Engine, tests: AssertTests, code: string, limits: ResolvedLimits, deadline: number): Outcome {
  const total = tests.count ?? 1;
  return withSession(engine, limits, deadline, undefined, (s) => {
    // An error raised in the test code itself (not inside the candidate's functions) means the
    // tests rejected what the candidate returned, e.g. MBXP's `throw '...' + JSON.stringify(x)`
    // with x undefined, or `candidate(x).length` on undefined: a failure, not a crash.
    const failed = (t: Thrown, where: string): Outcome => {
      const st = statusOf(t, s);
      const status = st === 'error' && where === 'tests' && t.file === 'test.js' ? 'fail' : st;
      return withOutput({ status, testsPassed: 0, testsTotal: total, failure: { index: -1, message: `${where}: ${messageOf(t, s, limits)}` } }, s);
    };
    // The tests pass only if their script ran to its end (and its jobs and timers drained)
    // without an assertion failing. process.exit() anywhere, in the program or in a candidate
    // function the tests call, stops them early: that is a failure, never a pass.
    for (const [src, where] of [
      [code, 'program'],
      [tests.code, 'tests'],
    ] as const) {
      const r = s.eval(src, where === 'program' ? 'main.js' : 'test.js');
      const t = r.ok ? s.drain() : r.thrown;
      if (t?.exit) {
        const message = where === 'program' ? 'the program called process.exit() before the tests ran' : 'process.exit() was called before the tests finished';
        return withOutput({ status: 'fail', testsPassed: 0, testsTotal: total, failure: { index: -1, message } }, s);
      }
      if (t) return failed(t, where);
    }
    if (s.assertFailed !== null) {
      return withOutput({ status: 'fail', testsPassed: 0, testsTotal: total, failure: { index: -1, message: cap(s.assertFailed, 500) } }, s);
    }
    return withOutput({ status: 'pass', testsPassed: total, testsTotal: total }, s);
  });
}

function runStdio(engine: Engine, tests: StdioTests, code: string, limits: ResolvedLimits, deadline: number): Outcome {
  const total = tests.cases.length;
  let passed = 0;
  let first: { status: RunStatus; failure: TestFailure } | null = null;
  let output = '';
  for (let i = 0; i < total; i++) {
    const c = tests.cases[i]!;
    const stdoutLimit = Math.max(limits.outputChars, 2 * c.output.length + 1024);
    const res = withSession(engine, limits, limits.timeoutPer === 'test' ? from(limits.timeoutMs) : deadline, stdoutLimit, (s) => {
      s.call('setStdin', c.input);
      const r = s.eval(code, 'main.js');
      let t: Thrown | null = r.ok ? s.drain() : r.thrown;
      if (!t || t.exit) {
        const end = s.call('endStdin');
        t = end.ok ? s.drain() : end.thrown;
      }
      if (output.length < limits.outputChars) output += s.log.slice(0, limits.outputChars - output.length);
      if (t && !t.exit) return { status: statusOf(t, s), failure: { index: i, message: messageOf(t, s, limits) } };
      const diff = compareStdout(s.stdout, c.output);
      if (!diff) return null;
      return { status: 'fail' as RunStatus, failure: { index: i, message: `wrong output at line ${diff.line + 1}`, expected: cap(diff.expected), got: cap(diff.got) } };
    });
    if (!res) passed++;
    else {
      first ??= res;
      if (res.status === 'timeout' || res.status === 'memory') break;
    }
  }
  const o: Outcome = first ? { status: first.status, testsPassed: passed, testsTotal: total, failure: first.failure } : { status: 'pass', testsPassed: total, testsTotal: total };
  return output ? { ...o, output } : o;
}
