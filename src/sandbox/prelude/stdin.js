// Lazy sandbox module "stdin", evaluated inside QuickJS on first use (see core.js): the
// input of a stdio test as `input`, `readline()`, require('fs').readFileSync(0 | '/dev/stdin'),
// require('readline').createInterface and process.stdin events.
(function (lib) {
  'use strict';
  const { apply, isArray, objectKeys, defineProperty, getPrototypeOf, hasOwn, toTag, jsonStringify, jsonParse, StringC, ErrorC, MapC, SetC, mapForEach, setForEach, mapSet, setAdd, dateGetTime, dateToISO, isView, isMap, isSet, isDate, pushTo, PromiseC, promiseThen, inspect, format, host, setGlobal, load } = lib;

  // ---- stdin -----------------------------------------------------------------------------
  let stdin = '';
  let stdinLines = [''];
  let stdinPos = 0;
  let unread = false;
  const readlineInterfaces = [];

  function readline() {
    if (stdinPos >= stdinLines.length) return null;
    return stdinLines[stdinPos++];
  }

  function readFileSync(file, opts) {
    if (file === 0 || file === '/dev/stdin' || file === "/dev/fd/0") return stdin;
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
    // The 'readable' pattern: read() hands out the whole input once, then null.
    read() {
      if (unread) {
        unread = false;
        return stdin;
      }
      return null;
    },
  });

  return {
    fs,
    readline: readlineModule,
    stdinObj,
    set(text) {
      stdin = StringC(text);
      stdinLines = stdin.split('\n');
      if (stdinLines.length > 1 && stdinLines[stdinLines.length - 1] === '') stdinLines.length--;
      stdinPos = 0;
      setGlobal('input', stdin);
      setGlobal('readline', readline);
    },
    // The candidate's top level and job queue are done: stdin reaches its end, as it would
    // for a program reading a pipe.
    end() {
      unread = stdin.length > 0;
      stdinObj.emit('readable');
      if (unread && stdin.length > 0) stdinObj.emit('data', stdin);
      unread = false;
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
  };
})
