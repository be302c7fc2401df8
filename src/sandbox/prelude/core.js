// Evaluated inside every fresh QuickJS context before the candidate program. It gives the
// candidate the little of Node that test programs use (console, process, timers, require of
// lodash.isEqual / assert / fs-for-stdin / readline / util) as pure JS on QuickJS's own
// intrinsics: no host object is reachable. The single host function `__dust_host(kind, text)`
// (kinds out, err, assert; and module, which returns a lazy module's source) is captured here
// and removed from the global object. QuickJS in wasm parses ~4 µs per character, so this
// core stays small: every global below is a lazy accessor, and the module behind it is parsed
// only when a program first touches it. The script's value is the harness object, which only the
// host holds.
(function () {
  'use strict';
  const g = globalThis;
  const rawHost = g.__dust_host;
  delete g.__dust_host;
  const indirectEval = eval;
  const apply = Reflect.apply;
  const defineProperty = Object.defineProperty;
  const hasOwn = Object.prototype.hasOwnProperty;
  const desc = (o, k) => Object.getOwnPropertyDescriptor(o, k).get;
  const tryCall = (f, self) => {
    try {
      apply(f, self, []);
      return true;
    } catch {
      return false;
    }
  };
  const mapSize = desc(Map.prototype, 'size');
  const setSize = desc(Set.prototype, 'size');
  const dateGetTime = Date.prototype.getTime;
  // Built-ins captured before the candidate runs, so that a candidate replacing them cannot
  // change how its results are read back. Lazy modules receive them as `lib`.
  const lib = {
    apply,
    defineProperty,
    hasOwn,
    dateGetTime,
    isArray: Array.isArray,
    objectKeys: Object.keys,
    getPrototypeOf: Object.getPrototypeOf,
    toTag: Object.prototype.toString,
    jsonStringify: JSON.stringify,
    jsonParse: JSON.parse,
    StringC: String,
    ErrorC: Error,
    MapC: Map,
    SetC: Set,
    PromiseC: Promise,
    mapForEach: Map.prototype.forEach,
    setForEach: Set.prototype.forEach,
    mapSet: Map.prototype.set,
    setAdd: Set.prototype.add,
    dateToISO: Date.prototype.toISOString,
    promiseThen: Promise.prototype.then,
    isView: ArrayBuffer.isView,
    isMap: (v) => tryCall(mapSize, v),
    isSet: (v) => tryCall(setSize, v),
    isDate: (v) => tryCall(dateGetTime, v),
    pushTo: (arr, v) => {
      arr[arr.length] = v;
    },
    // Slice inside the sandbox so that a huge string is never copied out whole.
    host: (kind, text) => rawHost(kind, text.length > 1048576 ? text.slice(0, 1048576) : text),
    setGlobal: (name, value) => defineProperty(g, name, { value, writable: true, configurable: true, enumerable: false }),
    load: (name) => {
      if (!apply(hasOwn, loaded, [name])) loaded[name] = indirectEval(rawHost('module', name))(lib);
      return loaded[name];
    },
  };
  const loaded = {};
  const load = lib.load;
  lib.inspect = (v, depth, seen) => load('format').inspect(v, depth, seen);
  lib.format = (args) => load('format').format(args);

  // A global that materialises on first read; writing or redeclaring it simply replaces it.
  const lazyGlobal = (name, get) =>
    defineProperty(g, name, {
      get() {
        const v = get();
        lib.setGlobal(name, v);
        return v;
      },
      set(v) {
        lib.setGlobal(name, v);
      },
      configurable: true,
      enumerable: false,
    });
  lazyGlobal('console', () => load('console').console);
  lazyGlobal('print', () => load('console').console.log);
  lazyGlobal('process', () => load('process').process);
  for (const t of ['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate']) lazyGlobal(t, () => load('timers')[t]);
  const moduleObj = { exports: {} };
  lib.setGlobal('module', moduleObj);
  lib.setGlobal('exports', moduleObj.exports);

  const modules = {
    lodash: () => load('lodash'),
    'lodash.isequal': () => load('lodash').isEqual,
    assert: () => load('assert').assert,
    'assert/strict': () => load('assert').assert.strict,
    util: () => load('assert').util,
    fs: () => load('stdin').fs,
    readline: () => load('stdin').readline,
  };
  lib.setGlobal('require', function require(name) {
    const key = String(name).replace(/^node:/, '');
    if (apply(hasOwn, modules, [key])) return modules[key]();
    const e = new Error(`Cannot find module '${name}': the sandbox provides only lodash (isEqual), assert, fs (stdin), readline and util`);
    e.code = 'MODULE_NOT_FOUND';
    throw e;
  });

  const PENDING = '{"$pending":true}';
  let settled = null;
  const harness = {
    setStdin: (text) => load('stdin').set(text),
    endStdin: () => load('stdin').end(),
    // Fires the earliest virtual timer; false when there is none.
    runTimer: () => (apply(hasOwn, loaded, ['timers']) && loaded.timers.runNext() ? '1' : ''),
    callCase(fn, argsJson) {
      if (typeof fn !== 'function') throw new Error('the entry function is not defined by the program');
      const call = load('call');
      const r = apply(fn, undefined, call.dec(lib.jsonParse(argsJson)));
      if (r instanceof lib.PromiseC) {
        settled = null;
        apply(lib.promiseThen, r, [(v) => (settled = { ok: true, v }), (e) => (settled = { ok: false, e })]);
        return PENDING;
      }
      return call.ser(r);
    },
    settle() {
      if (settled === null) throw new Error('the promise returned by the entry function never settled');
      if (!settled.ok) throw settled.e;
      return load('call').ser(settled.v);
    },
  };
  // The host keeps a handle to this object (the script's value); nothing global points to it.
  return Object.freeze(harness);
})();
