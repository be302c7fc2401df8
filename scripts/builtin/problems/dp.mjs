// Simple dynamic programming. Expected values written by hand.
export default [
  {
    id: 'climb-stairs',
    title: 'Ways to climb stairs',
    difficulty: 'easy',
    statement: `You climb a staircase of n steps, taking 1 or 2 steps at a time. Write a function climbWays(n) that returns the number of distinct sequences of moves that reach exactly step n. climbWays(0) is 1 (the empty sequence). n is at most 60.`,
    ref: `function climbWays(n) {
  let a = 1;
  let b = 1;
  for (let i = 2; i <= n; i++) [a, b] = [b, a + b];
  return b;
}`,
    buggy: [
      `function climbWays(n) {
  let a = 1;
  let b = 2;
  for (let i = 3; i <= n; i++) [a, b] = [b, a + b];
  return b;
}`,
      `function climbWays(n) {
  let a = 0;
  let b = 1;
  for (let i = 1; i <= n; i++) [a, b] = [b, a + b];
  return a;
}`,
    ],
    cases: [
      [[0], 1],
      [[1], 1],
      [[2], 2],
      [[3], 3],
      [[5], 8],
      [[10], 89],
      [[60], 2504730781961],
    ],
  },
  {
    id: 'coin-change-min',
    title: 'Fewest coins',
    difficulty: 'medium',
    statement: `Write a function minCoins(coins, amount) that returns the fewest coins needed to make exactly amount, using any number of each denomination in coins (positive integers). Return 0 for amount 0, and -1 if the amount cannot be made.`,
    ref: `function minCoins(coins, amount) {
  const dp = new Array(amount + 1).fill(Infinity);
  dp[0] = 0;
  for (let a = 1; a <= amount; a++)
    for (const c of coins) if (c <= a && dp[a - c] + 1 < dp[a]) dp[a] = dp[a - c] + 1;
  return dp[amount] === Infinity ? -1 : dp[amount];
}`,
    buggy: [
      `function minCoins(coins, amount) {
  const sorted = [...coins].sort((a, b) => b - a);
  let n = 0;
  for (const c of sorted) {
    n += Math.floor(amount / c);
    amount %= c;
  }
  return amount === 0 ? n : -1;
}`,
      `function minCoins(coins, amount) {
  const dp = new Array(amount + 1).fill(Infinity);
  dp[0] = 0;
  for (let a = 1; a <= amount; a++)
    for (const c of coins) if (c < a && dp[a - c] + 1 < dp[a]) dp[a] = dp[a - c] + 1;
  return dp[amount] === Infinity ? -1 : dp[amount];
}`,
    ],
    cases: [
      [[[1, 2, 5], 11], 3],
      [[[2], 3], -1],
      [[[1], 0], 0],
      [[[1, 3, 4], 6], 2],
      [[[5], 5], 1],
      [[[3, 7], 1], -1],
      [[[2, 5, 10, 1], 27], 4],
    ],
  },
  {
    id: 'coin-change-ways',
    title: 'Ways to make change',
    difficulty: 'medium',
    eval: true,
    statement: `Write a function changeWays(coins, amount) that returns the number of different multisets of coins (unlimited supply of each distinct positive denomination in coins) that sum to amount. Order does not matter: 1+2 and 2+1 are the same way. There is exactly 1 way to make 0.`,
    ref: `function changeWays(coins, amount) {
  const dp = new Array(amount + 1).fill(0);
  dp[0] = 1;
  for (const c of coins) for (let a = c; a <= amount; a++) dp[a] += dp[a - c];
  return dp[amount];
}`,
    buggy: [
      `function changeWays(coins, amount) {
  const dp = new Array(amount + 1).fill(0);
  dp[0] = 1;
  for (let a = 1; a <= amount; a++) for (const c of coins) if (c <= a) dp[a] += dp[a - c];
  return dp[amount];
}`,
      `function changeWays(coins, amount) {
  const dp = new Array(amount + 1).fill(0);
  for (const c of coins) for (let a = c; a <= amount; a++) dp[a] += dp[a - c] + (a === c ? 1 : 0);
  return dp[amount];
}`,
    ],
    cases: [
      [[[1, 2, 5], 5], 4],
      [[[2], 3], 0],
      [[[10], 10], 1],
      [[[1, 2, 3], 0], 1],
      [[[1, 2], 4], 3],
      [[[2, 3, 5], 10], 4],
    ],
  },
  {
    id: 'max-non-adjacent-sum',
    title: 'Non-adjacent maximum sum',
    difficulty: 'medium',
    statement: `Write a function maxNonAdjacent(values) that returns the largest sum of elements of values such that no two chosen elements are adjacent in the array. Values are non-negative integers. Choosing nothing is allowed, so an empty array gives 0.`,
    ref: `function maxNonAdjacent(values) {
  let take = 0;
  let skip = 0;
  for (const v of values) [take, skip] = [skip + v, Math.max(take, skip)];
  return Math.max(take, skip);
}`,
    buggy: [
      `function maxNonAdjacent(values) {
  let even = 0;
  let odd = 0;
  values.forEach((v, i) => (i % 2 ? (odd += v) : (even += v)));
  return Math.max(even, odd);
}`,
      `function maxNonAdjacent(values) {
  let take = 0;
  let skip = 0;
  for (const v of values) [take, skip] = [skip + v, take];
  return Math.max(take, skip);
}`,
    ],
    cases: [
      [[[1, 2, 3, 1]], 4],
      [[[2, 7, 9, 3, 1]], 12],
      [[[]], 0],
      [[[5]], 5],
      [[[2, 1, 1, 2]], 4],
      [[[0, 0, 0]], 0],
      [[[10, 1, 1, 10, 1]], 20],
    ],
  },
  {
    id: 'longest-common-subsequence',
    title: 'Longest common subsequence',
    difficulty: 'hard',
    tags: ['strings'],
    statement: `Write a function lcsLength(a, b) that returns the length of the longest common subsequence of strings a and b (characters in the same relative order, not necessarily contiguous). Case matters. If either string is empty, the answer is 0.`,
    ref: `function lcsLength(a, b) {
  const dp = Array.from({ length: a.length + 1 }, () => new Array(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      dp[i][j] = a[i - 1] === b[j - 1] ? dp[i - 1][j - 1] + 1 : Math.max(dp[i - 1][j], dp[i][j - 1]);
  return dp[a.length][b.length];
}`,
    buggy: [
      `function lcsLength(a, b) {
  let n = 0;
  let j = 0;
  for (const c of a) {
    const k = b.indexOf(c, j);
    if (k !== -1) {
      n++;
      j = k + 1;
    }
  }
  return n;
}`,
      `function lcsLength(a, b) {
  const dp = Array.from({ length: a.length + 1 }, () => new Array(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      dp[i][j] = a[i - 1] === b[j - 1] ? dp[i - 1][j - 1] + 1 : 0;
  return dp[a.length][b.length];
}`,
    ],
    cases: [
      [['abcde', 'ace'], 3],
      [['abc', 'def'], 0],
      [['', 'abc'], 0],
      [['abc', 'abc'], 3],
      [['zabc', 'abcz'], 3],
      [['AGGTAB', 'GXTXAYB'], 4],
      [['aA', 'Aa'], 1],
    ],
  },
  {
    id: 'edit-distance',
    title: 'Edit distance',
    eval: true,
    difficulty: 'hard',
    tags: ['strings'],
    statement: `Write a function editDistance(a, b) that returns the minimum number of single-character insertions, deletions and substitutions that turn string a into string b (Levenshtein distance). Case matters.`,
    ref: `function editDistance(a, b) {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const sub = prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur.push(Math.min(sub, prev[j] + 1, cur[j - 1] + 1));
    }
    prev = cur;
  }
  return prev[b.length];
}`,
    buggy: [
      `function editDistance(a, b) {
  let d = Math.abs(a.length - b.length);
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) d++;
  return d;
}`,
      `function editDistance(a, b) {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [0];
    for (let j = 1; j <= b.length; j++) {
      const sub = prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur.push(Math.min(sub, prev[j] + 1, cur[j - 1] + 1));
    }
    prev = cur;
  }
  return prev[b.length];
}`,
    ],
    cases: [
      [['kitten', 'sitting'], 3],
      [['', 'abc'], 3],
      [['abc', ''], 3],
      [['same', 'same'], 0],
      [['abc', 'bc'], 1],
      [['horse', 'ros'], 3],
      [['a', 'A'], 1],
    ],
  },
  {
    id: 'min-path-sum-grid',
    title: 'Cheapest path through a grid',
    difficulty: 'medium',
    tags: ['matrices'],
    statement: `grid is a non-empty rectangular array of arrays of non-negative numbers. Starting at the top-left cell and moving only right or down, you reach the bottom-right cell. Write a function minPathSum(grid) that returns the smallest possible sum of the cells visited, including the first and last.`,
    ref: `function minPathSum(grid) {
  const rows = grid.length;
  const cols = grid[0].length;
  const dp = grid.map((r) => [...r]);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) {
      if (i === 0 && j === 0) continue;
      const up = i > 0 ? dp[i - 1][j] : Infinity;
      const left = j > 0 ? dp[i][j - 1] : Infinity;
      dp[i][j] += Math.min(up, left);
    }
  return dp[rows - 1][cols - 1];
}`,
    buggy: [
      `function minPathSum(grid) {
  let i = 0;
  let j = 0;
  let sum = grid[0][0];
  while (i < grid.length - 1 || j < grid[0].length - 1) {
    if (i === grid.length - 1) j++;
    else if (j === grid[0].length - 1) i++;
    else if (grid[i + 1][j] < grid[i][j + 1]) i++;
    else j++;
    sum += grid[i][j];
  }
  return sum;
}`,
      `function minPathSum(grid) {
  const rows = grid.length;
  const cols = grid[0].length;
  const dp = grid.map((r) => [...r]);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) {
      if (i === 0 && j === 0) continue;
      const up = i > 0 ? dp[i - 1][j] : 0;
      const left = j > 0 ? dp[i][j - 1] : 0;
      dp[i][j] += Math.min(up, left);
    }
  return dp[rows - 1][cols - 1];
}`,
    ],
    cases: [
      [[[[1, 3, 1], [1, 5, 1], [4, 2, 1]]], 7],
      [[[[5]]], 5],
      [[[[1, 2, 3]]], 6],
      [[[[1], [2], [3]]], 6],
      [[[[1, 2], [1, 1]]], 3],
      [[[[1, 1, 9], [9, 9, 1], [9, 9, 1]]], 13],
    ],
  },
  {
    id: 'longest-increasing-subsequence',
    title: 'Longest increasing subsequence',
    difficulty: 'hard',
    statement: `Write a function lisLength(nums) that returns the length of the longest strictly increasing subsequence of nums (elements in order, not necessarily adjacent). An empty array gives 0.`,
    ref: `function lisLength(nums) {
  const dp = nums.map(() => 1);
  for (let i = 0; i < nums.length; i++)
    for (let j = 0; j < i; j++) if (nums[j] < nums[i] && dp[j] + 1 > dp[i]) dp[i] = dp[j] + 1;
  return nums.length ? Math.max(...dp) : 0;
}`,
    buggy: [
      `function lisLength(nums) {
  const dp = nums.map(() => 1);
  for (let i = 0; i < nums.length; i++)
    for (let j = 0; j < i; j++) if (nums[j] <= nums[i] && dp[j] + 1 > dp[i]) dp[i] = dp[j] + 1;
  return nums.length ? Math.max(...dp) : 0;
}`,
      `function lisLength(nums) {
  const dp = nums.map(() => 1);
  for (let i = 0; i < nums.length; i++)
    for (let j = 0; j < i; j++) if (nums[j] < nums[i] && dp[j] + 1 > dp[i]) dp[i] = dp[j] + 1;
  return nums.length ? dp[nums.length - 1] : 0;
}`,
    ],
    cases: [
      [[[10, 9, 2, 5, 3, 7, 101, 18]], 4],
      [[[]], 0],
      [[[7, 7, 7]], 1],
      [[[1, 2, 3]], 3],
      [[[3, 2, 1]], 1],
      [[[0, 8, 4, 12, 2, 10, 6, 14, 1, 9]], 4],
      [[[1, 5, 2, 3, 0]], 3],
    ],
  },
  {
    id: 'subset-sum-exists',
    title: 'Subset with a given sum',
    difficulty: 'medium',
    eval: true,
    statement: `Write a function hasSubsetSum(nums, target) that returns true if some subset of nums (each element used at most once) sums to target. nums holds positive integers and target is a non-negative integer; the empty subset sums to 0.`,
    ref: `function hasSubsetSum(nums, target) {
  const can = new Array(target + 1).fill(false);
  can[0] = true;
  for (const n of nums) for (let s = target; s >= n; s--) if (can[s - n]) can[s] = true;
  return can[target];
}`,
    buggy: [
      `function hasSubsetSum(nums, target) {
  const can = new Array(target + 1).fill(false);
  can[0] = true;
  for (const n of nums) for (let s = n; s <= target; s++) if (can[s - n]) can[s] = true;
  return can[target];
}`,
      `function hasSubsetSum(nums, target) {
  const can = new Array(target + 1).fill(false);
  for (const n of nums) {
    if (n <= target) can[n] = true;
    for (let s = target; s > n; s--) if (can[s - n]) can[s] = true;
  }
  return can[target];
}`,
    ],
    cases: [
      [[[3, 34, 4, 12, 5, 2], 9], true],
      [[[3, 34, 4, 12, 5, 2], 30], false],
      [[[], 0], true],
      [[[5], 10], false],
      [[[1, 2], 0], true],
      [[[2, 4, 6], 5], false],
      [[[7, 3], 10], true],
    ],
  },
  {
    id: 'decode-ways',
    title: 'Ways to decode digits',
    difficulty: 'hard',
    tags: ['strings'],
    statement: `Letters are encoded as numbers: "A" -> "1", ..., "Z" -> "26". Write a function decodeWays(s) that returns how many ways the digit string s can be split into codes from 1 to 26 (a code never has a leading zero, so "06" is not valid). The empty string has exactly 1 decoding.`,
    ref: `function decodeWays(s) {
  if (s.length === 0) return 1;
  let prev2 = 1;
  let prev1 = s[0] === '0' ? 0 : 1;
  for (let i = 2; i <= s.length; i++) {
    let cur = 0;
    if (s[i - 1] !== '0') cur += prev1;
    const two = Number(s.slice(i - 2, i));
    if (s[i - 2] !== '0' && two <= 26) cur += prev2;
    prev2 = prev1;
    prev1 = cur;
  }
  return prev1;
}`,
    buggy: [
      `function decodeWays(s) {
  if (s.length === 0) return 1;
  let prev2 = 1;
  let prev1 = 1;
  for (let i = 2; i <= s.length; i++) {
    let cur = 0;
    if (s[i - 1] !== '0') cur += prev1;
    const two = Number(s.slice(i - 2, i));
    if (s[i - 2] !== '0' && two <= 26) cur += prev2;
    prev2 = prev1;
    prev1 = cur;
  }
  return prev1;
}`,
      `function decodeWays(s) {
  if (s.length === 0) return 1;
  let prev2 = 1;
  let prev1 = s[0] === '0' ? 0 : 1;
  for (let i = 2; i <= s.length; i++) {
    let cur = 0;
    if (s[i - 1] !== '0') cur += prev1;
    const two = Number(s.slice(i - 2, i));
    if (two >= 1 && two <= 26) cur += prev2;
    prev2 = prev1;
    prev1 = cur;
  }
  return prev1;
}`,
    ],
    cases: [
      [['12'], 2],
      [['226'], 3],
      [['0'], 0],
      [[''], 1],
      [['06'], 0],
      [['10'], 1],
      [['27'], 1],
      [['11106'], 2],
    ],
  },
  {
    id: 'knapsack-01',
    title: '0/1 knapsack',
    difficulty: 'hard',
    statement: `Write a function knapsack(items, capacity) where items is an array of {weight, value} objects (positive integer weights, non-negative values) and capacity is a non-negative integer. Each item can be taken at most once. Return the largest total value whose total weight does not exceed capacity.`,
    ref: `function knapsack(items, capacity) {
  const best = new Array(capacity + 1).fill(0);
  for (const { weight, value } of items)
    for (let c = capacity; c >= weight; c--) best[c] = Math.max(best[c], best[c - weight] + value);
  return best[capacity];
}`,
    buggy: [
      `function knapsack(items, capacity) {
  const best = new Array(capacity + 1).fill(0);
  for (const { weight, value } of items)
    for (let c = weight; c <= capacity; c++) best[c] = Math.max(best[c], best[c - weight] + value);
  return best[capacity];
}`,
      `function knapsack(items, capacity) {
  const sorted = [...items].sort((a, b) => b.value / b.weight - a.value / a.weight);
  let total = 0;
  for (const it of sorted) {
    if (it.weight <= capacity) {
      capacity -= it.weight;
      total += it.value;
    }
  }
  return total;
}`,
    ],
    cases: [
      [[[{ weight: 1, value: 1 }, { weight: 3, value: 4 }, { weight: 4, value: 5 }, { weight: 5, value: 7 }], 7], 9],
      [[[], 10], 0],
      [[[{ weight: 5, value: 10 }], 4], 0],
      [[[{ weight: 2, value: 3 }], 10], 3],
      [[[{ weight: 10, value: 60 }, { weight: 20, value: 100 }, { weight: 30, value: 120 }], 50], 220],
      [[[{ weight: 1, value: 0 }], 0], 0],
    ],
  },
  {
    id: 'unique-grid-paths',
    title: 'Paths in a grid with walls',
    difficulty: 'medium',
    tags: ['matrices'],
    statement: `grid is a rectangular array of arrays of 0 (open) and 1 (wall). Write a function countPaths(grid) that returns the number of paths from the top-left cell to the bottom-right cell moving only right or down through open cells. If either corner is a wall, the answer is 0. A 1x1 open grid has 1 path.`,
    ref: `function countPaths(grid) {
  const rows = grid.length;
  const cols = grid[0].length;
  const dp = Array.from({ length: rows }, () => new Array(cols).fill(0));
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) {
      if (grid[i][j] === 1) continue;
      if (i === 0 && j === 0) dp[i][j] = 1;
      else dp[i][j] = (i > 0 ? dp[i - 1][j] : 0) + (j > 0 ? dp[i][j - 1] : 0);
    }
  return dp[rows - 1][cols - 1];
}`,
    buggy: [
      `function countPaths(grid) {
  const rows = grid.length;
  const cols = grid[0].length;
  const dp = Array.from({ length: rows }, () => new Array(cols).fill(0));
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) {
      if (i === 0 || j === 0) dp[i][j] = grid[i][j] === 1 ? 0 : 1;
      else if (grid[i][j] === 0) dp[i][j] = dp[i - 1][j] + dp[i][j - 1];
    }
  return dp[rows - 1][cols - 1];
}`,
      `function countPaths(grid) {
  const rows = grid.length;
  const cols = grid[0].length;
  const dp = Array.from({ length: rows }, () => new Array(cols).fill(0));
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) {
      if (i === 0 && j === 0) dp[i][j] = 1;
      else if (grid[i][j] === 0) dp[i][j] = (i > 0 ? dp[i - 1][j] : 0) + (j > 0 ? dp[i][j - 1] : 0);
    }
  return dp[rows - 1][cols - 1];
}`,
    ],
    cases: [
      [[[[0, 0, 0], [0, 1, 0], [0, 0, 0]]], 2],
      [[[[0]]], 1],
      [[[[1]]], 0],
      [[[[0, 1], [0, 0]]], 1],
      [[[[0, 0], [0, 0]]], 2],
      [[[[0, 1, 0, 0]]], 0],
      [[[[1, 0], [0, 0]]], 0],
      [[[[0, 0, 0], [0, 0, 0]]], 3],
    ],
  },
  {
    id: 'max-product-subarray',
    title: 'Maximum product subarray',
    difficulty: 'hard',
    tags: ['arrays'],
    statement: `Write a function maxProduct(nums) that returns the largest product of a non-empty contiguous subarray of the non-empty integer array nums. Negative numbers matter: two negatives make a positive.`,
    ref: `function maxProduct(nums) {
  let hi = nums[0];
  let lo = nums[0];
  let best = nums[0];
  for (let i = 1; i < nums.length; i++) {
    const x = nums[i];
    const cand = [x, hi * x, lo * x];
    hi = Math.max(...cand);
    lo = Math.min(...cand);
    best = Math.max(best, hi);
  }
  return best;
}`,
    buggy: [
      `function maxProduct(nums) {
  let cur = nums[0];
  let best = nums[0];
  for (let i = 1; i < nums.length; i++) {
    cur = Math.max(nums[i], cur * nums[i]);
    best = Math.max(best, cur);
  }
  return best;
}`,
      `function maxProduct(nums) {
  let hi = 1;
  let lo = 1;
  let best = 0;
  for (const x of nums) {
    const cand = [x, hi * x, lo * x];
    hi = Math.max(...cand);
    lo = Math.min(...cand);
    best = Math.max(best, hi);
  }
  return best;
}`,
    ],
    cases: [
      [[[2, 3, -2, 4]], 6],
      [[[-2, 0, -1]], 0],
      [[[-2, 3, -4]], 24],
      [[[-3]], -3],
      [[[0, 2]], 2],
      [[[-1, -2, -3]], 6],
    ],
  },
  {
    id: 'word-break',
    title: 'Split into dictionary words',
    difficulty: 'hard',
    tags: ['strings'],
    statement: `Write a function canSegment(s, words) that returns true if the string s can be split into a sequence of one or more words from the array words (each word may be reused any number of times). The empty string can always be segmented (zero words). Matching is case-sensitive.`,
    ref: `function canSegment(s, words) {
  const dict = new Set(words);
  const ok = new Array(s.length + 1).fill(false);
  ok[0] = true;
  for (let i = 1; i <= s.length; i++)
    for (let j = 0; j < i && !ok[i]; j++) if (ok[j] && dict.has(s.slice(j, i))) ok[i] = true;
  return ok[s.length];
}`,
    buggy: [
      `function canSegment(s, words) {
  let rest = s;
  while (rest.length > 0) {
    const w = words.find((x) => x.length > 0 && rest.startsWith(x));
    if (!w) return false;
    rest = rest.slice(w.length);
  }
  return true;
}`,
      `function canSegment(s, words) {
  const dict = new Set(words);
  const ok = new Array(s.length + 1).fill(false);
  ok[0] = true;
  for (let i = 1; i <= s.length; i++)
    for (let j = 0; j < i; j++) ok[i] = ok[j] && dict.has(s.slice(j, i));
  return ok[s.length];
}`,
    ],
    cases: [
      [['leetcode', ['leet', 'code']], true],
      [['applepenapple', ['apple', 'pen']], true],
      [['catsandog', ['cats', 'dog', 'sand', 'and', 'cat']], false],
      [['', ['a']], true],
      [['aaaa', ['aaa', 'aa']], true],
      [['Abc', ['abc']], false],
      [['abcd', ['a', 'abc', 'b', 'cd']], true],
    ],
  },
  {
    id: 'equal-sum-partition',
    title: 'Split into two equal-sum halves',
    difficulty: 'medium',
    statement: `Write a function canSplitEqually(nums) that returns true if the positive integers in nums can be divided into two groups (every element in exactly one group, a group may be empty) with equal sums. An empty array can be split (0 = 0).`,
    ref: `function canSplitEqually(nums) {
  const total = nums.reduce((a, b) => a + b, 0);
  if (total % 2 !== 0) return false;
  const half = total / 2;
  const can = new Array(half + 1).fill(false);
  can[0] = true;
  for (const n of nums) for (let s = half; s >= n; s--) if (can[s - n]) can[s] = true;
  return can[half];
}`,
    buggy: [
      `function canSplitEqually(nums) {
  return nums.reduce((a, b) => a + b, 0) % 2 === 0;
}`,
      `function canSplitEqually(nums) {
  const sorted = [...nums].sort((a, b) => b - a);
  let x = 0;
  let y = 0;
  for (const n of sorted) {
    if (x <= y) x += n;
    else y += n;
  }
  return x === y;
}`,
    ],
    cases: [
      [[[1, 5, 11, 5]], true],
      [[[1, 2, 3, 5]], false],
      [[[]], true],
      [[[2, 2]], true],
      [[[4]], false],
      [[[3, 3, 2, 2, 2]], true],
      [[[1, 1, 4]], false],
    ],
  },
  {
    id: 'min-cost-stairs',
    title: 'Cheapest way up the stairs',
    difficulty: 'easy',
    statement: `cost[i] is the price of stepping on stair i. You start below the stairs and may first step on stair 0 or stair 1; from stair i you may move to stair i + 1 or i + 2, paying for every stair you step on. Write a function minStairCost(cost) that returns the least total price to get past the last stair (to position cost.length). With fewer than two stairs the answer is 0 (you can jump over them).`,
    ref: `function minStairCost(cost) {
  let a = 0;
  let b = 0;
  for (let i = 2; i <= cost.length; i++) [a, b] = [b, Math.min(b + cost[i - 1], a + cost[i - 2])];
  return b;
}`,
    buggy: [
      `function minStairCost(cost) {
  let total = 0;
  for (let i = 0; i < cost.length; i += 2) total += Math.min(cost[i], cost[i + 1] ?? Infinity);
  return total;
}`,
      `function minStairCost(cost) {
  let a = cost[0] || 0;
  let b = cost[1] || 0;
  for (let i = 2; i < cost.length; i++) [a, b] = [b, Math.min(a, b) + cost[i]];
  return b;
}`,
    ],
    cases: [
      [[[10, 15, 20]], 15],
      [[[1, 100, 1, 1, 1, 100, 1, 1, 100, 1]], 6],
      [[[]], 0],
      [[[5]], 0],
      [[[3, 2]], 2],
      [[[0, 0, 0]], 0],
      [[[5, 1, 1, 5]], 2],
    ],
  },
  {
    id: 'longest-palindromic-subsequence',
    title: 'Longest palindromic subsequence',
    difficulty: 'hard',
    tags: ['strings'],
    statement: `Write a function lpsLength(s) that returns the length of the longest subsequence of s (characters kept in order, not necessarily adjacent) that is a palindrome. Case matters. An empty string gives 0.`,
    ref: `function lpsLength(s) {
  const n = s.length;
  const dp = Array.from({ length: n }, () => new Array(n).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    dp[i][i] = 1;
    for (let j = i + 1; j < n; j++)
      dp[i][j] = s[i] === s[j] ? dp[i + 1][j - 1] + 2 : Math.max(dp[i + 1][j], dp[i][j - 1]);
  }
  return n ? dp[0][n - 1] : 0;
}`,
    buggy: [
      `function lpsLength(s) {
  let best = 0;
  for (let i = 0; i < s.length; i++)
    for (let j = i; j < s.length; j++) {
      const t = s.slice(i, j + 1);
      if (t === t.split('').reverse().join('')) best = Math.max(best, t.length);
    }
  return best;
}`,
      `function lpsLength(s) {
  const count = {};
  for (const c of s) count[c] = (count[c] || 0) + 1;
  let pairs = 0;
  let odd = 0;
  for (const c in count) {
    pairs += Math.floor(count[c] / 2) * 2;
    if (count[c] % 2) odd = 1;
  }
  return pairs + odd;
}`,
    ],
    cases: [
      [['bbbab'], 4],
      [['cbbd'], 2],
      [[''], 0],
      [['a'], 1],
      [['abca'], 3],
      [['Aa'], 1],
      [['abcab'], 3],
    ],
  },
];
