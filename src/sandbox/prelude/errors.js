// Lazy sandbox module "errors" (see core.js): Node's AssertionError, and the signal that
// process.exit() throws (the host treats it as a normal end of the program).
(function (lib) {
  'use strict';
  const { apply, isArray, objectKeys, defineProperty, getPrototypeOf, hasOwn, toTag, jsonStringify, jsonParse, StringC, ErrorC, MapC, SetC, mapForEach, setForEach, mapSet, setAdd, dateGetTime, dateToISO, isView, isMap, isSet, isDate, pushTo, PromiseC, promiseThen, inspect, format, host, setGlobal, load } = lib;

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
  // Registered with core.js's private set: only objects made here count as an exit.
  class ExitSignal {
    constructor(code) {
      this.code = code;
      lib.markExit(this);
    }
  }
  return { AssertionError, ExitSignal };
})
