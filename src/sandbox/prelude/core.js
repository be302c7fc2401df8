// Evaluated inside every fresh QuickJS context before the candidate program. It gives the
// candidate the little of Node that test programs use (console, require of lodash.isEqual /
// assert / fs-for-stdin / readline, process.stdout, timers) as pure JS built on QuickJS's own
// intrinsics: no host object is reachable. The single host function `__dust_host(kind, text)`
// (kinds: out, err, assert) is captured here and removed from the global object.
// `__dust` (non-enumerable) is the harness's entry point: setStdin, endStdin, runTimer,
// callCase, settle, ser.
(function () {
  'use strict';
  const g = globalThis;
  const rawHost = g.__dust_host;
  delete g.__dust_host;
  // Slice inside the sandbox so that a huge string is never copied out whole.
  const host = (kind, text) => rawHost(kind, text.length > 1048576 ? text.slice(0, 1048576) : text);

  // Captured before the candidate runs, so that a candidate replacing built-ins cannot
  // change how its results are serialised.
  const apply = Reflect.apply;
  const isArray = Array.isArray;
  const objectKeys = Object.keys;
  const defineProperty = Object.defineProperty;
  const getPrototypeOf = Object.getPrototypeOf;
  const hasOwn = Object.prototype.hasOwnProperty;
  const toTag = Object.prototype.toString;
  const jsonStringify = JSON.stringify;
  const jsonParse = JSON.parse;
  const StringC = String;
  const ErrorC = Error;
  const MapC = Map;
  const SetC = Set;
  const mapSize = Object.getOwnPropertyDescriptor(Map.prototype, 'size').get;
  const setSize = Object.getOwnPropertyDescriptor(Set.prototype, 'size').get;
  const mapForEach = Map.prototype.forEach;
  const setForEach = Set.prototype.forEach;
  const mapSet = Map.prototype.set;
  const setAdd = Set.prototype.add;
  const dateGetTime = Date.prototype.getTime;
  const dateToISO = Date.prototype.toISOString;
  const isView = ArrayBuffer.isView;
  const promiseThen = Promise.prototype.then;
  const PromiseC = Promise;
  const pushTo = (arr, v) => {
    arr[arr.length] = v;
  };
  const tryCall = (f, self) => {
    try {
      apply(f, self, []);
      return true;
    } catch {
      return false;
    }
  };
  const isMap = (v) => tryCall(mapSize, v);
  const isSet = (v) => tryCall(setSize, v);
  const isDate = (v) => tryCall(dateGetTime, v);

  const setGlobal = (name, value) =>
    defineProperty(g, name, { value, writable: true, configurable: true, enumerable: false });

  // ---- console ---------------------------------------------------------------------------
  function inspect(v, depth, seen) {
    if (typeof v === 'string') return depth === 0 ? v : `'${v}'`;
    if (typeof v === 'number') return Object.is(v, -0) ? '-0' : StringC(v);
    if (typeof v === 'bigint') return `${v}n`;
    if (typeof v === 'function') return `[Function: ${v.name || '(anonymous)'}]`;
    if (typeof v === 'symbol' || typeof v !== 'object' || v === null) return StringC(v);
    if (depth > 3) return isArray(v) ? '[Array]' : '[Object]';
    if (seen.indexOf(v) >= 0) return '[Circular]';
    pushTo(seen, v);
    try {
      if (isArray(v)) return v.length === 0 ? '[]' : `[ ${v.map((x) => inspect(x, depth + 1, seen)).join(', ')} ]`;
      if (isMap(v)) {
        const parts = [];
        apply(mapForEach, v, [(x, k) => pushTo(parts, `${inspect(k, depth + 1, seen)} => ${inspect(x, depth + 1, seen)}`)]);
        return `Map(${parts.length}) { ${parts.join(', ')} }`;
      }
      if (isSet(v)) {
        const parts = [];
        apply(setForEach, v, [(x) => pushTo(parts, inspect(x, depth + 1, seen))]);
        return `Set(${parts.length}) { ${parts.join(', ')} }`;
      }
      if (v instanceof ErrorC) return v.stack ? `${v.name}: ${v.message}\n${v.stack}` : `${v.name}: ${v.message}`;
      if (isDate(v)) return apply(dateToISO, v, []);
      const ks = objectKeys(v);
      if (ks.length === 0) return '{}';
      return `{ ${ks.map((k) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`}: ${inspect(v[k], depth + 1, seen)}`).join(', ')} }`;
    } finally {
      seen.length--;
    }
  }

  function format(args) {
    let out = '';
    let i = 0;
    if (typeof args[0] === 'string' && args[0].indexOf('%') >= 0 && args.length > 1) {
      i = 1;
      out = args[0].replace(/%([sdifjoO%])/g, (m, c) => {
        if (c === '%') return '%';
        if (i >= args.length) return m;
        const a = args[i++];
        if (c === 's') return typeof a === 'string' ? a : inspect(a, 1, []);
        if (c === 'd' || c === 'i') return StringC(c === 'i' ? parseInt(a) : Number(a));
        if (c === 'f') return StringC(parseFloat(a));
        if (c === 'j') return jsonStringify(a);
        return inspect(a, 1, []);
      });
    } else if (args.length > 0) {
      out = inspect(args[0], 0, []);
      i = 1;
    }
    for (; i < args.length; i++) out += ' ' + inspect(args[i], 0, []);
    return out;
  }

  class AssertionError extends ErrorC {
    constructor(options) {
      const o = typeof options === 'object' && options !== null ? options : { message: options };
      super(o.message === undefined ? 'Assertion failed' : StringC(o.message));
      this.name = 'AssertionError';
      this.code = 'ERR_ASSERTION';
      this.actual = o.actual;
      this.expected = o.expected;
      this.operator = o.operator;
    }
  }

  const out = (...a) => host('out', format(a) + '\n');
  const err = (...a) => host('err', format(a) + '\n');
  const consoleObj = {
    log: out,
    info: out,
    debug: out,
    trace: err,
    error: err,
    warn: err,
    dir: (v) => host('out', inspect(v, 1, []) + '\n'),
    table: out,
    group: out,
    groupEnd() {},
    time() {},
    timeEnd() {},
    assert(cond, ...msg) {
      if (cond) return;
      const text = msg.length ? `Assertion failed: ${format(msg)}` : 'Assertion failed';
      host('assert', text);
      throw new AssertionError({ message: text, operator: 'console.assert' });
    },
  };
  setGlobal('console', consoleObj);
  setGlobal('print', out);

  // ---- stdin -----------------------------------------------------------------------------
  let stdin = '';
  let stdinLines = [''];
  let stdinPos = 0;
  const stdinListeners = [];
  const readlineInterfaces = [];

  setGlobal('readline', function readline() {
    if (stdinPos >= stdinLines.length) return null;
    return stdinLines[stdinPos++];
  });

  function readFileSync(file, opts) {
    if (file === 0 || file === '/dev/stdin' || file === 'https://gh.072103.xyz/dev/fd/0') return stdin;
    const e = new ErrorC(`ENOENT: no such file or directory, open '${file}' (the sandbox has no file system; only stdin is readable)`);
    e.code = 'ENOENT';
    throw e;
  }
  const fs = { readFileSync, existsSync: () => false };

  function emitter(target) {
    const handlers = {};
    target.on = function (ev, f) {
      (handlers[ev] || (handlers[ev] = [])).push(f);
      return target;
    };
    target.addListener = target.on;
    target.once = target.on;
    target.off = function (ev, f) {
      if (handlers[ev]) handlers[ev] = handlers[ev].filter((x) => x !== f);
      return target;
    };
    target.removeListener = target.off;
    target.emit = function (ev, ...args) {
      const hs = handlers[ev] ? handlers[ev].slice() : [];
      for (const h of hs) h(...args);
      return hs.length > 0;
    };
    return target;
  }

  function createInterface() {
    const lines = stdinLines.slice(0, stdinLines.length > 0 && stdinLines[stdinLines.length - 1] === '' ? -1 : undefined);
    const rl = emitter({
      closed: false,
      close() {
        if (!rl.closed) {
          rl.closed = true;
          rl.emit('close');
        }
      },
      setPrompt() {},
      prompt() {},
      pause() {
        return rl;
      },
      resume() {
        return rl;
      },
      question(q, cb) {
        const line = stdinPos < stdinLines.length ? stdinLines[stdinPos++] : '';
        PromiseC.resolve().then(() => cb(line));
      },
      [Symbol.asyncIterator]() {
        let i = 0;
        rl.iterated = true;
        return {
          next: () => PromiseC.resolve(i < lines.length ? { value: lines[i++], done: false } : { value: undefined, done: true }),
          return: () => PromiseC.resolve({ value: undefined, done: true }),
          [Symbol.asyncIterator]() {
            return this;
          },
        };
      },
    });
    rl.lines = lines;
    readlineInterfaces.push(rl);
    return rl;
  }
  const readlineModule = { createInterface };

  const stdinObj = emitter({
    fd: 0,
    isTTY: false,
    setEncoding() {
      return stdinObj;
    },
    resume() {
      return stdinObj;
    },
    pause() {
      return stdinObj;
    },
    read: () => null,
  });

  // ---- process, module, require ----------------------------------------------------------
  class ExitSignal {
    constructor(code) {
      this.code = code;
      this.__dustExit = true;
    }
  }
  const processObj = {
    argv: ['node', 'main.js'],
    env: {},
    platform: 'quickjs',
    exitCode: undefined,
    stdin: stdinObj,
    stdout: { write: (s) => (host('out', StringC(s)), true), isTTY: false },
    stderr: { write: (s) => (host('err', StringC(s)), true), isTTY: false },
    exit(code) {
      throw new ExitSignal(code === undefined ? 0 : code);
    },
    nextTick(f, ...a) {
      PromiseC.resolve().then(() => f(...a));
    },
    hrtime: Object.assign(() => [0, 0], { bigint: () => 0n }),
    memoryUsage: () => ({ heapUsed: 0, rss: 0 }),
    on() {
      return processObj;
    },
  };
  setGlobal('process', processObj);
  const moduleObj = { exports: {} };
  setGlobal('module', moduleObj);
  setGlobal('exports', moduleObj.exports);

  // lodash's isEqual: SameValueZero for primitives, same [[Class]] tag, arrays by index,
  // objects by own enumerable keys (constructors must agree), Maps/Sets unordered, cycles.
  function isEqual(a, b, sa, sb) {
    if (a === b) return true;
    if (a == null || b == null || (typeof a !== 'object' && typeof a !== 'function' && typeof b !== 'object' && typeof b !== 'function')) {
      return a !== a && b !== b;
    }
    const ta = apply(toTag, a, []);
    if (ta !== apply(toTag, b, [])) return false;
    sa = sa || [];
    sb = sb || [];
    for (let i = 0; i < sa.length; i++) if (sa[i] === a) return sb[i] === b;
    pushTo(sa, a);
    pushTo(sb, b);
    try {
      switch (ta) {
        case '[object Number]':
        case '[object String]':
        case '[object Boolean]':
        case '[object Date]': {
          const x = +a.valueOf();
          const y = +b.valueOf();
          if (ta === '[object String]') return StringC(a) === StringC(b);
          return x === y || (x !== x && y !== y);
        }
        case '[object RegExp]':
          return StringC(a) === StringC(b);
        case '[object Error]':
          return a.name === b.name && a.message === b.message;
        case '[object Function]':
          return false;
        case '[object Map]':
        case '[object Set]': {
          const ea = [];
          const eb = [];
          apply(ta === '[object Map]' ? mapForEach : setForEach, a, [(v, k) => pushTo(ea, [k, v])]);
          apply(ta === '[object Map]' ? mapForEach : setForEach, b, [(v, k) => pushTo(eb, [k, v])]);
          if (ea.length !== eb.length) return false;
          const used = [];
          outer: for (const [ka, va] of ea) {
            for (let j = 0; j < eb.length; j++) {
              if (used[j]) continue;
              const [kb, vb] = eb[j];
              if (isEqual(ka, kb, sa, sb) && isEqual(va, vb, sa, sb)) {
                used[j] = true;
                continue outer;
              }
            }
            return false;
          }
          return true;
        }
      }
      if (isArray(a) || isView(a)) {
        if (a.length !== b.length) return false;
        for (let i = 0; i < a.length; i++) if (!isEqual(a[i], b[i], sa, sb)) return false;
        return true;
      }
      const ka = objectKeys(a);
      if (ka.length !== objectKeys(b).length) return false;
      for (const k of ka) if (!apply(hasOwn, b, [k]) || !isEqual(a[k], b[k], sa, sb)) return false;
      const ca = a.constructor;
      const cb = b.constructor;
      if (ca !== cb && 'constructor' in a && 'constructor' in b && !(typeof ca === 'function' && ca instanceof ca && typeof cb === 'function' && cb instanceof cb)) return false;
      return true;
    } finally {
      sa.length--;
      sb.length--;
    }
  }
  const lodash = { isEqual: (a, b) => isEqual(a, b) };

  // ---- node:assert -----------------------------------------------------------------------
  // Node's rules: loose mode compares primitives with == (NaN equals NaN) and ignores
  // prototypes; strict mode uses Object.is and requires equal prototypes.
  function nodeDeepEqual(a, b, strict, sa, sb) {
    if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) {
      if ((typeof a === 'object' && a !== null) || (typeof b === 'object' && b !== null)) return false;
      return strict ? Object.is(a, b) : a == b || (a !== a && b !== b);
    }
    if (a === b) return true;
    const ta = apply(toTag, a, []);
    if (ta !== apply(toTag, b, [])) return false;
    if (strict && getPrototypeOf(a) !== getPrototypeOf(b)) return false;
    if (isArray(a) !== isArray(b)) return false;
    sa = sa || [];
    sb = sb || [];
    for (let i = 0; i < sa.length; i++) if (sa[i] === a) return sb[i] === b;
    pushTo(sa, a);
    pushTo(sb, b);
    try {
      if (ta === '[object Date]') return apply(dateGetTime, a, []) === apply(dateGetTime, b, []);
      if (ta === '[object RegExp]') return StringC(a) === StringC(b);
      if (a instanceof ErrorC && (a.message !== b.message || a.name !== b.name)) return false;
      if (ta === '[object Number]' || ta === '[object String]' || ta === '[object Boolean]') {
        if (!Object.is(a.valueOf(), b.valueOf())) return false;
      }
      if (isMap(a) || isSet(a)) {
        const ea = [];
        const eb = [];
        apply(isMap(a) ? mapForEach : setForEach, a, [(v, k) => pushTo(ea, [k, v])]);
        apply(isMap(b) ? mapForEach : setForEach, b, [(v, k) => pushTo(eb, [k, v])]);
        if (ea.length !== eb.length) return false;
        const used = [];
        outer: for (const [ka, va] of ea) {
          for (let j = 0; j < eb.length; j++) {
            if (used[j]) continue;
            if (nodeDeepEqual(ka, eb[j][0], strict, sa, sb) && nodeDeepEqual(va, eb[j][1], strict, sa, sb)) {
              used[j] = true;
              continue outer;
            }
          }
          return false;
        }
      }
      const ka = objectKeys(a);
      const kb = objectKeys(b);
      if (ka.length !== kb.length) return false;
      for (const k of ka) if (!apply(hasOwn, b, [k]) || !nodeDeepEqual(a[k], b[k], strict, sa, sb)) return false;
      return true;
    } finally {
      sa.length--;
      sb.length--;
    }
  }

  const show = (v) => {
    try {
      return inspect(v, 1, []);
    } catch {
      return '<unprintable>';
    }
  };
  function fail(message, actual, expected, operator, dflt) {
    if (message instanceof ErrorC) throw message;
    throw new AssertionError({ message: message === undefined ? dflt : message, actual, expected, operator });
  }
  function matchesError(e, expected) {
    if (expected === undefined) return true;
    if (expected instanceof RegExp) return expected.test(StringC(e));
    if (typeof expected === 'function') {
      if (expected.prototype !== undefined && e instanceof expected) return true;
      if (ErrorC.isPrototypeOf(expected) || expected === ErrorC) return false;
      return expected.call({}, e) === true;
    }
    if (typeof expected === 'object' && expected !== null) {
      for (const k of objectKeys(expected)) {
        const want = expected[k];
        if (want instanceof RegExp && typeof e[k] === 'string' ? !want.test(e[k]) : !nodeDeepEqual(e[k], want, true)) return false;
      }
      return true;
    }
    return true;
  }
  function makeAssert(strict) {
    const eq = strict ? (a, b) => Object.is(a, b) : (a, b) => a == b || (a !== a && b !== b);
    const assert = function assert(value, message) {
      if (!value) fail(message, value, true, '==', 'The expression evaluated to a falsy value');
    };
    assert.ok = (value, message) => {
      if (!value) fail(message, value, true, '==', 'The expression evaluated to a falsy value');
    };
    assert.equal = (a, b, m) => {
      if (!eq(a, b)) fail(m, a, b, strict ? 'strictEqual' : '==', `Expected values to be ${strict ? 'strictly' : 'loosely'} equal: ${show(a)} vs ${show(b)}`);
    };
    assert.notEqual = (a, b, m) => {
      if (eq(a, b)) fail(m, a, b, strict ? 'notStrictEqual' : '!=', `Expected ${show(a)} to differ from ${show(b)}`);
    };
    assert.strictEqual = (a, b, m) => {
      if (!Object.is(a, b)) fail(m, a, b, 'strictEqual', `Expected values to be strictly equal: ${show(a)} !== ${show(b)}`);
    };
    assert.notStrictEqual = (a, b, m) => {
      if (Object.is(a, b)) fail(m, a, b, 'notStrictEqual', `Expected ${show(a)} to be not strictly equal to ${show(b)}`);
    };
    assert.deepEqual = (a, b, m) => {
      if (!nodeDeepEqual(a, b, strict)) fail(m, a, b, strict ? 'deepStrictEqual' : 'deepEqual', `Expected values to be ${strict ? 'strictly' : 'loosely'} deep-equal: ${show(a)} vs ${show(b)}`);
    };
    assert.notDeepEqual = (a, b, m) => {
      if (nodeDeepEqual(a, b, strict)) fail(m, a, b, 'notDeepEqual', `Expected ${show(a)} not to deep-equal ${show(b)}`);
    };
    assert.deepStrictEqual = (a, b, m) => {
      if (!nodeDeepEqual(a, b, true)) fail(m, a, b, 'deepStrictEqual', `Expected values to be strictly deep-equal: ${show(a)} vs ${show(b)}`);
    };
    assert.notDeepStrictEqual = (a, b, m) => {
      if (nodeDeepEqual(a, b, true)) fail(m, a, b, 'notDeepStrictEqual', `Expected ${show(a)} not to strictly deep-equal ${show(b)}`);
    };
    assert.throws = (f, expected, m) => {
      if (typeof expected === 'string') {
        m = expected;
        expected = undefined;
      }
      try {
        f();
      } catch (e) {
        if (!matchesError(e, expected)) throw e;
        return;
      }
      fail(m, undefined, expected, 'throws', 'Missing expected exception.');
    };
    assert.doesNotThrow = (f, _e, m) => {
      try {
        f();
      } catch (e) {
        fail(typeof _e === 'string' ? _e : m, e, undefined, 'doesNotThrow', `Got unwanted exception: ${show(e)}`);
      }
    };
    assert.rejects = async (p, expected, m) => {
      try {
        await (typeof p === 'function' ? p() : p);
      } catch (e) {
        if (!matchesError(e, expected)) throw e;
        return;
      }
      fail(m, undefined, expected, 'rejects', 'Missing expected rejection.');
    };
    assert.doesNotReject = async (p, m) => {
      try {
        await (typeof p === 'function' ? p() : p);
      } catch (e) {
        fail(m, e, undefined, 'doesNotReject', `Got unwanted rejection: ${show(e)}`);
      }
    };
    assert.match = (s, re, m) => {
      if (!re.test(s)) fail(m, s, re, 'match', `The input did not match ${StringC(re)}: ${show(s)}`);
    };
    assert.doesNotMatch = (s, re, m) => {
      if (re.test(s)) fail(m, s, re, 'doesNotMatch', `The input was expected not to match ${StringC(re)}`);
    };
    assert.fail = (m) => fail(m, undefined, undefined, 'fail', 'Failed');
    assert.AssertionError = AssertionError;
    return assert;
  }
  const assertModule = makeAssert(false);
  assertModule.strict = makeAssert(true);
  assertModule.strict.strict = assertModule.strict;

  const utilModule = { inspect: (v) => inspect(v, 1, []), format: (...a) => format(a), isDeepStrictEqual: (a, b) => nodeDeepEqual(a, b, true) };
  const modules = {
    lodash,
    'lodash.isequal': lodash.isEqual,
    assert: assertModule,
    'assert/strict': assertModule.strict,
    fs,
    readline: readlineModule,
    util: utilModule,
  };
  setGlobal('require', function require(name) {
    const key = StringC(name).replace(/^node:/, '');
    if (apply(hasOwn, modules, [key])) return modules[key];
    const e = new ErrorC(`Cannot find module '${name}': the sandbox provides only lodash (isEqual), assert, fs (stdin), readline and util`);
    e.code = 'MODULE_NOT_FOUND';
    throw e;
  });

  // ---- timers: a virtual clock, run by the host after the job queue drains ---------------
  let timerSeq = 0;
  let now = 0;
  let timers = [];
  const addTimer = (f, ms, args, repeat) => {
    if (typeof f !== 'function') throw new TypeError('The "callback" argument must be of type function');
    const id = ++timerSeq;
    const delay = Math.max(0, Number(ms) || 0);
    pushTo(timers, { id, due: now + delay, delay, f, args, repeat });
    return id;
  };
  const clear = (id) => {
    timers = timers.filter((t) => t.id !== id);
  };
  setGlobal('setTimeout', (f, ms, ...a) => addTimer(f, ms, a, false));
  setGlobal('setInterval', (f, ms, ...a) => addTimer(f, ms, a, true));
  setGlobal('setImmediate', (f, ...a) => addTimer(f, 0, a, false));
  setGlobal('clearTimeout', clear);
  setGlobal('clearInterval', clear);
  setGlobal('clearImmediate', clear);
  if (typeof g.queueMicrotask !== 'function') setGlobal('queueMicrotask', (f) => void PromiseC.resolve().then(f));

  // ---- result serialisation (tagged JSON, see src/sandbox/equal.ts) ----------------------
  const TOO_LARGE = {};
  function enc(v, stack, budget) {
    if (--budget.n < 0) throw TOO_LARGE;
    switch (typeof v) {
      case 'undefined':
        return { $undefined: true };
      case 'number':
        if (v !== v) return { $nan: true };
        if (v === Infinity) return { $inf: 1 };
        if (v === -Infinity) return { $inf: -1 };
        if (v === 0 && 1 / v < 0) return { $negzero: true };
        return v;
      case 'bigint':
        return { $bigint: StringC(v) };
      case 'string':
      case 'boolean':
        return v;
      case 'symbol':
        return { $symbol: StringC(v.description) };
      case 'function':
        return { $function: StringC(v.name || 'anonymous') };
    }
    if (v === null) return null;
    for (let i = 0; i < stack.length; i++) if (stack[i] === v) return { $cycle: true };
    pushTo(stack, v);
    try {
      if (isArray(v) || isView(v)) {
        const o = [];
        const n = v.length;
        for (let i = 0; i < n; i++) pushTo(o, enc(v[i], stack, budget));
        return o;
      }
      if (isMap(v)) {
        const o = [];
        apply(mapForEach, v, [(x, k) => pushTo(o, [enc(k, stack, budget), enc(x, stack, budget)])]);
        return { $map: o };
      }
      if (isSet(v)) {
        const o = [];
        apply(setForEach, v, [(x) => pushTo(o, enc(x, stack, budget))]);
        return { $set: o };
      }
      if (isDate(v)) {
        const t = apply(dateGetTime, v, []);
        return { $date: t === t ? apply(dateToISO, v, []) : 'Invalid Date' };
      }
      const o = {};
      const ks = objectKeys(v);
      for (let i = 0; i < ks.length; i++) defineProperty(o, ks[i], { value: enc(v[ks[i]], stack, budget), enumerable: true, writable: true, configurable: true });
      return o;
    } finally {
      stack.length--;
    }
  }
  function ser(v) {
    let t;
    try {
      t = jsonStringify(enc(v, [], { n: 200000 }));
    } catch (e) {
      if (e === TOO_LARGE) return '{"$toolarge":true}';
      throw e;
    }
    return t.length > 4000000 ? '{"$toolarge":true}' : t;
  }
  function dec(v) {
    if (v === null || typeof v !== 'object') return v;
    if (isArray(v)) return v.map(dec);
    const ks = objectKeys(v);
    if (ks.length === 1) {
      const x = v[ks[0]];
      switch (ks[0]) {
        case '$undefined':
          return undefined;
        case '$nan':
          return NaN;
        case '$inf':
          return x < 0 ? -Infinity : Infinity;
        case '$negzero':
          return -0;
        case '$bigint':
          return BigInt(x);
        case '$map': {
          const m = new MapC();
          for (const [k, y] of x) apply(mapSet, m, [dec(k), dec(y)]);
          return m;
        }
        case '$set': {
          const s = new SetC();
          for (const y of x) apply(setAdd, s, [dec(y)]);
          return s;
        }
      }
    }
    const o = {};
    for (const k of ks) defineProperty(o, k, { value: dec(v[k]), enumerable: true, writable: true, configurable: true });
    return o;
  }

  const PENDING = '{"$pending":true}';
  let settled = null;
  const harness = {
    ExitSignal,
    AssertionError,
    setStdin(text) {
      stdin = StringC(text);
      stdinLines = stdin.split('\n');
      if (stdinLines.length > 1 && stdinLines[stdinLines.length - 1] === '') stdinLines.length--;
      stdinPos = 0;
    },
    // Called by the host once the candidate's top level and job queue are done: stdin
    // reaches its end, as it would for a program reading a pipe.
    endStdin() {
      if (stdin.length > 0) stdinObj.emit('data', stdin);
      stdinObj.emit('end');
      stdinObj.emit('close');
      for (const rl of readlineInterfaces) {
        if (rl.iterated) continue;
        for (const line of rl.lines) {
          if (rl.closed) break;
          rl.emit('line', line);
        }
        rl.close();
      }
    },
    // Runs the earliest due timer (advancing the virtual clock); false when none is left.
    runTimer() {
      if (timers.length === 0) return false;
      let best = 0;
      for (let i = 1; i < timers.length; i++) if (timers[i].due < timers[best].due) best = i;
      const t = timers[best];
      if (t.repeat) t.due += Math.max(1, t.delay);
      else timers = timers.filter((x) => x !== t);
      now = Math.max(now, t.due);
      apply(t.f, undefined, t.args);
      return true;
    },
    callCase(fn, argsJson) {
      if (typeof fn !== 'function') throw new ErrorC('the entry function is not defined by the program');
      const args = dec(jsonParse(argsJson));
      const r = apply(fn, undefined, args);
      if (r instanceof PromiseC) {
        settled = null;
        apply(promiseThen, r, [(v) => (settled = { ok: true, v }), (e) => (settled = { ok: false, e })]);
        return PENDING;
      }
      return ser(r);
    },
    settle() {
      if (settled === null) throw new ErrorC('the promise returned by the entry function never settled');
      if (!settled.ok) throw settled.e;
      return ser(settled.v);
    },
    ser,
  };
  defineProperty(g, '__dust', { value: harness, writable: false, enumerable: false, configurable: false });
})();
