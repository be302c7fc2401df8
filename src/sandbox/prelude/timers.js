// Lazy sandbox module "timers" (see core.js): setTimeout and friends on a virtual clock.
// The host fires the earliest timer (runNext) whenever the promise job queue is empty, so
// delays cost no real time and an endless setInterval ends at the deadline.
(function (lib) {
  'use strict';
  const { apply, isArray, objectKeys, defineProperty, getPrototypeOf, hasOwn, toTag, jsonStringify, jsonParse, StringC, ErrorC, MapC, SetC, mapForEach, setForEach, mapSet, setAdd, dateGetTime, dateToISO, isView, isMap, isSet, isDate, pushTo, PromiseC, promiseThen, inspect, format, host, setGlobal, load } = lib;

  let seq = 0;
  let now = 0;
  let timers = [];
  const add = (f, ms, args, repeat) => {
    if (typeof f !== 'function') throw new TypeError('The "callback" argument must be of type function');
    const id = ++seq;
    const delay = Math.max(0, Number(ms) || 0);
    pushTo(timers, { id, due: now + delay, delay, f, args, repeat });
    return id;
  };
  const clear = (id) => {
    timers = timers.filter((t) => t.id !== id);
  };
  return {
    setTimeout: (f, ms, ...a) => add(f, ms, a, false),
    setInterval: (f, ms, ...a) => add(f, ms, a, true),
    setImmediate: (f, ...a) => add(f, 0, a, false),
    clearTimeout: clear,
    clearInterval: clear,
    clearImmediate: clear,
    runNext() {
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
  };
})
