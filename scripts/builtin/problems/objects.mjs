// Objects and maps: grouping, counting, inverting, merging. Expected values written by hand.
export default [
  {
    id: 'group-by-length',
    title: 'Group words by length',
    difficulty: 'easy',
    statement: `Write a function groupByLength(words) that returns a plain object whose keys are word lengths (as strings, the way object keys are) and whose values are arrays of the words of that length, in input order. An empty array gives {}.`,
    ref: `function groupByLength(words) {
  const out = {};
  for (const w of words) {
    if (!out[w.length]) out[w.length] = [];
    out[w.length].push(w);
  }
  return out;
}`,
    buggy: [
      `function groupByLength(words) {
  const out = {};
  for (const w of words) out[w.length] = [w];
  return out;
}`,
      `function groupByLength(words) {
  const out = {};
  for (const w of words) {
    if (!out[w.length]) out[w.length] = [];
    out[w.length].unshift(w);
  }
  return out;
}`,
    ],
    cases: [
      [[['a', 'bb', 'cc', 'd']], { 1: ['a', 'd'], 2: ['bb', 'cc'] }],
      [[[]], {}],
      [[['']], { 0: [''] }],
      [[['hello']], { 5: ['hello'] }],
      [[['one', 'two', 'three', 'four']], { 3: ['one', 'two'], 5: ['three'], 4: ['four'] }],
      [[['x', 'x']], { 1: ['x', 'x'] }],
    ],
  },
  {
    id: 'invert-object',
    title: 'Invert an object',
    difficulty: 'easy',
    statement: `Write a function invert(obj) that returns a new plain object whose keys are the values of obj (converted to strings) and whose values are the corresponding keys. When several keys share a value, the key that comes last in obj's key order wins. Do not modify obj.`,
    ref: `function invert(obj) {
  const out = {};
  for (const k of Object.keys(obj)) out[obj[k]] = k;
  return out;
}`,
    buggy: [
      `function invert(obj) {
  const out = {};
  for (const k of Object.keys(obj)) if (!(obj[k] in out)) out[obj[k]] = k;
  return out;
}`,
      `function invert(obj) {
  for (const k of Object.keys(obj)) {
    obj[obj[k]] = k;
    delete obj[k];
  }
  return obj;
}`,
    ],
    cases: [
      [[{ a: 'x', b: 'y' }], { x: 'a', y: 'b' }],
      [[{}], {}],
      [[{ a: 1, b: 2 }], { 1: 'a', 2: 'b' }],
      [[{ a: 'z', b: 'z' }], { z: 'b' }],
      [[{ one: 'two', two: 'one' }], { two: 'one', one: 'two' }],
      [[{ k: 'k' }], { k: 'k' }],
    ],
  },
  {
    id: 'merge-counts',
    title: 'Merge two tallies',
    difficulty: 'easy',
    eval: true,
    statement: `Write a function mergeCounts(a, b) that takes two plain objects mapping names to numbers and returns a new object with every key of either object, whose value is the sum of the values in a and b (a missing key counts as 0). Do not modify a or b.`,
    ref: `function mergeCounts(a, b) {
  const out = { ...a };
  for (const k of Object.keys(b)) out[k] = (out[k] || 0) + b[k];
  return out;
}`,
    buggy: [
      `function mergeCounts(a, b) {
  return { ...a, ...b };
}`,
      `function mergeCounts(a, b) {
  const out = {};
  for (const k of Object.keys(a)) out[k] = a[k] + (b[k] || 0);
  return out;
}`,
    ],
    cases: [
      [[{ x: 1, y: 2 }, { y: 3, z: 4 }], { x: 1, y: 5, z: 4 }],
      [[{}, {}], {}],
      [[{ a: 1 }, {}], { a: 1 }],
      [[{}, { b: 2 }], { b: 2 }],
      [[{ a: -1 }, { a: 1 }], { a: 0 }],
      [[{ p: 0.5 }, { p: 0.25 }], { p: 0.75 }],
    ],
  },
  {
    id: 'pick-keys',
    title: 'Pick selected keys',
    difficulty: 'easy',
    statement: `Write a function pick(obj, keys) that returns a new object holding only the properties of obj whose names appear in the array keys. Names in keys that obj does not have are skipped (they must not appear in the result, not even as undefined). A property whose value is null is kept.`,
    ref: `function pick(obj, keys) {
  const out = {};
  for (const k of keys) if (Object.prototype.hasOwnProperty.call(obj, k)) out[k] = obj[k];
  return out;
}`,
    buggy: [
      `function pick(obj, keys) {
  const out = {};
  for (const k of keys) if (obj[k]) out[k] = obj[k];
  return out;
}`,
      `function pick(obj, keys) {
  const out = {};
  for (const k of keys) out[k] = obj[k] === undefined ? null : obj[k];
  return out;
}`,
    ],
    cases: [
      [[{ a: 1, b: 2, c: 3 }, ['a', 'c']], { a: 1, c: 3 }],
      [[{ a: 1 }, []], {}],
      [[{ a: 1 }, ['z']], {}],
      [[{ a: 0, b: null }, ['a', 'b']], { a: 0, b: null }],
      [[{}, ['a']], {}],
      [[{ x: '', y: false }, ['x', 'y', 'x']], { x: '', y: false }],
    ],
  },
  {
    id: 'word-frequency-top',
    title: 'Most common words',
    difficulty: 'medium',
    tags: ['sorting', 'strings'],
    statement: `Write a function topWords(text, k) that returns the k most frequent words of text. Words are maximal runs of ASCII letters, compared case-insensitively and returned in lower case. Order by count descending; ties are broken alphabetically. If there are fewer than k distinct words, return all of them.`,
    ref: `function topWords(text, k) {
  const count = new Map();
  for (const w of text.toLowerCase().match(/[a-z]+/g) || []) count.set(w, (count.get(w) || 0) + 1);
  return [...count.keys()]
    .sort((a, b) => count.get(b) - count.get(a) || (a < b ? -1 : 1))
    .slice(0, k);
}`,
    buggy: [
      `function topWords(text, k) {
  const count = new Map();
  for (const w of text.toLowerCase().match(/[a-z]+/g) || []) count.set(w, (count.get(w) || 0) + 1);
  return [...count.keys()].sort((a, b) => count.get(b) - count.get(a)).slice(0, k);
}`,
      `function topWords(text, k) {
  const count = new Map();
  for (const w of text.match(/[a-zA-Z]+/g) || []) count.set(w, (count.get(w) || 0) + 1);
  return [...count.keys()]
    .sort((a, b) => count.get(b) - count.get(a) || (a < b ? -1 : 1))
    .slice(0, k);
}`,
    ],
    cases: [
      [['the cat and the hat', 1], ['the']],
      [['b a c a b', 2], ['a', 'b']],
      [['', 3], []],
      [['Go go GO stop', 2], ['go', 'stop']],
      [['one', 5], ['one']],
      [["it's a dog's life", 3], ['s', 'a', 'dog']],
      [['z y x', 3], ['x', 'y', 'z']],
    ],
  },
  {
    id: 'index-by-id',
    title: 'Index records by id',
    difficulty: 'easy',
    statement: `Write a function indexById(records) that takes an array of objects each having an "id" property (a string or number) and returns a plain object mapping each id to its record. If an id repeats, the first record with that id is kept.`,
    ref: `function indexById(records) {
  const out = {};
  for (const r of records) if (!(r.id in out)) out[r.id] = r;
  return out;
}`,
    buggy: [
      `function indexById(records) {
  const out = {};
  for (const r of records) out[r.id] = r;
  return out;
}`,
      `function indexById(records) {
  const out = {};
  for (const r of records) if (!out[r.id]) out[r.id] = r.id;
  return out;
}`,
    ],
    cases: [
      [[[{ id: 1, n: 'a' }, { id: 2, n: 'b' }]], { 1: { id: 1, n: 'a' }, 2: { id: 2, n: 'b' } }],
      [[[]], {}],
      [[[{ id: 'x', v: 1 }, { id: 'x', v: 2 }]], { x: { id: 'x', v: 1 } }],
      [[[{ id: 0 }]], { 0: { id: 0 } }],
      [[[{ id: 'a' }, { id: 'b' }, { id: 'a', z: true }]], { a: { id: 'a' }, b: { id: 'b' } }],
      [[[{ id: 5, tags: [] }]], { 5: { id: 5, tags: [] } }],
    ],
  },
  {
    id: 'deep-get-path',
    title: 'Read a nested property by path',
    difficulty: 'medium',
    tags: ['parsing'],
    statement: `Write a function getPath(obj, path) that follows a dot-separated path of property names through nested objects and arrays ("a.b.0.c" reads obj.a.b[0].c) and returns the value found. If any step meets null, undefined or a non-object, or the property does not exist, return the fallback string "missing". An empty path returns obj itself. Stored values such as 0, false, "" or null are returned as they are.`,
    ref: `function getPath(obj, path) {
  if (path === '') return obj;
  let cur = obj;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || !(key in cur)) return 'missing';
    cur = cur[key];
  }
  return cur;
}`,
    buggy: [
      `function getPath(obj, path) {
  if (path === '') return obj;
  let cur = obj;
  for (const key of path.split('.')) {
    cur = cur[key];
    if (!cur) return 'missing';
  }
  return cur;
}`,
      `function getPath(obj, path) {
  let cur = obj;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || !(key in cur)) return 'missing';
    cur = cur[key];
  }
  return cur;
}`,
    ],
    cases: [
      [[{ a: { b: [{ c: 42 }] } }, 'a.b.0.c'], 42],
      [[{ a: 1 }, 'a.b'], 'missing'],
      [[{ a: { b: 0 } }, 'a.b'], 0],
      [[{ a: null }, 'a'], null],
      [[{ a: null }, 'a.b'], 'missing'],
      [[{ x: 1 }, ''], { x: 1 }],
      [[{ a: { b: false } }, 'a.b'], false],
      [[{}, 'nope'], 'missing'],
    ],
  },
  {
    id: 'count-by-key',
    title: 'Count records by a field',
    difficulty: 'easy',
    statement: `Write a function countBy(records, field) that returns a Map from each distinct value of records[i][field] to the number of records having that value, with keys in order of first appearance. Records without the field count under the key undefined. An empty array gives an empty Map.`,
    ref: `function countBy(records, field) {
  const out = new Map();
  for (const r of records) out.set(r[field], (out.get(r[field]) || 0) + 1);
  return out;
}`,
    buggy: [
      `function countBy(records, field) {
  const out = new Map();
  for (const r of records) if (field in r) out.set(r[field], (out.get(r[field]) || 0) + 1);
  return out;
}`,
      `function countBy(records, field) {
  const out = new Map();
  for (const r of records) out.set(String(r[field]), (out.get(String(r[field])) || 0) + 1);
  return out;
}`,
    ],
    cases: [
      [[[{ c: 'red' }, { c: 'blue' }, { c: 'red' }], 'c'], new Map([['red', 2], ['blue', 1]])],
      [[[], 'c'], new Map()],
      [[[{ n: 1 }, { n: '1' }], 'n'], new Map([[1, 1], ['1', 1]])],
      [[[{ a: 1 }, { b: 2 }], 'a'], new Map([[1, 1], [undefined, 1]])],
      [[[{ k: true }, { k: true }], 'k'], new Map([[true, 2]])],
      [[[{ k: null }], 'k'], new Map([[null, 1]])],
    ],
  },
  {
    id: 'object-diff',
    title: 'Keys that changed',
    difficulty: 'medium',
    eval: true,
    statement: `Write a function changedKeys(before, after) that compares two flat plain objects whose values are primitives and returns a sorted array (by default string order) of the keys that were added, removed, or whose value changed (compared with ===, except that NaN equals NaN).`,
    ref: `function changedKeys(before, after) {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const out = [];
  for (const k of keys) {
    const inB = k in before;
    const inA = k in after;
    if (inB !== inA || !Object.is(before[k], after[k]) && before[k] !== after[k]) out.push(k);
  }
  return out.sort();
}`,
    buggy: [
      `function changedKeys(before, after) {
  const out = [];
  for (const k of Object.keys(after)) if (before[k] !== after[k]) out.push(k);
  return out.sort();
}`,
      `function changedKeys(before, after) {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const out = [];
  for (const k of keys) if (before[k] !== after[k]) out.push(k);
  return out.sort();
}`,
    ],
    cases: [
      [[{ a: 1, b: 2 }, { a: 1, b: 3 }], ['b']],
      [[{}, {}], []],
      [[{ a: 1 }, {}], ['a']],
      [[{}, { z: 0 }], ['z']],
      [[{ n: NaN }, { n: NaN }], []],
      [[{ u: undefined }, {}], ['u']],
      [[{ b: 1, a: 1 }, { b: 2, a: 2 }], ['a', 'b']],
    ],
  },
  {
    id: 'nested-sum-values',
    title: 'Sum numbers in a nested object',
    difficulty: 'medium',
    tags: ['recursion'],
    statement: `Write a function sumNested(value) that returns the sum of every number found anywhere inside value, which may be a number, a string, a boolean, null, an array or a plain object nested to any depth. Strings (even numeric ones) and booleans are ignored. A lone number returns itself.`,
    ref: `function sumNested(value) {
  if (typeof value === 'number') return value;
  if (value === null || typeof value !== 'object') return 0;
  let s = 0;
  for (const v of Object.values(value)) s += sumNested(v);
  return s;
}`,
    buggy: [
      `function sumNested(value) {
  if (typeof value === 'number') return value;
  if (Array.isArray(value)) return value.reduce((s, v) => s + sumNested(v), 0);
  return 0;
}`,
      `function sumNested(value) {
  if (value === null || typeof value !== 'object') return Number(value) || 0;
  let s = 0;
  for (const v of Object.values(value)) s += sumNested(v);
  return s;
}`,
    ],
    cases: [
      [[{ a: 1, b: { c: 2, d: [3, 4] } }], 10],
      [[5], 5],
      [[null], 0],
      [[[]], 0],
      [[{ s: '7', t: true }], 0],
      [[[1, [2, [3, { x: -6 }]]]], 0],
      [[{ a: [0.5, 0.25] }], 0.75],
    ],
  },
  {
    id: 'flatten-object-keys',
    title: 'Flatten nested object keys',
    difficulty: 'hard',
    tags: ['recursion'],
    statement: `Write a function flattenKeys(obj) that turns a nested plain object into a flat one whose keys are dot-joined paths: {a: {b: 1}} becomes {"a.b": 1}. Only plain objects are descended into; arrays, null and primitives are leaf values copied as they are. An empty nested object is dropped (it has no leaves). Keys appear in depth-first order.`,
    ref: `function flattenKeys(obj) {
  const out = {};
  const walk = (o, prefix) => {
    for (const [k, v] of Object.entries(o)) {
      const key = prefix ? prefix + '.' + k : k;
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) walk(v, key);
      else out[key] = v;
    }
  };
  walk(obj, '');
  return out;
}`,
    buggy: [
      `function flattenKeys(obj) {
  const out = {};
  const walk = (o, prefix) => {
    for (const [k, v] of Object.entries(o)) {
      const key = prefix ? prefix + '.' + k : k;
      if (typeof v === 'object') walk(v, key);
      else out[key] = v;
    }
  };
  walk(obj, '');
  return out;
}`,
      `function flattenKeys(obj) {
  const out = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k2, v2] of Object.entries(v)) out[k + '.' + k2] = v2;
    } else out[k] = v;
  }
  return out;
}`,
    ],
    cases: [
      [[{ a: { b: 1, c: { d: 2 } }, e: 3 }], { 'a.b': 1, 'a.c.d': 2, e: 3 }],
      [[{}], {}],
      [[{ a: [1, 2] }], { a: [1, 2] }],
      [[{ a: null }], { a: null }],
      [[{ a: {} , b: 1 }], { b: 1 }],
      [[{ x: { y: { z: { w: 'deep' } } } }], { 'x.y.z.w': 'deep' }],
    ],
  },
  {
    id: 'inventory-update',
    title: 'Apply inventory changes',
    difficulty: 'medium',
    statement: `Write a function applyChanges(stock, changes) where stock is a plain object mapping item names to quantities and changes is an array of [item, delta] pairs applied in order. Return a new stock object: a missing item starts at 0; an item whose quantity drops to 0 or below is removed (it may be added again by a later change). Do not modify stock.`,
    ref: `function applyChanges(stock, changes) {
  const out = { ...stock };
  for (const [item, delta] of changes) {
    const q = (out[item] || 0) + delta;
    if (q <= 0) delete out[item];
    else out[item] = q;
  }
  return out;
}`,
    buggy: [
      `function applyChanges(stock, changes) {
  const out = { ...stock };
  for (const [item, delta] of changes) {
    const q = (out[item] || 0) + delta;
    if (q < 0) delete out[item];
    else out[item] = q;
  }
  return out;
}`,
      `function applyChanges(stock, changes) {
  const out = { ...stock };
  for (const [item, delta] of changes) out[item] = (out[item] || 0) + delta;
  for (const k of Object.keys(out)) if (out[k] <= 0) delete out[k];
  return out;
}`,
    ],
    cases: [
      [[{ apple: 3 }, [['apple', 2], ['pear', 1]]], { apple: 5, pear: 1 }],
      [[{}, []], {}],
      [[{ a: 2 }, [['a', -2]]], {}],
      [[{ a: 2 }, [['a', -5], ['a', 1]]], { a: 1 }],
      [[{ a: 1 }, [['b', -1]]], { a: 1 }],
      [[{ x: 5 }, [['x', -3], ['x', -1]]], { x: 1 }],
    ],
  },
  {
    id: 'translate-words',
    title: 'Translate with a dictionary',
    eval: true,
    difficulty: 'easy',
    statement: `Write a function translate(words, dict) that maps each word of the array words through the plain object dict: a word that is an own key of dict becomes dict[word], any other word stays unchanged. Keys are case-sensitive. Inherited properties such as "toString" are not keys of dict.`,
    ref: `function translate(words, dict) {
  return words.map((w) => (Object.prototype.hasOwnProperty.call(dict, w) ? dict[w] : w));
}`,
    buggy: [
      `function translate(words, dict) {
  return words.map((w) => dict[w] || w);
}`,
      `function translate(words, dict) {
  return words.map((w) => (w in dict ? dict[w] : w));
}`,
    ],
    cases: [
      [[['hello', 'world'], { hello: 'hola' }], ['hola', 'world']],
      [[[], { a: 'b' }], []],
      [[['Hello'], { hello: 'hola' }], ['Hello']],
      [[['toString', 'x'], {}], ['toString', 'x']],
      [[['zero'], { zero: '' }], ['']],
      [[['a', 'a'], { a: 'b', b: 'c' }], ['b', 'b']],
    ],
  },
  {
    id: 'mutual-pairs',
    title: 'Pairs that appear in both directions',
    difficulty: 'hard',
    tags: ['sets'],
    statement: `Each element of edges is a pair [from, to] of strings. Write a function mutualPairs(edges) that returns every unordered pair {a, b} (with a !== b) for which both [a, b] and [b, a] appear in edges. Return each such pair once, as [smaller, larger] in string order, and sort the result by the first then the second element.`,
    ref: `function mutualPairs(edges) {
  const set = new Set(edges.map(([a, b]) => a + '\\u0000' + b));
  const out = [];
  const done = new Set();
  for (const [a, b] of edges) {
    if (a === b) continue;
    const [x, y] = a < b ? [a, b] : [b, a];
    const key = x + '\\u0000' + y;
    if (!done.has(key) && set.has(b + '\\u0000' + a)) {
      done.add(key);
      out.push([x, y]);
    }
  }
  return out.sort((p, q) => (p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : p[1] < q[1] ? -1 : p[1] > q[1] ? 1 : 0));
}`,
    buggy: [
      `function mutualPairs(edges) {
  const set = new Set(edges.map(([a, b]) => a + '>' + b));
  const out = [];
  for (const [a, b] of edges) if (set.has(b + '>' + a)) out.push(a < b ? [a, b] : [b, a]);
  return out.sort();
}`,
      `function mutualPairs(edges) {
  const set = new Set(edges.map(([a, b]) => a + '>' + b));
  const out = [];
  for (const [a, b] of edges) if (a < b && set.has(b + '>' + a)) out.push([a, b]);
  return out;
}`,
    ],
    cases: [
      [[[['a', 'b'], ['b', 'a'], ['a', 'c']]], [['a', 'b']]],
      [[[]], []],
      [[[['x', 'x']]], []],
      [[[['d', 'c'], ['c', 'd'], ['b', 'a'], ['a', 'b']]], [['a', 'b'], ['c', 'd']]],
      [[[['a', 'b'], ['a', 'b']]], []],
      [[[['p', 'q'], ['q', 'p'], ['q', 'p']]], [['p', 'q']]],
    ],
  },
  {
    id: 'schedule-conflicts',
    title: 'People booked twice',
    difficulty: 'medium',
    tags: ['maps'],
    statement: `Each booking is an object {name, slot} with string fields. Write a function doubleBooked(bookings) that returns the names that appear in two or more bookings with the same slot, each name once, sorted alphabetically. The same name in different slots is fine.`,
    ref: `function doubleBooked(bookings) {
  const seen = new Set();
  const out = new Set();
  for (const { name, slot } of bookings) {
    const key = name + '@' + slot;
    if (seen.has(key)) out.add(name);
    seen.add(key);
  }
  return [...out].sort();
}`,
    buggy: [
      `function doubleBooked(bookings) {
  const seen = new Set();
  const out = [];
  for (const { name, slot } of bookings) {
    const key = name + '@' + slot;
    if (seen.has(key)) out.push(name);
    seen.add(key);
  }
  return out.sort();
}`,
      `function doubleBooked(bookings) {
  const seen = new Set();
  const out = new Set();
  for (const { name } of bookings) {
    if (seen.has(name)) out.add(name);
    seen.add(name);
  }
  return [...out].sort();
}`,
    ],
    cases: [
      [[[{ name: 'ann', slot: '9' }, { name: 'bob', slot: '9' }, { name: 'ann', slot: '9' }]], ['ann']],
      [[[]], []],
      [[[{ name: 'ann', slot: '9' }, { name: 'ann', slot: '10' }]], []],
      [[[{ name: 'z', slot: 'a' }, { name: 'z', slot: 'a' }, { name: 'z', slot: 'a' }]], ['z']],
      [[[{ name: 'b', slot: '1' }, { name: 'a', slot: '2' }, { name: 'b', slot: '1' }, { name: 'a', slot: '2' }]], ['a', 'b']],
      [[[{ name: 'c', slot: '1' }]], []],
    ],
  },
  {
    id: 'topological-order',
    title: 'Task order from dependencies',
    difficulty: 'hard',
    tags: ['sorting'],
    statement: `deps is a plain object mapping each task name to the array of task names it depends on (every dependency is itself a key of deps). Write a function taskOrder(deps) that returns an array of all tasks in which every task comes after all of its dependencies. Whenever several tasks are ready, take the alphabetically smallest first, so the answer is unique. If the dependencies contain a cycle, return null.`,
    ref: `function taskOrder(deps) {
  const pending = new Map(Object.keys(deps).map((k) => [k, new Set(deps[k])]));
  const out = [];
  while (pending.size > 0) {
    const ready = [...pending.keys()].filter((k) => pending.get(k).size === 0).sort();
    if (ready.length === 0) return null;
    const next = ready[0];
    out.push(next);
    pending.delete(next);
    for (const s of pending.values()) s.delete(next);
  }
  return out;
}`,
    buggy: [
      `function taskOrder(deps) {
  const pending = new Map(Object.keys(deps).map((k) => [k, new Set(deps[k])]));
  const out = [];
  while (pending.size > 0) {
    const ready = [...pending.keys()].filter((k) => pending.get(k).size === 0).sort();
    if (ready.length === 0) return null;
    for (const next of ready) {
      out.push(next);
      pending.delete(next);
    }
    for (const s of pending.values()) for (const r of ready) s.delete(r);
  }
  return out;
}`,
      `function taskOrder(deps) {
  const out = [];
  const seen = new Set();
  const visit = (k) => {
    if (seen.has(k)) return;
    seen.add(k);
    for (const d of [...deps[k]].sort()) visit(d);
    out.push(k);
  };
  for (const k of Object.keys(deps).sort()) visit(k);
  return out;
}`,
    ],
    cases: [
      [[{ a: [], b: ['a'], c: ['b'] }], ['a', 'b', 'c']],
      [[{}], []],
      [[{ x: ['y'], y: ['x'] }], null],
      [[{ c: [], b: [], a: ['c'] }], ['b', 'c', 'a']],
      [[{ a: ['a'] }], null],
      [[{ d: ['b', 'c'], b: ['a'], c: ['a'], a: [] }], ['a', 'b', 'c', 'd']],
      [[{ z: [], y: ['z'], a: ['y'] }], ['z', 'y', 'a']],
      [[{ a: ['b'], b: [], c: [] }], ['b', 'a', 'c']],
    ],
  },
  {
    id: 'deep-equal-json',
    title: 'Deep equality of JSON values',
    difficulty: 'hard',
    tags: ['recursion'],
    statement: `Write a function deepEqual(a, b) for two JSON-like values (null, booleans, numbers, strings, arrays and plain objects, nested). Return true if they are structurally equal: primitives compare with ===, arrays must have the same length and equal elements in order, and objects must have the same set of keys (in any order) with equal values. An array never equals an object, and null never equals an object.`,
    ref: `function deepEqual(a, b) {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
}`,
    buggy: [
      `function deepEqual(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}`,
      `function deepEqual(a, b) {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
}`,
    ],
    cases: [
      [[{ a: [1, 2], b: { c: null } }, { b: { c: null }, a: [1, 2] }], true],
      [[[1, 2], [2, 1]], false],
      [[null, {}], false],
      [[[], {}], false],
      [[{ 0: 'x' }, ['x']], false],
      [[1, '1'], false],
      [[{ a: 1 }, { a: 1, b: 2 }], false],
      [['same', 'same'], true],
    ],
  },
  {
    id: 'totals-by-category',
    title: 'Totals by category',
    difficulty: 'medium',
    tags: ['sorting', 'maps'],
    statement: `Each element of items is an object {category, amount}. Write a function categoryTotals(items) that returns an array of [category, total] pairs, one per category, where total is the sum of its amounts. Order the pairs by total descending, and categories with equal totals by name ascending. An empty array gives [].`,
    ref: `function categoryTotals(items) {
  const totals = new Map();
  for (const { category, amount } of items) totals.set(category, (totals.get(category) || 0) + amount);
  return [...totals].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
}`,
    buggy: [
      `function categoryTotals(items) {
  const totals = new Map();
  for (const { category, amount } of items) totals.set(category, amount);
  return [...totals].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
}`,
      `function categoryTotals(items) {
  const totals = new Map();
  for (const { category, amount } of items) totals.set(category, (totals.get(category) || 0) + amount);
  return [...totals].sort((x, y) => x[1] - y[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
}`,
    ],
    cases: [
      [[[{ category: 'food', amount: 5 }, { category: 'rent', amount: 50 }, { category: 'food', amount: 7 }]], [['rent', 50], ['food', 12]]],
      [[[]], []],
      [[[{ category: 'b', amount: 3 }, { category: 'a', amount: 3 }]], [['a', 3], ['b', 3]]],
      [[[{ category: 'x', amount: -2 }, { category: 'x', amount: 2 }]], [['x', 0]]],
      [[[{ category: 'solo', amount: 1 }]], [['solo', 1]]],
      [[[{ category: 'p', amount: 1 }, { category: 'q', amount: 2 }, { category: 'p', amount: 2 }]], [['p', 3], ['q', 2]]],
    ],
  },
];
