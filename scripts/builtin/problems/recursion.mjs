// Recursion and backtracking (shallow: tests stay far from the sandbox's stack limit).
// Expected values written by hand.
export default [
  {
    id: 'deep-flatten',
    title: 'Flatten nested arrays completely',
    difficulty: 'easy',
    tags: ['arrays'],
    statement: `Write a function deepFlatten(arr) that returns a new array of all non-array values inside arr, however deeply nested, in left-to-right order. Empty nested arrays contribute nothing. Do not use Array.prototype.flat.`,
    ref: `function deepFlatten(arr) {
  const out = [];
  for (const x of arr) {
    if (Array.isArray(x)) out.push(...deepFlatten(x));
    else out.push(x);
  }
  return out;
}`,
    buggy: [
      `function deepFlatten(arr) {
  const out = [];
  for (const x of arr) {
    if (Array.isArray(x)) out.push(...x);
    else out.push(x);
  }
  return out;
}`,
      `function deepFlatten(arr) {
  const out = [];
  for (const x of arr) {
    if (Array.isArray(x) && x.length) out.push(...deepFlatten(x));
    else out.push(x);
  }
  return out;
}`,
    ],
    cases: [
      [[[1, [2, [3, [4]]], 5]], [1, 2, 3, 4, 5]],
      [[[]], []],
      [[[[], [[]]]], []],
      [[[['a'], 'b']], ['a', 'b']],
      [[[1, 2]], [1, 2]],
      [[[[[[[0]]]], null]], [0, null]],
    ],
  },
  {
    id: 'power-set',
    title: 'All subsets',
    difficulty: 'medium',
    statement: `Write a function subsets(items) that returns every subset of the array items (whose elements are distinct). Each subset keeps the elements in their order in items. Order the subsets like this: the subsets that do not contain items[0] come first (recursively ordered the same way by items[1], ...), followed by those that do. So subsets([1, 2]) is [[], [2], [1], [1, 2]]. subsets([]) is [[]].`,
    ref: `function subsets(items) {
  if (items.length === 0) return [[]];
  const rest = subsets(items.slice(1));
  return rest.concat(rest.map((s) => [items[0], ...s]));
}`,
    buggy: [
      `function subsets(items) {
  if (items.length === 0) return [[]];
  const rest = subsets(items.slice(1));
  return rest.concat(rest.map((s) => [...s, items[0]]));
}`,
      `function subsets(items) {
  if (items.length === 0) return [];
  const rest = subsets(items.slice(1));
  return [[]].concat(rest, rest.map((s) => [items[0], ...s]));
}`,
    ],
    cases: [
      [[[1, 2]], [[], [2], [1], [1, 2]]],
      [[[]], [[]]],
      [[['a']], [[], ['a']]],
      [[[1, 2, 3]], [[], [3], [2], [2, 3], [1], [1, 3], [1, 2], [1, 2, 3]]],
      [[['x', 'y']], [[], ['y'], ['x'], ['x', 'y']]],
      [[[0, 5]], [[], [5], [0], [0, 5]]],
    ],
  },
  {
    id: 'permutations-lexicographic',
    title: 'Permutations in order',
    difficulty: 'hard',
    eval: true,
    statement: `Write a function permutations(s) that returns all distinct permutations of the characters of string s, sorted in ascending string order. Repeated characters must not produce duplicate permutations ("aab" has 3). The empty string has one permutation, "".`,
    ref: `function permutations(s) {
  const chars = s.split('').sort();
  const out = [];
  const used = new Array(chars.length).fill(false);
  const walk = (prefix) => {
    if (prefix.length === chars.length) {
      out.push(prefix);
      return;
    }
    for (let i = 0; i < chars.length; i++) {
      if (used[i] || (i > 0 && chars[i] === chars[i - 1] && !used[i - 1])) continue;
      used[i] = true;
      walk(prefix + chars[i]);
      used[i] = false;
    }
  };
  walk('');
  return out;
}`,
    buggy: [
      `function permutations(s) {
  if (s.length <= 1) return [s];
  const out = [];
  for (let i = 0; i < s.length; i++)
    for (const p of permutations(s.slice(0, i) + s.slice(i + 1))) out.push(s[i] + p);
  return out.sort();
}`,
      `function permutations(s) {
  if (s.length <= 1) return [s];
  const out = new Set();
  for (let i = 0; i < s.length; i++)
    for (const p of permutations(s.slice(0, i) + s.slice(i + 1))) out.add(s[i] + p);
  return [...out];
}`,
    ],
    cases: [
      [['abc'], ['abc', 'acb', 'bac', 'bca', 'cab', 'cba']],
      [['aab'], ['aab', 'aba', 'baa']],
      [[''], ['']],
      [['z'], ['z']],
      [['ba'], ['ab', 'ba']],
      [['aaa'], ['aaa']],
    ],
  },
  {
    id: 'combinations-k',
    title: 'Combinations of k numbers',
    difficulty: 'medium',
    statement: `Write a function combinations(n, k) that returns all ways to choose k distinct numbers from 1..n, each combination in increasing order, and the list in lexicographic order. combinations(n, 0) is [[]]; if k > n the result is [].`,
    ref: `function combinations(n, k) {
  const out = [];
  const walk = (start, cur) => {
    if (cur.length === k) {
      out.push([...cur]);
      return;
    }
    for (let i = start; i <= n; i++) {
      cur.push(i);
      walk(i + 1, cur);
      cur.pop();
    }
  };
  walk(1, []);
  return out;
}`,
    buggy: [
      `function combinations(n, k) {
  const out = [];
  const walk = (start, cur) => {
    if (cur.length === k) {
      out.push(cur);
      return;
    }
    for (let i = start; i <= n; i++) {
      cur.push(i);
      walk(i + 1, cur);
      cur.pop();
    }
  };
  walk(1, []);
  return out;
}`,
      `function combinations(n, k) {
  const out = [];
  const walk = (start, cur) => {
    if (cur.length === k) {
      out.push([...cur]);
      return;
    }
    for (let i = start; i < n; i++) {
      cur.push(i);
      walk(i + 1, cur);
      cur.pop();
    }
  };
  walk(1, []);
  return out;
}`,
    ],
    cases: [
      [[4, 2], [[1, 2], [1, 3], [1, 4], [2, 3], [2, 4], [3, 4]]],
      [[3, 0], [[]]],
      [[2, 3], []],
      [[1, 1], [[1]]],
      [[3, 3], [[1, 2, 3]]],
      [[5, 4], [[1, 2, 3, 4], [1, 2, 3, 5], [1, 2, 4, 5], [1, 3, 4, 5], [2, 3, 4, 5]]],
    ],
  },
  {
    id: 'tree-depth',
    title: 'Depth of a nested tree',
    difficulty: 'easy',
    statement: `A tree node is an object {value, children} where children is an array of nodes. Write a function treeDepth(node) that returns the number of nodes on the longest path from node down to a leaf. A single node with no children has depth 1; null (no tree) has depth 0.`,
    ref: `function treeDepth(node) {
  if (node === null) return 0;
  let d = 0;
  for (const c of node.children) d = Math.max(d, treeDepth(c));
  return d + 1;
}`,
    buggy: [
      `function treeDepth(node) {
  if (node === null) return 0;
  if (node.children.length === 0) return 0;
  let d = 0;
  for (const c of node.children) d = Math.max(d, treeDepth(c));
  return d + 1;
}`,
      `function treeDepth(node) {
  if (node === null) return 0;
  return node.children.length ? treeDepth(node.children[0]) + 1 : 1;
}`,
    ],
    cases: [
      [[{ value: 1, children: [] }], 1],
      [[null], 0],
      [[{ value: 1, children: [{ value: 2, children: [] }, { value: 3, children: [{ value: 4, children: [] }] }] }], 3],
      [[{ value: 'a', children: [{ value: 'b', children: [{ value: 'c', children: [] }] }] }], 3],
      [[{ value: 0, children: [{ value: 1, children: [] }, { value: 2, children: [] }] }], 2],
      [[{ value: 0, children: [{ value: 1, children: [] }, { value: 2, children: [{ value: 3, children: [{ value: 4, children: [] }] }] }] }], 4],
    ],
  },
  {
    id: 'tree-sum-by-level',
    title: 'Sum of each tree level',
    difficulty: 'medium',
    statement: `A tree node is an object {value, children} with a numeric value and an array of child nodes. Write a function levelSums(root) that returns an array whose i-th element is the sum of the values of all nodes at depth i (the root is at depth 0). For a null root return [].`,
    ref: `function levelSums(root) {
  const out = [];
  const walk = (node, depth) => {
    if (node === null) return;
    out[depth] = (out[depth] || 0) + node.value;
    for (const c of node.children) walk(c, depth + 1);
  };
  walk(root, 0);
  return out;
}`,
    buggy: [
      `function levelSums(root) {
  const out = [];
  const walk = (node, depth) => {
    if (node === null) return;
    out[depth] = node.value;
    for (const c of node.children) walk(c, depth + 1);
  };
  walk(root, 0);
  return out;
}`,
      `function levelSums(root) {
  if (root === null) return [];
  const out = [root.value];
  let total = 0;
  for (const c of root.children) total += c.value;
  if (root.children.length) out.push(total);
  return out;
}`,
    ],
    cases: [
      [[{ value: 1, children: [{ value: 2, children: [] }, { value: 3, children: [] }] }], [1, 5]],
      [[null], []],
      [[{ value: 7, children: [] }], [7]],
      [[{ value: 1, children: [{ value: 2, children: [{ value: 4, children: [] }] }, { value: 3, children: [{ value: 5, children: [] }, { value: -1, children: [] }] }] }], [1, 5, 8]],
      [[{ value: 0, children: [{ value: 0, children: [{ value: 0, children: [] }] }] }], [0, 0, 0]],
      [[{ value: -2, children: [{ value: 10, children: [] }] }], [-2, 10]],
    ],
  },
  {
    id: 'hanoi-moves',
    title: 'Towers of Hanoi moves',
    difficulty: 'medium',
    statement: `Write a function hanoi(n, from, to, via) that returns the list of moves that transfer n disks from peg from to peg to using peg via, following the standard recursive solution: move n-1 disks from from to via, move the largest disk from from to to, then move n-1 disks from via to to. Each move is a two-element array [source, target] of peg names. hanoi(0, ...) is [].`,
    ref: `function hanoi(n, from, to, via) {
  if (n === 0) return [];
  return [...hanoi(n - 1, from, via, to), [from, to], ...hanoi(n - 1, via, to, from)];
}`,
    buggy: [
      `function hanoi(n, from, to, via) {
  if (n === 0) return [];
  return [...hanoi(n - 1, from, to, via), [from, to], ...hanoi(n - 1, via, from, to)];
}`,
      `function hanoi(n, from, to, via) {
  if (n === 1) return [[from, to]];
  return [...hanoi(n - 1, from, via, to), [from, to], ...hanoi(n - 1, via, to, from)];
}`,
    ],
    cases: [
      [[1, 'A', 'C', 'B'], [['A', 'C']]],
      [[0, 'A', 'C', 'B'], []],
      [[2, 'A', 'C', 'B'], [['A', 'B'], ['A', 'C'], ['B', 'C']]],
      [[3, 'A', 'C', 'B'], [['A', 'C'], ['A', 'B'], ['C', 'B'], ['A', 'C'], ['B', 'A'], ['B', 'C'], ['A', 'C']]],
      [[2, 'x', 'y', 'z'], [['x', 'z'], ['x', 'y'], ['z', 'y']]],
      [[1, 'L', 'R', 'M'], [['L', 'R']]],
    ],
  },
  {
    id: 'balanced-parens-generate',
    title: 'All balanced parenthesis strings',
    difficulty: 'hard',
    statement: `Write a function balancedParens(n) that returns every string of n pairs of parentheses that is balanced (every prefix has at least as many "(" as ")", and the totals are equal), sorted in ascending string order ("(" sorts before ")"). balancedParens(0) is [""].`,
    ref: `function balancedParens(n) {
  const out = [];
  const walk = (s, open, close) => {
    if (s.length === 2 * n) {
      out.push(s);
      return;
    }
    if (open < n) walk(s + '(', open + 1, close);
    if (close < open) walk(s + ')', open, close + 1);
  };
  walk('', 0, 0);
  return out;
}`,
    buggy: [
      `function balancedParens(n) {
  const out = [];
  const walk = (s, open, close) => {
    if (s.length === 2 * n) {
      out.push(s);
      return;
    }
    if (open < n) walk(s + '(', open + 1, close);
    if (close < n) walk(s + ')', open, close + 1);
  };
  walk('', 0, 0);
  return out;
}`,
      `function balancedParens(n) {
  if (n === 0) return [''];
  const out = new Set();
  for (const p of balancedParens(n - 1)) {
    out.add('(' + p + ')');
    out.add('()' + p);
    out.add(p + '()');
  }
  return [...out].sort();
}`,
    ],
    cases: [
      [[0], ['']],
      [[1], ['()']],
      [[2], ['(())', '()()']],
      [[3], ['((()))', '(()())', '(())()', '()(())', '()()()']],
      [[4], ['(((())))', '((()()))', '((())())', '((()))()', '(()(()))', '(()()())', '(()())()', '(())(())', '(())()()', '()((()))', '()(()())', '()(())()', '()()(())', '()()()()']],
      [[2], ['(())', '()()']],
    ],
  },
  {
    id: 'binary-strings-no-adjacent-ones',
    title: 'Binary strings without adjacent ones',
    difficulty: 'medium',
    eval: true,
    tags: ['strings'],
    statement: `Write a function noAdjacentOnes(n) that returns all binary strings of length n that never contain "11", in ascending order. noAdjacentOnes(0) is [""].`,
    ref: `function noAdjacentOnes(n) {
  const out = [];
  const walk = (s) => {
    if (s.length === n) {
      out.push(s);
      return;
    }
    walk(s + '0');
    if (!s.endsWith('1')) walk(s + '1');
  };
  walk('');
  return out;
}`,
    buggy: [
      `function noAdjacentOnes(n) {
  const out = [];
  const walk = (s) => {
    if (s.length === n) {
      out.push(s);
      return;
    }
    if (!s.endsWith('1')) walk(s + '1');
    walk(s + '0');
  };
  walk('');
  return out;
}`,
      `function noAdjacentOnes(n) {
  const out = [];
  for (let i = 0; i < 2 ** n; i++) {
    const s = i.toString(2);
    if (!s.includes('11')) out.push(s);
  }
  return out;
}`,
    ],
    cases: [
      [[0], ['']],
      [[1], ['0', '1']],
      [[2], ['00', '01', '10']],
      [[3], ['000', '001', '010', '100', '101']],
      [[4], ['0000', '0001', '0010', '0100', '0101', '1000', '1001', '1010']],
      [[2], ['00', '01', '10']],
    ],
  },
  {
    id: 'count-nested-depth',
    title: 'Maximum nesting depth of an array',
    eval: true,
    difficulty: 'easy',
    tags: ['arrays'],
    statement: `Write a function nestingDepth(value) that returns how deeply arrays are nested in value: a non-array value has depth 0, an array whose elements are all non-arrays (including the empty array) has depth 1, and in general an array's depth is 1 plus the largest depth of its elements.`,
    ref: `function nestingDepth(value) {
  if (!Array.isArray(value)) return 0;
  let d = 0;
  for (const x of value) d = Math.max(d, nestingDepth(x));
  return d + 1;
}`,
    buggy: [
      `function nestingDepth(value) {
  if (!Array.isArray(value)) return 0;
  if (value.length === 0) return 0;
  let d = 0;
  for (const x of value) d = Math.max(d, nestingDepth(x));
  return d + 1;
}`,
      `function nestingDepth(value) {
  if (!Array.isArray(value)) return 0;
  return 1 + (value.length ? nestingDepth(value[0]) : 0);
}`,
    ],
    cases: [
      [[5], 0],
      [[[]], 1],
      [[[1, 2]], 1],
      [[[1, [2, [3]]]], 3],
      [[[[], 1]], 2],
      [[[1, [2], [[3]]]], 3],
      [['abc'], 0],
    ],
  },
  {
    id: 'letter-combinations-phone',
    title: 'Phone keypad words',
    difficulty: 'medium',
    tags: ['strings'],
    statement: `On a phone keypad 2="abc", 3="def", 4="ghi", 5="jkl", 6="mno", 7="pqrs", 8="tuv", 9="wxyz". Write a function keypadWords(digits) that returns every letter string the digit string digits can spell, choosing one letter per digit, in ascending order. Digits 0 and 1 have no letters, so any string containing them gives []. An empty digit string gives [].`,
    ref: `function keypadWords(digits) {
  const keys = { 2: 'abc', 3: 'def', 4: 'ghi', 5: 'jkl', 6: 'mno', 7: 'pqrs', 8: 'tuv', 9: 'wxyz' };
  if (digits.length === 0) return [];
  let out = [''];
  for (const d of digits) {
    const letters = keys[d] || '';
    out = out.flatMap((p) => letters.split('').map((c) => p + c));
  }
  return out;
}`,
    buggy: [
      `function keypadWords(digits) {
  const keys = { 2: 'abc', 3: 'def', 4: 'ghi', 5: 'jkl', 6: 'mno', 7: 'pqrs', 8: 'tuv', 9: 'wxyz' };
  let out = [''];
  for (const d of digits) {
    const letters = keys[d] || '';
    out = out.flatMap((p) => letters.split('').map((c) => p + c));
  }
  return out;
}`,
      `function keypadWords(digits) {
  const keys = { 2: 'abc', 3: 'def', 4: 'ghi', 5: 'jkl', 6: 'mno', 7: 'pqr', 8: 'stu', 9: 'vwxyz' };
  if (digits.length === 0) return [];
  let out = [''];
  for (const d of digits) {
    const letters = keys[d] || '';
    out = out.flatMap((p) => letters.split('').map((c) => p + c));
  }
  return out;
}`,
    ],
    cases: [
      [['23'], ['ad', 'ae', 'af', 'bd', 'be', 'bf', 'cd', 'ce', 'cf']],
      [[''], []],
      [['2'], ['a', 'b', 'c']],
      [['21'], []],
      [['7'], ['p', 'q', 'r', 's']],
      [['79'], ['pw', 'px', 'py', 'pz', 'qw', 'qx', 'qy', 'qz', 'rw', 'rx', 'ry', 'rz', 'sw', 'sx', 'sy', 'sz']],
    ],
  },
  {
    id: 'count-islands',
    title: 'Count islands',
    difficulty: 'hard',
    tags: ['matrices'],
    statement: `grid is a rectangular array of strings made of "1" (land) and "0" (water) characters, one string per row. An island is a group of land cells connected horizontally or vertically (not diagonally). Write a function countIslands(grid) that returns the number of islands. An empty grid has 0.`,
    ref: `function countIslands(grid) {
  const seen = new Set();
  const sink = (r, c) => {
    if (r < 0 || c < 0 || r >= grid.length || c >= grid[r].length) return;
    if (grid[r][c] !== '1' || seen.has(r + ',' + c)) return;
    seen.add(r + ',' + c);
    sink(r + 1, c);
    sink(r - 1, c);
    sink(r, c + 1);
    sink(r, c - 1);
  };
  let count = 0;
  for (let i = 0; i < grid.length; i++)
    for (let j = 0; j < grid[i].length; j++)
      if (grid[i][j] === '1' && !seen.has(i + ',' + j)) {
        count++;
        sink(i, j);
      }
  return count;
}`,
    buggy: [
      `function countIslands(grid) {
  let count = 0;
  for (let i = 0; i < grid.length; i++)
    for (let j = 0; j < grid[i].length; j++) {
      if (grid[i][j] !== '1') continue;
      const up = i > 0 && grid[i - 1][j] === '1';
      const left = j > 0 && grid[i][j - 1] === '1';
      if (!up && !left) count++;
    }
  return count;
}`,
      `function countIslands(grid) {
  const seen = new Set();
  let count = 0;
  const fill = (r, c) => {
    if (r < 0 || c < 0 || r >= grid.length || c >= grid[r].length) return;
    if (grid[r][c] !== '1' || seen.has(r + ',' + c)) return;
    seen.add(r + ',' + c);
    fill(r + 1, c);
    fill(r, c + 1);
  };
  for (let i = 0; i < grid.length; i++)
    for (let j = 0; j < grid[i].length; j++)
      if (grid[i][j] === '1' && !seen.has(i + ',' + j)) {
        count++;
        fill(i, j);
      }
  return count;
}`,
    ],
    cases: [
      [[['11000', '11000', '00100', '00011']], 3],
      [[[]], 0],
      [[['000']], 0],
      [[['1']], 1],
      [[['101', '010', '101']], 5],
      [[['111', '101', '111']], 1],
      [[['011', '110']], 1],
      [[['01', '11']], 1],
    ],
  },
  {
    id: 'n-queens-count',
    title: 'Count N-queens placements',
    difficulty: 'hard',
    statement: `Write a function countQueens(n) that returns the number of ways to place n queens on an n x n chessboard so that no two attack each other (no two share a row, a column or a diagonal). n is between 0 and 9; countQueens(0) is 1 (the empty board).`,
    ref: `function countQueens(n) {
  const cols = new Set();
  const d1 = new Set();
  const d2 = new Set();
  const place = (r) => {
    if (r === n) return 1;
    let total = 0;
    for (let c = 0; c < n; c++) {
      if (cols.has(c) || d1.has(r - c) || d2.has(r + c)) continue;
      cols.add(c);
      d1.add(r - c);
      d2.add(r + c);
      total += place(r + 1);
      cols.delete(c);
      d1.delete(r - c);
      d2.delete(r + c);
    }
    return total;
  };
  return place(0);
}`,
    buggy: [
      `function countQueens(n) {
  const cols = new Set();
  const d1 = new Set();
  const place = (r) => {
    if (r === n) return 1;
    let total = 0;
    for (let c = 0; c < n; c++) {
      if (cols.has(c) || d1.has(r - c)) continue;
      cols.add(c);
      d1.add(r - c);
      total += place(r + 1);
      cols.delete(c);
      d1.delete(r - c);
    }
    return total;
  };
  return place(0);
}`,
      `function countQueens(n) {
  if (n === 0) return 0;
  const cols = new Set();
  const d1 = new Set();
  const d2 = new Set();
  const place = (r) => {
    if (r === n) return 1;
    let total = 0;
    for (let c = 0; c < n; c++) {
      if (cols.has(c) || d1.has(r - c) || d2.has(r + c)) continue;
      cols.add(c);
      d1.add(r - c);
      d2.add(r + c);
      total += place(r + 1);
      cols.delete(c);
      d1.delete(r - c);
      d2.delete(r + c);
    }
    return total;
  };
  return place(0);
}`,
    ],
    cases: [
      [[0], 1],
      [[1], 1],
      [[2], 0],
      [[3], 0],
      [[4], 2],
      [[6], 4],
      [[8], 92],
    ],
  },
  {
    id: 'combination-sum',
    title: 'Combinations that reach a sum',
    difficulty: 'hard',
    statement: `Write a function combinationSum(candidates, target) that returns every combination of numbers from candidates (distinct positive integers, each usable any number of times) that sums to target (a positive integer). Each combination is listed in non-decreasing order, without duplicates, and the list of combinations is sorted lexicographically (compare element by element; a proper prefix never occurs).`,
    ref: `function combinationSum(candidates, target) {
  const nums = [...candidates].sort((a, b) => a - b);
  const out = [];
  const walk = (start, remain, cur) => {
    if (remain === 0) {
      out.push([...cur]);
      return;
    }
    for (let i = start; i < nums.length && nums[i] <= remain; i++) {
      cur.push(nums[i]);
      walk(i, remain - nums[i], cur);
      cur.pop();
    }
  };
  walk(0, target, []);
  return out;
}`,
    buggy: [
      `function combinationSum(candidates, target) {
  const nums = [...candidates].sort((a, b) => a - b);
  const out = [];
  const walk = (start, remain, cur) => {
    if (remain === 0) {
      out.push([...cur]);
      return;
    }
    for (let i = start; i < nums.length && nums[i] <= remain; i++) {
      cur.push(nums[i]);
      walk(i + 1, remain - nums[i], cur);
      cur.pop();
    }
  };
  walk(0, target, []);
  return out;
}`,
      `function combinationSum(candidates, target) {
  const out = [];
  const walk = (start, remain, cur) => {
    if (remain === 0) {
      out.push([...cur]);
      return;
    }
    for (let i = start; i < candidates.length; i++) {
      if (candidates[i] > remain) continue;
      cur.push(candidates[i]);
      walk(i, remain - candidates[i], cur);
      cur.pop();
    }
  };
  walk(0, target, []);
  return out;
}`,
    ],
    cases: [
      [[[2, 3, 6, 7], 7], [[2, 2, 3], [7]]],
      [[[2, 3, 5], 8], [[2, 2, 2, 2], [2, 3, 3], [3, 5]]],
      [[[2], 1], []],
      [[[1], 2], [[1, 1]]],
      [[[7, 3, 2], 7], [[2, 2, 3], [7]]],
      [[[4, 5], 3], []],
    ],
  },
  {
    id: 'count-paths-in-tree',
    title: 'Root-to-leaf paths',
    difficulty: 'medium',
    statement: `A tree node is an object {name, children} with a string name and an array of child nodes. Write a function leafPaths(root) that returns every path from the root to a leaf (a node with no children) as a string of names joined by "/", in depth-first order with children visited in array order. A null root gives [].`,
    ref: `function leafPaths(root) {
  if (root === null) return [];
  if (root.children.length === 0) return [root.name];
  const out = [];
  for (const c of root.children) for (const p of leafPaths(c)) out.push(root.name + '/' + p);
  return out;
}`,
    buggy: [
      `function leafPaths(root) {
  if (root === null) return [];
  const out = [root.name];
  for (const c of root.children) for (const p of leafPaths(c)) out.push(root.name + '/' + p);
  return out;
}`,
      `function leafPaths(root) {
  const out = [];
  const walk = (node, path) => {
    if (node.children.length === 0) out.push(path);
    for (const c of node.children) walk(c, path + '/' + c.name);
  };
  if (root) walk(root, '');
  return out;
}`,
    ],
    cases: [
      [[{ name: 'a', children: [{ name: 'b', children: [] }, { name: 'c', children: [{ name: 'd', children: [] }] }] }], ['a/b', 'a/c/d']],
      [[null], []],
      [[{ name: 'solo', children: [] }], ['solo']],
      [[{ name: 'r', children: [{ name: 'x', children: [] }, { name: 'y', children: [] }] }], ['r/x', 'r/y']],
      [[{ name: '1', children: [{ name: '2', children: [{ name: '3', children: [] }] }] }], ['1/2/3']],
      [[{ name: 'p', children: [{ name: 'q', children: [{ name: 's', children: [] }, { name: 't', children: [] }] }, { name: 'u', children: [] }] }], ['p/q/s', 'p/q/t', 'p/u']],
    ],
  },
];
