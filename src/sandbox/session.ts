// One candidate's QuickJS runtime + context: memory and stack limits, the interrupt deadline,
// the prelude, captured output, and turning thrown values into plain descriptions.
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten-core';
import prelude from './prelude/core.js?raw';
import assertModule from './prelude/assert.js?raw';
import callModule from './prelude/call.js?raw';
import consoleModule from './prelude/console.js?raw';
import errorsModule from './prelude/errors.js?raw';
import formatModule from './prelude/format.js?raw';
import lodashModule from './prelude/lodash.js?raw';
import processModule from './prelude/process.js?raw';
import stdinModule from './prelude/stdin.js?raw';
import timersModule from './prelude/timers.js?raw';

/** Sources of the prelude's lazy modules, handed to the VM on first use. */
const LAZY_MODULES: Record<string, string> = {
  assert: assertModule,
  call: callModule,
  console: consoleModule,
  errors: errorsModule,
  format: formatModule,
  lodash: lodashModule,
  process: processModule,
  stdin: stdinModule,
  timers: timersModule,
};

/**
 * QuickJS's stack limit when the host gives none. wasm frames live on the host thread's own
 * stack, so the safe value depends on it: with V8's default ~1 MB, 512 KiB overflowed the host
 * (DESIGN.md) and 128 KiB allows ~1,000 frames of recursion; Node workers get a 16 MB stack
 * and 1 MiB (~5,000 frames; Node itself allows ~10,000). See spawn-node.ts.
 */
export const DEFAULT_STACK_BYTES = 128 * 1024;

/**
 * Global lexical constants for what the tests rely on (core.js hands them over once): the
 * candidate can neither assign nor redeclare them, and Object.defineProperty on globalThis,
 * which QuickJS allows even for non-configurable globals, does not reach them.
 */
const BINDINGS = 'const { require, console, JSON, Math, Reflect, Object, Array, Number, String, Boolean } = __dust_bindings;';

/** A thrown value, read out of the VM as plain data. */
export interface Thrown {
  name: string;
  message: string;
  /** An AssertionError (node:assert, console.assert) or a thrown non-Error value such as a string. */
  assertion: boolean;
  /** `process.exit()` was called: not an error. */
  exit: boolean;
  /** The script file of the innermost stack frame (main.js: the candidate, test.js: the tests). */
  file?: string;
}

export type EvalOutcome = { ok: true; value: string | undefined } | { ok: false; thrown: Thrown };

export interface SessionOptions {
  memoryBytes: number;
  deadline: number;
  /** Characters of console output kept for the report. */
  outputChars: number;
  /** When set, stdout beyond this many characters interrupts the program (stdio tests). */
  stdoutLimit?: number;
  /** QuickJS stack limit. */
  stackBytes: number;
  /** Current size of the wasm heap, and the size past which the program is stopped. */
  heapBytes: () => number;
  heapCap: number;
}

const now = () => performance.now();

export class Session {
  readonly rt: QuickJSRuntime;
  readonly ctx: QuickJSContext;
  /** The interrupt handler stopped the program (deadline or output limit). */
  interrupted = false;
  stdoutOverflow = false;
  /** The wasm heap grew past its cap: the program used too much memory. */
  memoryExceeded = false;
  assertFailed: string | null = null;
  stdout = '';
  /** stdout and stderr interleaved, capped at outputChars, for the report. */
  log = '';
  private readonly opts: SessionOptions;
  /** When the program is stopped (performance.now() time); the harness may move it per test. */
  private deadline: number;

  constructor(module: QuickJSWASMModule, opts: SessionOptions) {
    this.opts = opts;
    this.deadline = opts.deadline;
    this.rt = module.newRuntime();
    this.rt.setMemoryLimit(opts.memoryBytes);
    this.rt.setMaxStackSize(opts.stackBytes);
    // QuickJS's own limit only sees single allocations (its running total counts ~8 bytes per
    // block in this build, which lacks malloc_usable_size), so the interrupt handler also caps
    // the wasm heap itself. It runs every ~10,000 interpreter steps, never inside C built-ins.
    this.rt.setInterruptHandler(() => {
      if (opts.heapBytes() > opts.heapCap) this.memoryExceeded = true;
      if (this.stdoutOverflow || this.memoryExceeded || now() > this.deadline) this.interrupted = true;
      return this.interrupted;
    });
    this.ctx = this.rt.newContext();
    const fn = this.ctx.newFunction('__dust_host', (kindH, textH) => {
      const kind = this.ctx.getString(kindH);
      const text = this.ctx.getString(textH);
      if (kind === 'module') return this.ctx.newString(LAZY_MODULES[text] ?? 'null');
      this.hostWrite(kind, text);
      return undefined;
    });
    this.ctx.setProp(this.ctx.global, '__dust_host', fn);
    fn.dispose();
    const r = this.ctx.evalCode(prelude, 'prelude.js');
    if (r.error) {
      const t = this.describe(r.error);
      r.error.dispose();
      throw new Error(`sandbox prelude failed: ${t.name}: ${t.message}`);
    }
    this.harness = r.value;
    const b = this.ctx.evalCode(BINDINGS, 'bindings.js');
    if (b.error) {
      const t = this.describe(b.error);
      b.error.dispose();
      throw new Error(`sandbox prelude failed: ${t.name}: ${t.message}`);
    }
    b.value.dispose();
  }

  /** The prelude's harness object, reachable only through this handle. */
  private readonly harness: QuickJSHandle;

