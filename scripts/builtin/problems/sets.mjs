// Sets: membership, intersection, difference. Expected values written by hand.
export default [
  {
    id: 'intersection-sorted',
    title: 'Common elements',
    difficulty: 'easy',
    statement: `Write a function intersection(a, b) that returns the distinct values that occur in both arrays of numbers, sorted in ascending numeric order.`,
    ref: `function intersection(a, b) {
  const sb = new Set(b);
  return [...new Set(a)].filter((x) => sb.has(x)).sort((x, y) => x - y);
}`,
    buggy: [
      `function intersection(a, b) {
  return a.filter((x) => b.includes(x)).sort((x, y) => x - y);
}`,
      `function intersection(a, b) {
  const sb = new Set(b);
  return [...new Set(a)].filter((x) => sb.has(x)).sort();
}`,
    ],
    cases: [
      [[[1, 2, 2, 1], [2, 2]], [2]],
      [[[4, 9, 5], [9, 4, 9, 8, 4]], [4, 9]],
      [[[], [1]], []],
      [[[1, 2], [3, 4]], []],
      [[[10, 2, 30], [30, 10, 2]], [2, 10, 30]],
      [[[-1, 0], [0, -1]], [-1, 0]],
    ],
  },
  {
    id: 'symmetric-difference',
    title: 'Symmetric difference',
    difficulty: 'easy',
    statement: `Write a function symmetricDifference(a, b) that returns a Set of the values that are in exactly one of the two arrays a and b (values are numbers or strings, compared with ===).`,
    ref: `function symmetricDifference(a, b) {
  const sa = new Set(a);
  const sb = new Set(b);
  const out = new Set();
  for (const x of sa) if (!sb.has(x)) out.add(x);
  for (const x of sb) if (!sa.has(x)) out.add(x);
  return out;
}`,
    buggy: [
      `function symmetricDifference(a, b) {
  const sb = new Set(b);
  return new Set(a.filter((x) => !sb.has(x)));
}`,
      `function symmetricDifference(a, b) {
  const out = new Set();
  for (const x of [...a, ...b]) {
    if (out.has(x)) out.delete(x);
    else out.add(x);
  }
  return out;
}`,
    ],
    cases: [
      [[[1, 2, 3], [2, 3, 4]], new Set([1, 4])],
      [[[], []], new Set()],
      [[[1, 1], []], new Set([1])],
      [[[], ['x']], new Set(['x'])],
      [[[1, '1'], [1]], new Set(['1'])],
      [[[5, 6], [5, 6]], new Set()],
    ],
  },
  {
    id: 'has-duplicate-within-k',
    title: 'Nearby duplicate',
    difficulty: 'medium',
    eval: true,
    statement: `Write a function nearbyDuplicate(nums, k) that returns true if there are two different indices i and j with nums[i] === nums[j] and |i - j| <= k. k is a non-negative integer; with k = 0 the answer is always false.`,
    ref: `function nearbyDuplicate(nums, k) {
  const window = new Set();
  for (let i = 0; i < nums.length; i++) {
    if (window.has(nums[i])) return true;
    window.add(nums[i]);
    if (window.size > k) window.delete(nums[i - k]);
  }
  return false;
}`,
    buggy: [
      `function nearbyDuplicate(nums, k) {
  const window = new Set();
  for (let i = 0; i < nums.length; i++) {
    if (window.has(nums[i])) return true;
    window.add(nums[i]);
    if (window.size >= k) window.delete(nums[i - k + 1]);
  }
  return false;
}`,
      `function nearbyDuplicate(nums, k) {
  return new Set(nums).size < nums.length;
}`,
    ],
    cases: [
      [[[1, 2, 3, 1], 3], true],
      [[[1, 0, 1, 1], 1], true],
      [[[1, 2, 3, 1, 2, 3], 2], false],
      [[[], 5], false],
      [[[7, 7], 0], false],
      [[[4, 5, 4], 2], true],
      [[[1, 2, 1], 1], false],
    ],
  },
  {
    id: 'missing-letters',
    title: 'Letters missing from a sentence',
    difficulty: 'easy',
    tags: ['strings'],
    statement: `Write a function missingLetters(s) that returns, as a string in alphabetical order, the lower-case letters a-z that do not appear in s (case-insensitively). A pangram gives "".`,
    ref: `function missingLetters(s) {
  const seen = new Set(s.toLowerCase());
  let out = '';
  for (let c = 97; c <= 122; c++) if (!seen.has(String.fromCharCode(c))) out += String.fromCharCode(c);
  return out;
}`,
    buggy: [
      `function missingLetters(s) {
  const seen = new Set(s);
  let out = '';
  for (let c = 97; c <= 122; c++) if (!seen.has(String.fromCharCode(c))) out += String.fromCharCode(c);
  return out;
}`,
      `function missingLetters(s) {
  const seen = new Set(s.toLowerCase());
  let out = '';
  for (let c = 97; c < 122; c++) if (!seen.has(String.fromCharCode(c))) out += String.fromCharCode(c);
  return out;
}`,
    ],
    cases: [
      [['The quick brown fox jumps over the lazy dog'], ''],
      [['abc'], 'defghijklmnopqrstuvwxyz'],
      [[''], 'abcdefghijklmnopqrstuvwxyz'],
      [['ABCDEFGHIJKLMNOPQRSTUVWXY'], 'z'],
      [['zzz'], 'abcdefghijklmnopqrstuvwxy'],
      [['Hello, World!'], 'abcfgijkmnpqstuvxyz'],
    ],
  },
  {
    id: 'longest-consecutive-run',
    title: 'Longest run of consecutive integers',
    eval: true,
    difficulty: 'hard',
    statement: `Write a function longestConsecutive(nums) that returns the length of the longest sequence of consecutive integers (x, x+1, x+2, ...) whose members all appear somewhere in nums, in any order. Duplicates count once. An empty array gives 0. Aim for linear time using a Set.`,
    ref: `function longestConsecutive(nums) {
  const s = new Set(nums);
  let best = 0;
  for (const x of s) {
    if (s.has(x - 1)) continue;
    let len = 1;
    while (s.has(x + len)) len++;
    best = Math.max(best, len);
  }
  return best;
}`,
    buggy: [
      `function longestConsecutive(nums) {
  const s = [...nums].sort((a, b) => a - b);
  let best = s.length ? 1 : 0;
  let cur = 1;
  for (let i = 1; i < s.length; i++) {
    cur = s[i] === s[i - 1] + 1 ? cur + 1 : 1;
    best = Math.max(best, cur);
  }
  return best;
}`,
      `function longestConsecutive(nums) {
  const s = new Set(nums);
  let best = 0;
  for (const x of s) {
    if (s.has(x - 1)) continue;
    let len = 0;
    while (s.has(x + len + 1)) len++;
    best = Math.max(best, len);
  }
  return best;
}`,
    ],
    cases: [
      [[[100, 4, 200, 1, 3, 2]], 4],
      [[[]], 0],
      [[[5]], 1],
      [[[1, 2, 2, 3]], 3],
      [[[0, 3, 7, 2, 5, 8, 4, 6, 0, 1]], 9],
      [[[10, 30, 20]], 1],
      [[[-2, -1, 0, 5]], 3],
    ],
  },
  {
    id: 'unique-email-addresses',
    title: 'Distinct e-mail addresses',
    difficulty: 'medium',
    tags: ['strings', 'parsing'],
    statement: `Write a function countDistinctEmails(emails) that counts distinct addresses after normalising each "local@domain": in the local part, dots are ignored and everything from the first "+" on is dropped; the domain is kept as is. Comparison is case-sensitive. So "a.b+x@d.com" and "ab@d.com" are the same address.`,
    ref: `function countDistinctEmails(emails) {
  const seen = new Set();
  for (const e of emails) {
    const at = e.lastIndexOf('@');
    let local = e.slice(0, at);
    const plus = local.indexOf('+');
    if (plus !== -1) local = local.slice(0, plus);
    seen.add(local.replace(/\\./g, '') + e.slice(at));
  }
  return seen.size;
}`,
    buggy: [
      `function countDistinctEmails(emails) {
  const seen = new Set();
  for (const e of emails) {
    let [local, domain] = e.split('@');
    local = local.split('+')[0];
    seen.add(local.replace('.', '') + '@' + domain);
  }
  return seen.size;
}`,
      `function countDistinctEmails(emails) {
  const seen = new Set();
  for (const e of emails) seen.add(e.replace(/\\./g, '').replace(/\\+[^@]*/, ''));
  return seen.size;
}`,
    ],
    cases: [
      [[['a.b+x@d.com', 'ab@d.com']], 1],
      [[[]], 0],
      [[['x@a.com', 'x@ac.om']], 2],
      [[['a.b.c@d.com', 'abc@d.com']], 1],
      [[['A@d.com', 'a@d.com']], 2],
      [[['t+1@x.io', 't+2@x.io', 't@x.io', 'u@x.io']], 2],
    ],
  },
  {
    id: 'jewels-in-stones',
    title: 'Count jewels among stones',
    difficulty: 'easy',
    statement: `The characters of jewels are the jewel types (all distinct). Write a function countJewels(jewels, stones) that returns how many characters of stones are jewels. Case matters: "a" and "A" are different types.`,
    ref: `function countJewels(jewels, stones) {
  const j = new Set(jewels);
  let n = 0;
  for (const c of stones) if (j.has(c)) n++;
  return n;
}`,
    buggy: [
      `function countJewels(jewels, stones) {
  const j = new Set(jewels.toLowerCase());
  let n = 0;
  for (const c of stones.toLowerCase()) if (j.has(c)) n++;
  return n;
}`,
      `function countJewels(jewels, stones) {
  let n = 0;
  for (const c of new Set(stones)) if (jewels.includes(c)) n++;
  return n;
}`,
    ],
    cases: [
      [['aA', 'aAAbbbb'], 3],
      [['z', 'ZZ'], 0],
      [['', 'abc'], 0],
      [['abc', ''], 0],
      [['b', 'bbb'], 3],
      [['xy', 'yxzyx'], 4],
    ],
  },
  {
    id: 'set-partition-check',
    title: 'Do the groups partition the items?',
    difficulty: 'medium',
    statement: `Write a function isPartition(items, groups) that returns true if the arrays in groups form a partition of the array items: every group is non-empty, no value appears twice across all groups (or twice within one group), and the union of the groups is exactly the set of values in items. items has distinct values. An empty items array is partitioned by an empty groups array only.`,
    ref: `function isPartition(items, groups) {
  const seen = new Set();
  for (const g of groups) {
    if (g.length === 0) return false;
    for (const x of g) {
      if (seen.has(x)) return false;
      seen.add(x);
    }
  }
  return seen.size === items.length && items.every((x) => seen.has(x));
}`,
    buggy: [
      `function isPartition(items, groups) {
  const all = groups.flat();
  return all.length === items.length && items.every((x) => all.includes(x));
}`,
      `function isPartition(items, groups) {
  const seen = new Set();
  for (const g of groups) for (const x of g) {
    if (seen.has(x)) return false;
    seen.add(x);
  }
  return seen.size === items.length && items.every((x) => seen.has(x));
}`,
    ],
    cases: [
      [[[1, 2, 3], [[1], [2, 3]]], true],
      [[[1, 2, 3], [[1, 2], [2, 3]]], false],
      [[[1, 2, 3], [[1, 2]]], false],
      [[[], []], true],
      [[[], [[]]], false],
      [[[1, 2], [[1, 2], []]], false],
      [[[1, 2], [[1, 1]]], false],
      [[[1, 2], [[1, 3]]], false],
    ],
  },
  {
    id: 'common-to-all',
    title: 'Characters common to every word',
    difficulty: 'medium',
    tags: ['strings', 'maps'],
    statement: `Write a function commonChars(words) that returns the characters appearing in every string of the non-empty array words, counting multiplicity (a character appearing at least twice in every word appears twice in the answer). Return them as an array sorted in ascending order. Case matters.`,
    ref: `function commonChars(words) {
  const countOf = (w) => {
    const m = new Map();
    for (const c of w) m.set(c, (m.get(c) || 0) + 1);
    return m;
  };
  let common = countOf(words[0]);
  for (const w of words.slice(1)) {
    const m = countOf(w);
    for (const [c, n] of common) common.set(c, Math.min(n, m.get(c) || 0));
  }
  const out = [];
  for (const [c, n] of common) for (let i = 0; i < n; i++) out.push(c);
  return out.sort();
}`,
    buggy: [
      `function commonChars(words) {
  let common = new Set(words[0]);
  for (const w of words.slice(1)) common = new Set([...common].filter((c) => w.includes(c)));
  return [...common].sort();
}`,
      `function commonChars(words) {
  const out = [];
  for (const c of words[0]) if (words.every((w) => w.includes(c))) out.push(c);
  return out.sort();
}`,
    ],
    cases: [
      [[['bella', 'label', 'roller']], ['e', 'l', 'l']],
      [[['cool', 'lock', 'cook']], ['c', 'o']],
      [[['abc']], ['a', 'b', 'c']],
      [[['a', 'b']], []],
      [[['Aa', 'aA', 'a']], ['a']],
      [[['', 'x']], []],
      [[['zz', 'zzz']], ['z', 'z']],
    ],
  },
  {
    id: 'first-repeat',
    title: 'First value seen twice',
    difficulty: 'easy',
    statement: `Write a function firstRepeat(arr) that scans arr from left to right and returns the first value that has already been seen earlier in the scan (the value whose second occurrence comes first). Values compare with ===. If no value repeats, return null.`,
    ref: `function firstRepeat(arr) {
  const seen = new Set();
  for (const x of arr) {
    if (seen.has(x)) return x;
    seen.add(x);
  }
  return null;
}`,
    buggy: [
      `function firstRepeat(arr) {
  for (let i = 0; i < arr.length; i++) if (arr.indexOf(arr[i], i + 1) !== -1) return arr[i];
  return null;
}`,
      `function firstRepeat(arr) {
  const seen = new Set();
  for (const x of arr) {
    seen.add(x);
    if (seen.has(x)) return x;
  }
  return null;
}`,
    ],
    cases: [
      [[[2, 1, 3, 1, 2]], 1],
      [[[]], null],
      [[[1, 2, 3]], null],
      [[[5, 5]], 5],
      [[['a', 'b', 'b', 'a']], 'b'],
      [[[1, '1', 1]], 1],
    ],
  },
  {
    id: 'distinct-per-window',
    title: 'Distinct values in each window',
    difficulty: 'medium',
    tags: ['sliding-window', 'maps'],
    statement: `Write a function distinctPerWindow(nums, k) that returns, for every window of k consecutive elements of nums from left to right, the number of distinct values in it. k is a positive integer; if nums is shorter than k, return [].`,
    ref: `function distinctPerWindow(nums, k) {
  const out = [];
  const count = new Map();
  for (let i = 0; i < nums.length; i++) {
    count.set(nums[i], (count.get(nums[i]) || 0) + 1);
    if (i >= k) {
      const old = nums[i - k];
      if (count.get(old) === 1) count.delete(old);
      else count.set(old, count.get(old) - 1);
    }
    if (i >= k - 1) out.push(count.size);
  }
  return out;
}`,
    buggy: [
      `function distinctPerWindow(nums, k) {
  const out = [];
  for (let i = 0; i + k < nums.length; i++) out.push(new Set(nums.slice(i, i + k)).size);
  return out;
}`,
      `function distinctPerWindow(nums, k) {
  const out = [];
  const seen = new Set();
  for (let i = 0; i < nums.length; i++) {
    seen.add(nums[i]);
    if (i >= k) seen.delete(nums[i - k]);
    if (i >= k - 1) out.push(seen.size);
  }
  return out;
}`,
    ],
    cases: [
      [[[1, 2, 1, 3, 4, 2, 3], 4], [3, 4, 4, 3]],
      [[[1, 2], 3], []],
      [[[5, 5, 5], 1], [1, 1, 1]],
      [[[1, 1, 2], 2], [1, 2]],
      [[[1, 2, 3], 3], [3]],
      [[[7, 7, 7, 8], 2], [1, 1, 2]],
    ],
  },
];
