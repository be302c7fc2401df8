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
  // Exit signals are recognised by identity, never by a property a plain object could carry.
  const exits = new WeakSet();
  const weakAdd = WeakSet.prototype.add;
  const weakHas = WeakSet.prototype.has;
  const freeze = Object.freeze;
  // Built-ins captured before the candidate runs, so that a candidate replacing them cannot
  // change how its results are read back. Lazy modules receive them as `lib`. Every table here
  // has a null prototype, so a getter the candidate puts on Object.prototype is never consulted.
  const lib = {
    __proto__: null,
    objectIs: Object.is,
    freeze,
    markExit: (e) => apply(weakAdd, exits, [e]),
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
    // defineProperty, not assignment: a setter on Array.prototype[i] must not see the value.
    pushTo: (arr, v) => defineProperty(arr, arr.length, { value: v, writable: true, enumerable: true, configurable: true }),
    // Slice inside the sandbox so that a huge string is never copied out whole.
    host: (kind, text) => rawHost(kind, text.length > 1048576 ? text.slice(0, 1048576) : text),
    setGlobal: (name, value) => defineProperty(g, name, { value, writable: true, configurable: true, enumerable: false }),
    load: (name) => {
      if (apply(hasOwn, loaded, [name])) return loaded[name];
      const m = indirectEval(rawHost('module', name))(lib);
      defineProperty(loaded, name, { value: m, writable: false, configurable: false, enumerable: true });
      return m;
    },
  };
  const loaded = { __proto__: null };
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
  // The console the program and the tests see: frozen, each method loading the real one (the
  // console module) on first use, so that it can be bound below without parsing that module.
  const consoleObj = {};
  for (const k of ['log', 'info', 'debug', 'trace', 'error', 'warn', 'dir', 'table', 'group', 'groupEnd', 'time', 'timeEnd', 'count', 'assert']) {
    defineProperty(consoleObj, k, { value: (...a) => apply(load('console').console[k], undefined, a), enumerable: true });
  }
  freeze(consoleObj);
  lib.setGlobal('console', consoleObj);
  lazyGlobal('print', () => load('console').console.log);
  lazyGlobal('process', () => load('process').process);
  for (const t of ['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate']) lazyGlobal(t, () => load('timers')[t]);
  const moduleObj = { exports: {} };
  lib.setGlobal('module', moduleObj);
  lib.setGlobal('exports', moduleObj.exports);

  const modules = {
    __proto__: null,
    lodash: () => load('lodash'),
    'lodash.isequal': () => load('lodash').isEqual,
    assert: () => load('assert').assert,
    'assert/strict': () => load('assert').assert.strict,
    util: () => load('assert').util,
    fs: () => load('stdin').fs,
    readline: () => load('stdin').readline,
  };
  const requireFn = function require(name) {
    const key = String(name).replace(/^node:/, '');
    if (apply(hasOwn, modules, [key])) return modules[key]();
    const e = new Error(`Cannot find module '${name}': the sandbox provides only lodash (isEqual), assert, fs (stdin), readline and util`);
    e.code = 'MODULE_NOT_FOUND';
    throw e;
  };
  lib.setGlobal('require', requireFn);
  // Namespaces and constructors whose statics tests compare with (JSON.stringify, Math.abs,
  // Object.is, Array.isArray, ...): frozen, so the candidate cannot change them in place.
  // Programs may still add methods to their prototypes (see below for what is locked).
  // The globals the tests rely on are also bound as global *lexical* constants, which scripts
  // resolve before the global object and which nothing can rebind (QuickJS lets defineProperty
  // replace even a non-configurable global, so locking the property would not do). session.ts
  // declares them from __dust_bindings right after this script (a one-shot accessor, gone
  // before the candidate runs). The global properties stay as they are: a program may write
  // them, which changes nothing that scripts see.
  const bindings = { __proto__: null, require: requireFn, console: consoleObj };
  for (const k of ['JSON', 'Math', 'Reflect', 'Object', 'Array', 'Number', 'String', 'Boolean']) {
    freeze(g[k]);
    bindings[k] = g[k];
  }
  // The iteration protocol and the Map/Set adders, which test code uses without naming them
  // (for-of, spread, destructuring, new Map([[k, v]])): made read-only so that a candidate cannot
  // make the tests' own loops or expected values empty. Programs never need to replace these.
  const lockProps = (o, keys) => {
    for (let i = 0; i < keys.length; i++) defineProperty(o, keys[i], { writable: false, configurable: false });
  };
  const iterOf = (v) => Object.getPrototypeOf(v[Symbol.iterator]());
  lockProps(Array.prototype, [Symbol.iterator, 'values', 'entries', 'keys']);
  lockProps(String.prototype, [Symbol.iterator]);
  lockProps(Map.prototype, [Symbol.iterator, 'set', 'entries']);
  lockProps(Set.prototype, [Symbol.iterator, 'add', 'values']);
  lockProps(Object.getPrototypeOf(Uint8Array.prototype), [Symbol.iterator]);
  for (const it of [iterOf([]), iterOf(''), iterOf(new Map()), iterOf(new Set())]) lockProps(it, ['next']);
  lockProps(Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())), [Symbol.iterator]);
  // The built-in methods of arrays, strings and numbers, which tests call on their own values
  // (xs.every(...), s.padStart(...), n.toFixed(...)), are read-only too; new methods may still
  // be added. 'constructor' stays writable (ES5-style subclassing assigns it). toJSON is pinned
  // to undefined on the prototypes of JSON's values, so that JSON.stringify(got) ===
  // JSON.stringify(want) cannot be made true by a toJSON both sides inherit; a program's own
  // objects and classes still define toJSON (only plain assignment `o.toJSON = f` is refused).
  const ownKeys = Reflect.ownKeys;
  for (const P of [Array.prototype, String.prototype, Number.prototype]) {
    const keys = ownKeys(P);
    for (let i = 0; i < keys.length; i++) {
      const d = Object.getOwnPropertyDescriptor(P, keys[i]);
      if (keys[i] !== 'constructor' && typeof d.value === 'function' && d.configurable) lockProps(P, [keys[i]]);
    }
  }
  for (const P of [Object.prototype, Array.prototype, String.prototype, Number.prototype, Boolean.prototype]) {
    defineProperty(P, 'toJSON', { value: undefined, writable: false, configurable: false, enumerable: false });
  }
  defineProperty(g, '__dust_bindings', {
    get() {
      delete g.__dust_bindings;
      return bindings;
    },
    configurable: true,
  });

  const PENDING = '{"$pending":true}';
  let settled = null;
  const harness = {
    // 'exit:' + the code of a real process.exit() signal; '' for anything else.
    exitCode: (e) => (e !== null && (typeof e === 'object' || typeof e === 'function') && apply(weakHas, exits, [e]) ? 'exit:' + lib.StringC(e.code) : ''),
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
