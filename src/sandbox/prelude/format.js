// Lazy sandbox module "format", evaluated inside QuickJS on first use (see core.js): Node-like
// rendering of values for console.log (util.inspect's look, util.format's % directives).
(function (lib) {
  'use strict';
  const { apply, isArray, objectKeys, defineProperty, getPrototypeOf, hasOwn, toTag, jsonStringify, jsonParse, StringC, ErrorC, MapC, SetC, mapForEach, setForEach, mapSet, setAdd, dateGetTime, dateToISO, isView, isMap, isSet, isDate, pushTo, PromiseC, promiseThen, host, setGlobal, load } = lib;

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


  return { inspect, format };
})