  /**
   * Calls harness[method](...args), where each argument is a string or a handle to a value in
   * the VM; a string result is returned.
   */
  call(method: string, ...args: (string | QuickJSHandle)[]): EvalOutcome {
    const ctx = this.ctx;
    const fn = ctx.getProp(this.harness, method);
    const owned = args.map((a) => (typeof a === 'string' ? ctx.newString(a) : null));
    try {
      const r = ctx.callFunction(fn, this.harness, ...args.map((a, i) => owned[i] ?? (a as QuickJSHandle)));
      if (r.error) {
        const thrown = this.describe(r.error);
        r.error.dispose();
        return { ok: false, thrown };
      }
      const h = r.value;
      try {
        return { ok: true, value: ctx.typeof(h) === 'string' ? ctx.getString(h) : undefined };
      } finally {
        h.dispose();
      }
    } finally {
      fn.dispose();
      for (const o of owned) o?.dispose();
    }
  }

  /** Evaluates an expression and keeps the handle (the caller disposes it). */
  evalHandle(code: string, filename: string): { ok: true; handle: QuickJSHandle } | { ok: false; thrown: Thrown } {
    const r = this.ctx.evalCode(code, filename);
    if (r.error) {
      const thrown = this.describe(r.error);
      r.error.dispose();
      return { ok: false, thrown };
    }
    return { ok: true, handle: r.value };
  }

  get timedOut(): boolean {
    return (this.interrupted && !this.stdoutOverflow && !this.memoryExceeded) || now() > this.deadline;
  }

  /** A new deadline from now on (the paper's per-test limit: each test its own time). */
  setDeadline(deadline: number): void {
    this.deadline = deadline;
  }

  private hostWrite(kind: string, text: string): void {
    if (kind === 'assert') {
      this.assertFailed ??= text;
      return;
    }
    if (this.log.length < this.opts.outputChars) this.log += text.slice(0, this.opts.outputChars - this.log.length);
    if (kind === 'out' && this.opts.stdoutLimit !== undefined && !this.stdoutOverflow) {
      if (this.stdout.length + text.length > this.opts.stdoutLimit) this.stdoutOverflow = true;
      else this.stdout += text;
    }
  }

  /** Evaluates a global script; a string result is returned, anything else as undefined. */
  eval(code: string, filename: string): EvalOutcome {
    const r = this.ctx.evalCode(code, filename);
    if (r.error) {
      const thrown = this.describe(r.error);
      r.error.dispose();
      return { ok: false, thrown };
    }
    const h = r.value;
    try {
      return { ok: true, value: this.ctx.typeof(h) === 'string' ? this.ctx.getString(h) : undefined };
    } finally {
      h.dispose();
    }
  }

  /**
   * Runs promise jobs, then the virtual timers, until nothing is left or the program fails.
   * Uncaught errors in jobs are returned; rejections nobody handles are ignored.
   */
  drain(): Thrown | null {
    for (;;) {
      const r = this.rt.executePendingJobs(-1);
      if (r.error) {
        const thrown = this.describe(r.error);
        r.error.dispose();
        return thrown;
      }
      if (this.interrupted) return interruptedThrown;
      // The job queue is empty: fire the earliest timer, which may queue more jobs.
      const t = this.call('runTimer');
      if (!t.ok) return t.thrown;
      if (this.interrupted) return interruptedThrown;
      if (t.value !== '1') return null;
    }
  }

  /**
   * The code of a genuine process.exit() signal (the prelude keeps them in a private set, so a
   * plain object with the same fields is not one), or null.
   */
  private exitCodeOf(h: QuickJSHandle): string | null {
    if (!this.harness?.alive) return null;
    const fn = this.ctx.getProp(this.harness, 'exitCode');
    try {
      const r = this.ctx.callFunction(fn, this.harness, h);
      if (r.error) {
        r.error.dispose();
        return null;
      }
      const v = this.ctx.typeof(r.value) === 'string' ? this.ctx.getString(r.value) : '';
      r.value.dispose();
      return v.startsWith('exit:') ? v.slice(5) : null;
    } finally {
      fn.dispose();
    }
  }

  describe(h: QuickJSHandle): Thrown {
    const ctx = this.ctx;
    try {
      const type = ctx.typeof(h);
      if (type === 'object') {
        const prop = (k: string): unknown => {
          const p = ctx.getProp(h, k);
          try {
            const t = ctx.typeof(p);
            return t === 'string' || t === 'number' || t === 'boolean' ? ctx.dump(p) : undefined;
          } finally {
            p.dispose();
          }
        };
        const code = this.exitCodeOf(h);
        if (code !== null) return { name: 'exit', message: `process.exit(${code})`, assertion: false, exit: true };
        const name = prop('name');
        const message = prop('message');
        if (typeof name === 'string' || typeof message === 'string') {
          const stack = prop('stack');
          const file = typeof stack === 'string' ? /\(([^():]+):\d+/.exec(stack)?.[1] : undefined;
          return { name: typeof name === 'string' ? name : 'Error', message: typeof message === 'string' ? message : '', assertion: name === 'AssertionError', exit: false, ...(file ? { file } : {}) };
        }
        return { name: 'thrown object', message: safeJson(ctx.dump(h)), assertion: true, exit: false };
      }
      const v: unknown = type === 'undefined' ? undefined : ctx.dump(h);
      return { name: `thrown ${type}`, message: String(v), assertion: true, exit: false };
    } catch {
      return { name: 'Error', message: '<unreadable exception>', assertion: false, exit: false };
    }
  }

  dispose(): boolean {
    let clean = true;
    try {
      if (this.harness.alive) this.harness.dispose();
      this.ctx.dispose();
    } catch {
      clean = false;
    }
    try {
      this.rt.dispose();
    } catch {
      clean = false;
    }
    return clean;
  }
}

const interruptedThrown: Thrown = { name: 'InternalError', message: 'interrupted', assertion: false, exit: false };

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v)?.slice(0, 500) ?? String(v);
  } catch {
    return String(v);
  }
}
