// Lazy sandbox module "lodash", evaluated inside QuickJS on first use (see core.js).
// require("lodash"): only isEqual, which MBXP tests use.
(function (lib) {
  'use strict';
  const { apply, isArray, objectKeys, defineProperty, getPrototypeOf, hasOwn, toTag, jsonStringify, jsonParse, StringC, ErrorC, MapC, SetC, mapForEach, setForEach, mapSet, setAdd, dateGetTime, dateToISO, isView, isMap, isSet, isDate, pushTo, PromiseC, promiseThen, inspect, format, host, setGlobal, load } = lib;

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
          // Index loops, not for-of or destructuring: the candidate may have replaced
          // Array.prototype's iterator.
          outer: for (let i = 0; i < ea.length; i++) {
            const ka = ea[i][0];
            const va = ea[i][1];
            for (let j = 0; j < eb.length; j++) {
              if (used[j]) continue;
              const kb = eb[j][0];
              const vb = eb[j][1];
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
      for (let i = 0; i < ka.length; i++) if (!apply(hasOwn, b, [ka[i]]) || !isEqual(a[ka[i]], b[ka[i]], sa, sb)) return false;
      const ca = a.constructor;
      const cb = b.constructor;
      if (ca !== cb && 'constructor' in a && 'constructor' in b && !(typeof ca === 'function' && ca instanceof ca && typeof cb === 'function' && cb instanceof cb)) return false;
      return true;
    } finally {
      sa.length--;
      sb.length--;
    }
  }
  return { isEqual: (a, b) => isEqual(a, b) };
})
