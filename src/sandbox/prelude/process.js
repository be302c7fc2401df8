// Lazy sandbox module "process" (see core.js): the parts of Node's process that programs
// touch; stdin comes from the stdin module.
(function (lib) {
  'use strict';
  const { apply, isArray, objectKeys, defineProperty, getPrototypeOf, hasOwn, toTag, jsonStringify, jsonParse, StringC, ErrorC, MapC, SetC, mapForEach, setForEach, mapSet, setAdd, dateGetTime, dateToISO, isView, isMap, isSet, isDate, pushTo, PromiseC, promiseThen, inspect, format, host, setGlobal, load } = lib;

  const { ExitSignal } = load('errors');
  const process = {
    argv: ['node', 'main.js'],
    env: {},
    platform: 'quickjs',
    exitCode: undefined,
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
      return process;
    },
  };
  defineProperty(process, 'stdin', { get: () => load('stdin').stdinObj, enumerable: true, configurable: true });
  return { process };
})
