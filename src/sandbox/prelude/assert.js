// Lazy sandbox module "assert", evaluated inside QuickJS on first use (see core.js).
// require("assert") / "node:assert" / "assert/strict" and util, with Node's comparison rules.
(function (lib) {
  'use strict';
  const { apply, isArray, objectKeys, defineProperty, getPrototypeOf, hasOwn, toTag, jsonStringify, jsonParse, StringC, ErrorC, MapC, SetC, mapForEach, setForEach, mapSet, setAdd, dateGetTime, dateToISO, isView, isMap, isSet, isDate, pushTo, PromiseC, promiseThen, inspect, format, host, setGlobal, load } = lib;
  const { AssertionError } = load('errors');

  // ---- node:assert -----------------------------------------------------------------------
  // Node's rules: loose mode compares primitives with == (NaN equals NaN) and ignores
  // prototypes; strict mode uses Object.is and requires equal prototypes.
  function nodeDeepEqual(a, b, strict, sa, sb) {
    if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) {
      if ((typeof a === 'object' && a !== null) || (typeof b === 'object' && b !== null)) return false;
      return strict ? lib.objectIs(a, b) : a == b || (a !== a && b !== b);
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
        if (!lib.objectIs(a.valueOf(), b.valueOf())) return false;
      }
      if (isMap(a) || isSet(a)) {
        const ea = [];
        const eb = [];
        apply(isMap(a) ? mapForEach : setForEach, a, [(v, k) => pushTo(ea, [k, v])]);
        apply(isMap(b) ? mapForEach : setForEach, b, [(v, k) => pushTo(eb, [k, v])]);
        if (ea.length !== eb.length) return false;
        const used = [];
        // Index loops, not for-of: the candidate may have replaced Array.prototype's iterator.
        outer: for (let i = 0; i < ea.length; i++) {
          const ka = ea[i][0];
          const va = ea[i][1];
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
      for (let i = 0; i < ka.length; i++) {
        const k = ka[i];
        if (!apply(hasOwn, b, [k]) || !nodeDeepEqual(a[k], b[k], strict, sa, sb)) return false;
      }
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
      const ks = objectKeys(expected);
      for (let i = 0; i < ks.length; i++) {
        const k = ks[i];
        const want = expected[k];
        if (want instanceof RegExp && typeof e[k] === 'string' ? !want.test(e[k]) : !nodeDeepEqual(e[k], want, true)) return false;
      }
      return true;
    }
    return true;
  }
  function makeAssert(strict) {
    const eq = strict ? (a, b) => lib.objectIs(a, b) : (a, b) => a == b || (a !== a && b !== b);
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
      if (!lib.objectIs(a, b)) fail(m, a, b, 'strictEqual', `Expected values to be strictly equal: ${show(a)} !== ${show(b)}`);
    };
    assert.notStrictEqual = (a, b, m) => {
      if (lib.objectIs(a, b)) fail(m, a, b, 'notStrictEqual', `Expected ${show(a)} to be not strictly equal to ${show(b)}`);
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
  const util = { inspect: (v) => inspect(v, 1, []), format: (...a) => format(a), isDeepStrictEqual: (a, b) => nodeDeepEqual(a, b, true) };

  // Frozen: the tests call these, so the candidate may not replace them.
  lib.freeze(assertModule.strict);
  lib.freeze(assertModule);

  return { assert: assertModule, util };
})
