// Lazy sandbox module "call", evaluated inside QuickJS on first use (see core.js).
// Serialisation of results to tagged JSON (src/sandbox/equal.ts) and decoding of arguments.
(function (lib) {
  'use strict';
  const { apply, isArray, objectKeys, defineProperty, getPrototypeOf, hasOwn, toTag, jsonStringify, jsonParse, StringC, ErrorC, MapC, SetC, mapForEach, setForEach, mapSet, setAdd, dateGetTime, dateToISO, isView, isMap, isSet, isDate, pushTo, PromiseC, promiseThen, inspect, format, host, setGlobal, load } = lib;

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
      // A plain object whose only key starts with $ would read as a tag: escape it.
      return ks.length === 1 && ks[0][0] === '$' ? { $obj: o } : o;
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
    if (isArray(v)) {
      const o = [];
      for (let i = 0; i < v.length; i++) pushTo(o, dec(v[i]));
      return o;
    }
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
          for (let i = 0; i < x.length; i++) apply(mapSet, m, [dec(x[i][0]), dec(x[i][1])]);
          return m;
        }
        case '$set': {
          const s = new SetC();
          for (let i = 0; i < x.length; i++) apply(setAdd, s, [dec(x[i])]);
          return s;
        }
        case '$obj':
          if (x !== null && typeof x === 'object' && !isArray(x)) return decPlain(x);
      }
    }
    return decPlain(v);
  }
  function decPlain(v) {
    const ks = objectKeys(v);
    const o = {};
    for (let i = 0; i < ks.length; i++) defineProperty(o, ks[i], { value: dec(v[ks[i]]), enumerable: true, writable: true, configurable: true });
    return o;
  }

  return { ser, dec };
})
