// Arrays: scans, windows, rearrangements. Expected values written by hand.
export default [
  {
    id: 'sum-of-evens',
    title: 'Sum of even numbers',
    difficulty: 'easy',
    statement: `Write a function sumOfEvens(nums) that returns the sum of the even integers in the array nums.
      Negative even numbers count (e.g. -4 is even). Zero is even. An empty array, or one with no even numbers, gives 0.`,
    ref: `function sumOfEvens(nums) {
  let total = 0;
  for (const n of nums) if (n % 2 === 0) total += n;
  return total;
}`,
    buggy: [
      `function sumOfEvens(nums) {
  let total = 0;
  for (const n of nums) if (n % 2 === 0 && n > 0) total += n;
  return total;
}`,
      `function sumOfEvens(nums) {
  let total = 0;
  for (let i = 0; i < nums.length; i += 2) total += nums[i];
  return total;
}`,
    ],
    cases: [
      [[[1, 2, 3, 4]], 6],
      [[[]], 0],
      [[[1, 3, 5]], 0],
      [[[-4, -3, 2]], -2],
      [[[0, 0, 7]], 0],
      [[[10]], 10],
      [[[2, 2, 2, 1]], 6],
    ],
  },
  {
    id: 'running-max',
    title: 'Running maximum',
    difficulty: 'easy',
    statement: `Write a function runningMax(nums) that returns a new array of the same length whose i-th element is the largest value among nums[0..i].
      The input may contain negative numbers. An empty input gives an empty array.`,
    ref: `function runningMax(nums) {
  const out = [];
  let best = -Infinity;
  for (const n of nums) {
    best = Math.max(best, n);
    out.push(best);
  }
  return out;
}`,
    buggy: [
      `function runningMax(nums) {
  const out = [];
  let best = 0;
  for (const n of nums) {
    best = Math.max(best, n);
    out.push(best);
  }
  return out;
}`,
    ],
    cases: [
      [[[1, 3, 2, 5, 4]], [1, 3, 3, 5, 5]],
      [[[]], []],
      [[[-5, -7, -2, -9]], [-5, -5, -2, -2]],
      [[[4]], [4]],
      [[[5, 4, 3]], [5, 5, 5]],
      [[[-1, 0, -3]], [-1, 0, 0]],
    ],
  },
  {
    id: 'rotate-right',
    title: 'Rotate an array right',
    difficulty: 'easy',
    statement: `Write a function rotateRight(arr, k) that returns a new array with the elements of arr rotated k positions to the right: the last k elements move to the front in their original order.
      k is a non-negative integer and may be larger than the length (rotate by k modulo the length). An empty array gives an empty array. Do not modify arr.`,
    ref: `function rotateRight(arr, k) {
  const n = arr.length;
  if (n === 0) return [];
  const s = k % n;
  return arr.slice(n - s).concat(arr.slice(0, n - s));
}`,
    buggy: [
      `function rotateRight(arr, k) {
  const n = arr.length;
  if (n === 0) return [];
  return arr.slice(n - k).concat(arr.slice(0, n - k));
}`,
      `function rotateRight(arr, k) {
  const n = arr.length;
  if (n === 0) return [];
  const s = k % n;
  return arr.slice(s).concat(arr.slice(0, s));
}`,
    ],
    cases: [
      [[[1, 2, 3, 4, 5], 2], [4, 5, 1, 2, 3]],
      [[[1, 2, 3], 0], [1, 2, 3]],
      [[[1, 2, 3], 3], [1, 2, 3]],
      [[[1, 2, 3], 4], [3, 1, 2]],
      [[[], 5], []],
      [[['a', 'b'], 1], ['b', 'a']],
      [[[7], 100], [7]],
      [[[1, 2, 3], 7], [3, 1, 2]],
    ],
  },
  {
    id: 'second-largest-distinct',
    title: 'Second largest distinct value',
    difficulty: 'easy',
    eval: true,
    statement: `Write a function secondLargest(nums) that returns the second largest distinct value in nums.
      Duplicates count once: in [5, 5, 3] the answer is 3. If there are fewer than two distinct values (including an empty array), return null.`,
    ref: `function secondLargest(nums) {
  const u = [...new Set(nums)].sort((a, b) => b - a);
  return u.length < 2 ? null : u[1];
}`,
    buggy: [
      `function secondLargest(nums) {
  const s = [...nums].sort((a, b) => b - a);
  return s.length < 2 ? null : s[1];
}`,
      `function secondLargest(nums) {
  const u = [...new Set(nums)].sort();
  return u.length < 2 ? null : u[u.length - 2];
}`,
    ],
    cases: [
      [[[1, 2, 3, 4]], 3],
      [[[5, 5, 3]], 3],
      [[[7, 7, 7]], null],
      [[[]], null],
      [[[10, 9]], 9],
      [[[-1, -2, -3]], -2],
      [[[100, 20, 3]], 20],
    ],
  },
  {
    id: 'chunk-array',
    title: 'Split an array into chunks',
    difficulty: 'easy',
    statement: `Write a function chunk(arr, size) that splits arr into consecutive groups of size elements and returns the array of groups.
      The last group holds the leftover elements and may be shorter. size is a positive integer. An empty array gives [].`,
    ref: `function chunk(arr, size) {
  const out = [];
  for (let i = 0; i < arr.length; i += size) out.push(arr.slice(i, i + size));
  return out;
}`,
    buggy: [
      `function chunk(arr, size) {
  const out = [];
  for (let i = 0; i + size <= arr.length; i += size) out.push(arr.slice(i, i + size));
  return out;
}`,
      `function chunk(arr, size) {
  const out = [];
  for (let i = 0; i < arr.length; i += size) out.push(arr.slice(i, size));
  return out;
}`,
    ],
    cases: [
      [[[1, 2, 3, 4, 5], 2], [[1, 2], [3, 4], [5]]],
      [[[1, 2, 3, 4], 2], [[1, 2], [3, 4]]],
      [[[], 3], []],
      [[[1, 2], 5], [[1, 2]]],
      [[[1, 2, 3], 1], [[1], [2], [3]]],
      [[['a', 'b', 'c', 'd', 'e', 'f', 'g'], 3], [['a', 'b', 'c'], ['d', 'e', 'f'], ['g']]],
    ],
  },
  {
    id: 'max-subarray-sum',
    title: 'Maximum subarray sum',
    difficulty: 'medium',
    tags: ['dp'],
    statement: `Write a function maxSubarraySum(nums) that returns the largest sum of a non-empty contiguous subarray of nums.
      When every number is negative the answer is the largest single element. For an empty array return 0.`,
    ref: `function maxSubarraySum(nums) {
  if (nums.length === 0) return 0;
  let best = nums[0];
  let cur = nums[0];
  for (let i = 1; i < nums.length; i++) {
    cur = Math.max(nums[i], cur + nums[i]);
    best = Math.max(best, cur);
  }
  return best;
}`,
    buggy: [
      `function maxSubarraySum(nums) {
  let best = 0;
  let cur = 0;
  for (const n of nums) {
    cur = Math.max(0, cur + n);
    best = Math.max(best, cur);
  }
  return best;
}`,
    ],
    cases: [
      [[[-2, 1, -3, 4, -1, 2, 1, -5, 4]], 6],
      [[[-3, -1, -2]], -1],
      [[[]], 0],
      [[[5]], 5],
      [[[1, 2, 3]], 6],
      [[[2, -1, 2]], 3],
      [[[-5]], -5],
    ],
  },
  {
    id: 'move-zeros-end',
    title: 'Move zeros to the end',
    difficulty: 'easy',
    statement: `Write a function moveZeros(nums) that returns a new array with every 0 moved to the end, keeping the relative order of the non-zero elements.
      Values like -1 or 0.5 are not zero. Do not modify nums.`,
    ref: `function moveZeros(nums) {
  const nz = nums.filter((n) => n !== 0);
  return nz.concat(new Array(nums.length - nz.length).fill(0));
}`,
    buggy: [
      `function moveZeros(nums) {
  return nums.filter((n) => n).concat(nums.filter((n) => !n).slice(1));
}`,
      `function moveZeros(nums) {
  return [...nums].sort((a, b) => (a === 0) - (b === 0) || a - b);
}`,
    ],
    cases: [
      [[[0, 1, 0, 3, 12]], [1, 3, 12, 0, 0]],
      [[[]], []],
      [[[0, 0]], [0, 0]],
      [[[3, 1, 2]], [3, 1, 2]],
      [[[0, -1, 0.5]], [-1, 0.5, 0]],
      [[[5, 0, 4, 0, 3]], [5, 4, 3, 0, 0]],
    ],
  },
  {
    id: 'pairwise-differences',
    title: 'Differences between neighbours',
    difficulty: 'easy',
    statement: `Write a function diffs(nums) that returns an array whose i-th element is nums[i + 1] - nums[i], for every adjacent pair.
      The result has one element fewer than nums; an array with fewer than two elements gives [].`,
    ref: `function diffs(nums) {
  const out = [];
  for (let i = 0; i + 1 < nums.length; i++) out.push(nums[i + 1] - nums[i]);
  return out;
}`,
    buggy: [
      `function diffs(nums) {
  const out = [];
  for (let i = 0; i + 1 < nums.length; i++) out.push(nums[i] - nums[i + 1]);
  return out;
}`,
      `function diffs(nums) {
  return nums.slice(1).map((n, i) => n - nums[i - 1]);
}`,
    ],
    cases: [
      [[[1, 4, 9, 16]], [3, 5, 7]],
      [[[]], []],
      [[[5]], []],
      [[[3, 3]], [0]],
      [[[10, 7, 2]], [-3, -5]],
      [[[-1, 1, -1]], [2, -2]],
    ],
  },
  {
    id: 'longest-increasing-run',
    title: 'Longest strictly increasing run',
    difficulty: 'medium',
    eval: true,
    statement: `Write a function longestIncreasingRun(nums) that returns the length of the longest contiguous run in which each element is strictly greater than the one before it.
      Equal neighbours break a run. A single element is a run of length 1; an empty array gives 0.`,
    ref: `function longestIncreasingRun(nums) {
  if (nums.length === 0) return 0;
  let best = 1;
  let cur = 1;
  for (let i = 1; i < nums.length; i++) {
    cur = nums[i] > nums[i - 1] ? cur + 1 : 1;
    if (cur > best) best = cur;
  }
  return best;
}`,
    buggy: [
      `function longestIncreasingRun(nums) {
  if (nums.length === 0) return 0;
  let best = 1;
  let cur = 1;
  for (let i = 1; i < nums.length; i++) {
    cur = nums[i] >= nums[i - 1] ? cur + 1 : 1;
    if (cur > best) best = cur;
  }
  return best;
}`,
      `function longestIncreasingRun(nums) {
  let best = 0;
  let cur = 1;
  for (let i = 1; i < nums.length; i++) {
    if (nums[i] > nums[i - 1]) cur++;
    else {
      best = Math.max(best, cur);
      cur = 1;
    }
  }
  return best;
}`,
    ],
    cases: [
      [[[1, 2, 3, 2, 3]], 3],
      [[[]], 0],
      [[[5]], 1],
      [[[1, 1, 1]], 1],
      [[[3, 2, 1]], 1],
      [[[1, 2, 2, 3, 4, 5]], 4],
      [[[0, 1, 2, 3]], 4],
    ],
  },
  {
    id: 'two-sum-indices',
    title: 'Two indices that sum to a target',
    difficulty: 'medium',
    tags: ['maps'],
    statement: `Write a function twoSum(nums, target) that returns [i, j] with i < j and nums[i] + nums[j] === target.
      If several pairs work, return the one with the smallest j, and among those the smallest i. The same index cannot be used twice. If no pair exists return null.`,
    ref: `function twoSum(nums, target) {
  const seen = new Map();
  for (let j = 0; j < nums.length; j++) {
    const need = target - nums[j];
    if (seen.has(need)) return [seen.get(need), j];
    if (!seen.has(nums[j])) seen.set(nums[j], j);
  }
  return null;
}`,
    buggy: [
      `function twoSum(nums, target) {
  const seen = new Map();
  for (let j = 0; j < nums.length; j++) {
    seen.set(nums[j], j);
    const need = target - nums[j];
    if (seen.has(need)) return [seen.get(need), j];
  }
  return null;
}`,
      `function twoSum(nums, target) {
  for (let i = 0; i < nums.length; i++)
    for (let j = i + 1; j < nums.length; j++)
      if (nums[i] + nums[j] === target) return [i, j];
  return null;
}`,
    ],
    cases: [
      [[[2, 7, 11, 15], 9], [0, 1]],
      [[[3, 2, 4], 6], [1, 2]],
      [[[3, 3], 6], [0, 1]],
      [[[1, 2, 3], 7], null],
      [[[], 0], null],
      [[[5, 1, 4, 0], 5], [1, 2]],
      [[[4, 4, 4], 8], [0, 1]],
    ],
  },
  {
    id: 'flatten-once',
    title: 'Flatten one level',
    difficulty: 'easy',
    statement: `Write a function flattenOnce(arr) that returns a new array in which every element of arr that is itself an array is replaced by its elements. Only one level is removed: deeper arrays stay nested.
      Non-array elements are kept as they are. Do not use Array.prototype.flat.`,
    ref: `function flattenOnce(arr) {
  const out = [];
  for (const x of arr) {
    if (Array.isArray(x)) out.push(...x);
    else out.push(x);
  }
  return out;
}`,
    buggy: [
      `function flattenOnce(arr) {
  const out = [];
  for (const x of arr) {
    if (Array.isArray(x)) out.push(...flattenOnce(x));
    else out.push(x);
  }
  return out;
}`,
      `function flattenOnce(arr) {
  const out = [];
  for (const x of arr) if (Array.isArray(x)) out.push(...x);
  return out;
}`,
    ],
    cases: [
      [[[1, [2, 3], 4]], [1, 2, 3, 4]],
      [[[]], []],
      [[[[1, [2]], 3]], [1, [2], 3]],
      [[[[], [], 5]], [5]],
      [[['a', ['b', 'c']]], ['a', 'b', 'c']],
      [[[[[[1]]]]], [[[1]]]],
    ],
  },
  {
    id: 'sliding-window-max-sum',
    title: 'Largest sum of k consecutive elements',
    difficulty: 'medium',
    statement: `Write a function maxWindowSum(nums, k) that returns the largest sum of k consecutive elements of nums.
      k is a positive integer. If nums has fewer than k elements return null. Numbers may be negative.`,
    ref: `function maxWindowSum(nums, k) {
  if (nums.length < k) return null;
  let sum = 0;
  for (let i = 0; i < k; i++) sum += nums[i];
  let best = sum;
  for (let i = k; i < nums.length; i++) {
    sum += nums[i] - nums[i - k];
    if (sum > best) best = sum;
  }
  return best;
}`,
    buggy: [
      `function maxWindowSum(nums, k) {
  if (nums.length < k) return null;
  let sum = 0;
  for (let i = 0; i < k; i++) sum += nums[i];
  let best = 0;
  for (let i = k; i < nums.length; i++) {
    sum += nums[i] - nums[i - k];
    if (sum > best) best = sum;
  }
  return best;
}`,
      `function maxWindowSum(nums, k) {
  if (nums.length < k) return null;
  let best = -Infinity;
  for (let i = 0; i + k < nums.length; i++) {
    let s = 0;
    for (let j = i; j < i + k; j++) s += nums[j];
    best = Math.max(best, s);
  }
  return best;
}`,
    ],
    cases: [
      [[[1, 4, 2, 10, 2, 3, 1, 0, 20], 4], 24],
      [[[1, 2], 3], null],
      [[[-1, -2, -3], 2], -3],
      [[[5], 1], 5],
      [[[1, 2, 3], 3], 6],
      [[[3, -10, 4, 4], 2], 8],
    ],
  },
  {
    id: 'interleave-arrays',
    title: 'Interleave two arrays',
    difficulty: 'easy',
    statement: `Write a function interleave(a, b) that returns a new array taking elements alternately from a and b, starting with a[0], then b[0], a[1], b[1], and so on.
      When one array runs out, append the rest of the other in order.`,
    ref: `function interleave(a, b) {
  const out = [];
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (i < a.length) out.push(a[i]);
    if (i < b.length) out.push(b[i]);
  }
  return out;
}`,
    buggy: [
      `function interleave(a, b) {
  const out = [];
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) out.push(a[i], b[i]);
  return out;
}`,
      `function interleave(a, b) {
  const out = [];
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (i < b.length) out.push(b[i]);
    if (i < a.length) out.push(a[i]);
  }
  return out;
}`,
    ],
    cases: [
      [[[1, 2, 3], ['a', 'b', 'c']], [1, 'a', 2, 'b', 3, 'c']],
      [[[1], [2, 3, 4]], [1, 2, 3, 4]],
      [[[1, 2, 3], []], [1, 2, 3]],
      [[[], []], []],
      [[[], ['x']], ['x']],
      [[[1, 3, 5, 7], [2, 4]], [1, 2, 3, 4, 5, 7]],
    ],
  },
  {
    id: 'equilibrium-index',
    title: 'Equilibrium index',
    difficulty: 'medium',
    statement: `Write a function equilibriumIndex(nums) that returns the smallest index i such that the sum of the elements strictly left of i equals the sum of the elements strictly right of i.
      An empty side sums to 0. If no such index exists (including for an empty array) return -1.`,
    ref: `function equilibriumIndex(nums) {
  let right = nums.reduce((a, b) => a + b, 0);
  let left = 0;
  for (let i = 0; i < nums.length; i++) {
    right -= nums[i];
    if (left === right) return i;
    left += nums[i];
  }
  return -1;
}`,
    buggy: [
      `function equilibriumIndex(nums) {
  let right = nums.reduce((a, b) => a + b, 0);
  let left = 0;
  for (let i = 0; i < nums.length; i++) {
    left += nums[i];
    right -= nums[i];
    if (left === right) return i;
  }
  return -1;
}`,
      `function equilibriumIndex(nums) {
  let right = nums.reduce((a, b) => a + b, 0);
  let left = 0;
  for (let i = 1; i < nums.length; i++) {
    left += nums[i - 1];
    right -= nums[i - 1];
    if (left === right - nums[i]) return i;
  }
  return -1;
}`,
    ],
    cases: [
      [[[1, 7, 3, 6, 5, 6]], 3],
      [[[1, 2, 3]], -1],
      [[[2, 1, -1]], 0],
      [[[]], -1],
      [[[0]], 0],
      [[[1, 0, 1, 0]], 1],
      [[[-1, -1, 0, 1, 1, 0]], 5],
    ],
  },
  {
    id: 'rank-elements',
    title: 'Rank of each element',
    difficulty: 'medium',
    tags: ['sorting'],
    statement: `Write a function rankElements(nums) that returns an array where each element of nums is replaced by its rank: the smallest value gets rank 1, the next distinct value rank 2, and so on.
      Equal values get the same rank, and ranks have no gaps (dense ranking). The result keeps the original order of nums. Do not modify nums.`,
    ref: `function rankElements(nums) {
  const sorted = [...new Set(nums)].sort((a, b) => a - b);
  const rank = new Map(sorted.map((v, i) => [v, i + 1]));
  return nums.map((v) => rank.get(v));
}`,
    buggy: [
      `function rankElements(nums) {
  const sorted = nums.sort((a, b) => a - b);
  const rank = new Map();
  for (const v of sorted) if (!rank.has(v)) rank.set(v, rank.size + 1);
  return nums.map((v) => rank.get(v));
}`,
      `function rankElements(nums) {
  const sorted = [...nums].sort((a, b) => a - b);
  return nums.map((v) => sorted.indexOf(v) + 1);
}`,
    ],
    cases: [
      [[[40, 10, 20, 30]], [4, 1, 2, 3]],
      [[[]], []],
      [[[5, 5, 5]], [1, 1, 1]],
      [[[100, 100, 50, 10]], [3, 3, 2, 1]],
      [[[-3, 7, 0]], [1, 3, 2]],
      [[[2, 1, 2, 1, 3]], [2, 1, 2, 1, 3]],
    ],
  },
  {
    id: 'product-except-self',
    title: 'Product of all other elements',
    difficulty: 'medium',
    statement: `Write a function productExceptSelf(nums) that returns an array whose i-th element is the product of every element of nums except nums[i].
      Do not use division (the input may contain zeros). An empty array gives []; a one-element array gives [1].`,
    ref: `function productExceptSelf(nums) {
  const n = nums.length;
  const out = new Array(n).fill(1);
  let left = 1;
  for (let i = 0; i < n; i++) {
    out[i] = left;
    left *= nums[i];
  }
  let right = 1;
  for (let i = n - 1; i >= 0; i--) {
    out[i] *= right;
    right *= nums[i];
  }
  return out;
}`,
    buggy: [
      `function productExceptSelf(nums) {
  const total = nums.reduce((a, b) => a * b, 1);
  return nums.map((v) => total / v);
}`,
      `function productExceptSelf(nums) {
  const n = nums.length;
  const out = new Array(n).fill(1);
  let left = 1;
  for (let i = 0; i < n; i++) {
    left *= nums[i];
    out[i] = left;
  }
  let right = 1;
  for (let i = n - 1; i >= 0; i--) {
    right *= nums[i];
    out[i] *= right;
  }
  return out;
}`,
    ],
    cases: [
      [[[1, 2, 3, 4]], [24, 12, 8, 6]],
      [[[]], []],
      [[[7]], [1]],
      [[[2, 0, 3]], [0, 6, 0]],
      [[[0, 0, 5]], [0, 0, 0]],
      [[[-1, 2, -3]], [-6, 3, -2]],
    ],
  },
  {
    id: 'majority-element',
    title: 'Majority element',
    difficulty: 'medium',
    statement: `Write a function majorityElement(nums) that returns the value occurring strictly more than half the time in nums (more than nums.length / 2 times).
      If no value does (including an empty array), return null.`,
    ref: `function majorityElement(nums) {
  const count = new Map();
  for (const v of nums) {
    const c = (count.get(v) || 0) + 1;
    count.set(v, c);
    if (c > nums.length / 2) return v;
  }
  return null;
}`,
    buggy: [
      `function majorityElement(nums) {
  const count = new Map();
  for (const v of nums) {
    const c = (count.get(v) || 0) + 1;
    count.set(v, c);
    if (c >= nums.length / 2) return v;
  }
  return null;
}`,
      `function majorityElement(nums) {
  let cand = null;
  let c = 0;
  for (const v of nums) {
    if (c === 0) cand = v;
    c += v === cand ? 1 : -1;
  }
  return cand;
}`,
    ],
    cases: [
      [[[3, 2, 3]], 3],
      [[[1, 2, 1, 2]], null],
      [[[]], null],
      [[[9]], 9],
      [[[2, 2, 1, 1, 1, 2, 2]], 2],
      [[[1, 2, 3]], null],
      [[[4, 5, 4, 5, 4]], 4],
    ],
  },
  {
    id: 'merge-sorted-arrays',
    title: 'Merge two sorted arrays',
    difficulty: 'easy',
    tags: ['sorting'],
    eval: true,
    statement: `Write a function mergeSorted(a, b) that merges two arrays of numbers, each sorted in non-decreasing order, into one sorted array containing every element of both (duplicates kept).
      Either array may be empty. Do not modify the inputs.`,
    ref: `function mergeSorted(a, b) {
  const out = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(a[i] <= b[j] ? a[i++] : b[j++]);
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}`,
    buggy: [
      `function mergeSorted(a, b) {
  const out = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(a[i] <= b[j] ? a[i++] : b[j++]);
  return out;
}`,
      `function mergeSorted(a, b) {
  return a.concat(b).sort();
}`,
    ],
    cases: [
      [[[1, 3, 5], [2, 4, 6]], [1, 2, 3, 4, 5, 6]],
      [[[], [1, 2]], [1, 2]],
      [[[1, 2], []], [1, 2]],
      [[[], []], []],
      [[[1, 1, 2], [1, 3]], [1, 1, 1, 2, 3]],
      [[[2, 10], [9, 100]], [2, 9, 10, 100]],
      [[[-5, 0], [-6, 7]], [-6, -5, 0, 7]],
    ],
  },
  {
    id: 'count-inversions',
    title: 'Count inversions',
    difficulty: 'medium',
    statement: `Write a function countInversions(nums) that returns the number of pairs of indices (i, j) with i < j and nums[i] > nums[j].
      Equal elements do not form an inversion. An empty array has 0 inversions.`,
    ref: `function countInversions(nums) {
  let count = 0;
  for (let i = 0; i < nums.length; i++)
    for (let j = i + 1; j < nums.length; j++) if (nums[i] > nums[j]) count++;
  return count;
}`,
    buggy: [
      `function countInversions(nums) {
  let count = 0;
  for (let i = 0; i < nums.length; i++)
    for (let j = i + 1; j < nums.length; j++) if (nums[i] >= nums[j]) count++;
  return count;
}`,
      `function countInversions(nums) {
  let count = 0;
  for (let i = 0; i + 1 < nums.length; i++) if (nums[i] > nums[i + 1]) count++;
  return count;
}`,
    ],
    cases: [
      [[[2, 4, 1, 3, 5]], 3],
      [[[]], 0],
      [[[1, 2, 3]], 0],
      [[[3, 2, 1]], 3],
      [[[2, 2, 2]], 0],
      [[[5, 4, 3, 2, 1]], 10],
      [[[1, 3, 2, 2]], 2],
    ],
  },
  {
    id: 'array-leaders',
    title: 'Leaders in an array',
    difficulty: 'medium',
    statement: `An element is a leader if it is strictly greater than every element to its right. The last element is always a leader.
      Write a function leaders(nums) that returns the leaders of nums in their original left-to-right order. An empty array gives [].`,
    ref: `function leaders(nums) {
  const out = [];
  let max = -Infinity;
  for (let i = nums.length - 1; i >= 0; i--) {
    if (nums[i] > max) {
      out.push(nums[i]);
      max = nums[i];
    }
  }
  return out.reverse();
}`,
    buggy: [
      `function leaders(nums) {
  const out = [];
  let max = -Infinity;
  for (let i = nums.length - 1; i >= 0; i--) {
    if (nums[i] >= max) {
      out.push(nums[i]);
      max = nums[i];
    }
  }
  return out.reverse();
}`,
      `function leaders(nums) {
  const out = [];
  let max = -Infinity;
  for (let i = nums.length - 1; i >= 0; i--) {
    if (nums[i] > max) {
      out.push(nums[i]);
      max = nums[i];
    }
  }
  return out;
}`,
    ],
    cases: [
      [[[16, 17, 4, 3, 5, 2]], [17, 5, 2]],
      [[[]], []],
      [[[1, 2, 3]], [3]],
      [[[3, 2, 1]], [3, 2, 1]],
      [[[5, 5]], [5]],
      [[[-1, -5, -2]], [-1, -2]],
    ],
  },
  {
    id: 'zip-to-pairs',
    title: 'Zip two arrays into pairs',
    difficulty: 'easy',
    statement: `Write a function zipPairs(a, b) that returns an array of pairs [a[i], b[i]] for every index present in both arrays; extra elements of the longer array are ignored.`,
    ref: `function zipPairs(a, b) {
  const n = Math.min(a.length, b.length);
  const out = [];
  for (let i = 0; i < n; i++) out.push([a[i], b[i]]);
  return out;
}`,
    buggy: [
      `function zipPairs(a, b) {
  return a.map((x, i) => [x, b[i]]);
}`,
      `function zipPairs(a, b) {
  const n = Math.min(a.length, b.length);
  const out = [];
  for (let i = 0; i < n - 1; i++) out.push([a[i], b[i]]);
  return out;
}`,
    ],
    cases: [
      [[[1, 2, 3], ['a', 'b', 'c']], [[1, 'a'], [2, 'b'], [3, 'c']]],
      [[[1, 2, 3], [true]], [[1, true]]],
      [[[], [1]], []],
      [[[1], []], []],
      [[[0, 0], [null, null]], [[0, null], [0, null]]],
      [[['x'], ['y', 'z']], [['x', 'y']]],
    ],
  },
  {
    id: 'remove-duplicates-keep-order',
    title: 'Remove duplicates, keep first occurrences',
    difficulty: 'easy',
    tags: ['sets'],
    statement: `Write a function unique(arr) that returns a new array with only the first occurrence of each value, in the order they first appear. Values are numbers or strings and compare with ===, so 1 and "1" are different.`,
    ref: `function unique(arr) {
  const seen = new Set();
  const out = [];
  for (const x of arr) {
    if (!seen.has(x)) {
      seen.add(x);
      out.push(x);
    }
  }
  return out;
}`,
    buggy: [
      `function unique(arr) {
  return arr.filter((x, i) => arr.lastIndexOf(x) === i);
}`,
      `function unique(arr) {
  const seen = {};
  const out = [];
  for (const x of arr) {
    if (!seen[x]) {
      seen[x] = true;
      out.push(x);
    }
  }
  return out;
}`,
    ],
    cases: [
      [[[1, 2, 1, 3, 2]], [1, 2, 3]],
      [[[]], []],
      [[[1, '1', 1]], [1, '1']],
      [[['b', 'a', 'b']], ['b', 'a']],
      [[[4, 4, 4, 4]], [4]],
      [[[3, 1, 2]], [3, 1, 2]],
    ],
  },
  {
    id: 'missing-number',
    title: 'The missing number',
    difficulty: 'easy',
    tags: ['math'],
    statement: `nums holds n distinct integers taken from the range 0..n (inclusive), so exactly one number of that range is missing. Write a function missingNumber(nums) that returns it. For an empty array the answer is 0.`,
    ref: `function missingNumber(nums) {
  const n = nums.length;
  let sum = (n * (n + 1)) / 2;
  for (const v of nums) sum -= v;
  return sum;
}`,
    buggy: [
      `function missingNumber(nums) {
  const n = nums.length;
  let sum = (n * (n - 1)) / 2;
  for (const v of nums) sum -= v;
  return sum;
}`,
      `function missingNumber(nums) {
  const s = [...nums].sort((a, b) => a - b);
  for (let i = 0; i < s.length; i++) if (s[i] !== i) return i;
  return 0;
}`,
    ],
    cases: [
      [[[3, 0, 1]], 2],
      [[[]], 0],
      [[[0]], 1],
      [[[1]], 0],
      [[[0, 1, 2, 3]], 4],
      [[[9, 6, 4, 2, 3, 5, 7, 0, 1]], 8],
    ],
  },
  {
    id: 'three-way-partition',
    title: 'Three-way partition',
    difficulty: 'medium',
    statement: `Write a function partition3(nums, pivot) that returns a new array holding first the elements less than pivot, then those equal to pivot, then those greater, each group keeping its original relative order.`,
    ref: `function partition3(nums, pivot) {
  const lo = [];
  const eq = [];
  const hi = [];
  for (const v of nums) {
    if (v < pivot) lo.push(v);
    else if (v === pivot) eq.push(v);
    else hi.push(v);
  }
  return lo.concat(eq, hi);
}`,
    buggy: [
      `function partition3(nums, pivot) {
  const lo = [];
  const hi = [];
  for (const v of nums) {
    if (v <= pivot) lo.push(v);
    else hi.push(v);
  }
  return lo.concat(hi);
}`,
      `function partition3(nums, pivot) {
  return [...nums].sort((a, b) => a - b);
}`,
    ],
    cases: [
      [[[9, 12, 3, 5, 14, 10, 10], 10], [9, 3, 5, 10, 10, 12, 14]],
      [[[], 1], []],
      [[[1, 2, 3], 5], [1, 2, 3]],
      [[[5, 1, 5], 5], [1, 5, 5]],
      [[[7, 6, 8], 0], [7, 6, 8]],
      [[[4, 2, 4, 1], 3], [2, 1, 4, 4]],
    ],
  },
  {
    id: 'array-spread',
    title: 'Spread of an array',
    difficulty: 'easy',
    statement: `Write a function spread(nums) that returns the difference between the largest and the smallest value of nums. For an empty array return 0. Numbers may be negative.`,
    ref: `function spread(nums) {
  if (nums.length === 0) return 0;
  return Math.max(...nums) - Math.min(...nums);
}`,
    buggy: [
      `function spread(nums) {
  if (nums.length === 0) return 0;
  let lo = 0;
  let hi = 0;
  for (const v of nums) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return hi - lo;
}`,
      `function spread(nums) {
  const s = [...nums].sort();
  return s.length ? s[s.length - 1] - s[0] : 0;
}`,
    ],
    cases: [
      [[[3, 9, 1]], 8],
      [[[]], 0],
      [[[5]], 0],
      [[[-2, -8, -5]], 6],
      [[[4, 4]], 0],
      [[[10, 2, 33]], 31],
    ],
  },
  {
    id: 'trapping-rain-water',
    title: 'Trapped rain water',
    difficulty: 'hard',
    statement: `heights holds the non-negative heights of bars of width 1 standing side by side. Write a function trappedWater(heights) that returns how many units of rain water are trapped between the bars after rain: above each bar the water level is the smaller of the tallest bar to its left and the tallest bar to its right (each including the bar itself), minus the bar's height. Fewer than three bars trap nothing.`,
    ref: `function trappedWater(heights) {
  const n = heights.length;
  const leftMax = new Array(n).fill(0);
  const rightMax = new Array(n).fill(0);
  for (let i = 0; i < n; i++) leftMax[i] = Math.max(i > 0 ? leftMax[i - 1] : 0, heights[i]);
  for (let i = n - 1; i >= 0; i--) rightMax[i] = Math.max(i < n - 1 ? rightMax[i + 1] : 0, heights[i]);
  let water = 0;
  for (let i = 0; i < n; i++) water += Math.min(leftMax[i], rightMax[i]) - heights[i];
  return water;
}`,
    buggy: [
      `function trappedWater(heights) {
  const n = heights.length;
  let water = 0;
  for (let i = 1; i < n - 1; i++) {
    const level = Math.min(heights[i - 1], heights[i + 1]);
    if (level > heights[i]) water += level - heights[i];
  }
  return water;
}`,
      `function trappedWater(heights) {
  const n = heights.length;
  const leftMax = new Array(n).fill(0);
  const rightMax = new Array(n).fill(0);
  for (let i = 0; i < n; i++) leftMax[i] = Math.max(i > 0 ? leftMax[i - 1] : 0, heights[i]);
  for (let i = n - 1; i >= 0; i--) rightMax[i] = Math.max(i < n - 1 ? rightMax[i + 1] : 0, heights[i]);
  let water = 0;
  for (let i = 0; i < n; i++) water += Math.max(leftMax[i], rightMax[i]) - heights[i];
  return water;
}`,
    ],
    cases: [
      [[[0, 1, 0, 2, 1, 0, 1, 3, 2, 1, 2, 1]], 6],
      [[[4, 2, 0, 3, 2, 5]], 9],
      [[[]], 0],
      [[[3, 0]], 0],
      [[[1, 2, 3]], 0],
      [[[3, 0, 3]], 3],
      [[[5, 1, 1, 1, 5]], 12],
    ],
  },
  {
    id: 'next-permutation',
    title: 'Next permutation',
    difficulty: 'hard',
    statement: `Write a function nextPermutation(nums) that returns a new array holding the next arrangement of nums in lexicographic order, i.e. the smallest arrangement that is strictly greater than nums. If nums is already the largest arrangement (non-increasing), return the smallest one (sorted ascending). Values may repeat. Do not modify nums.`,
    ref: `function nextPermutation(nums) {
  const a = [...nums];
  let i = a.length - 2;
  while (i >= 0 && a[i] >= a[i + 1]) i--;
  if (i >= 0) {
    let j = a.length - 1;
    while (a[j] <= a[i]) j--;
    [a[i], a[j]] = [a[j], a[i]];
  }
  let lo = i + 1;
  let hi = a.length - 1;
  while (lo < hi) [a[lo++], a[hi--]] = [a[hi], a[lo]];
  return a;
}`,
    buggy: [
      `function nextPermutation(nums) {
  const a = [...nums];
  let i = a.length - 2;
  while (i >= 0 && a[i] > a[i + 1]) i--;
  if (i >= 0) {
    let j = a.length - 1;
    while (a[j] <= a[i]) j--;
    [a[i], a[j]] = [a[j], a[i]];
  }
  let lo = i + 1;
  let hi = a.length - 1;
  while (lo < hi) [a[lo++], a[hi--]] = [a[hi], a[lo]];
  return a;
}`,
      `function nextPermutation(nums) {
  const a = [...nums];
  let i = a.length - 2;
  while (i >= 0 && a[i] >= a[i + 1]) i--;
  if (i < 0) return a.reverse();
  let j = a.length - 1;
  while (a[j] <= a[i]) j--;
  [a[i], a[j]] = [a[j], a[i]];
  return a;
}`,
    ],
    cases: [
      [[[1, 2, 3]], [1, 3, 2]],
      [[[3, 2, 1]], [1, 2, 3]],
      [[[1, 1, 5]], [1, 5, 1]],
      [[[1, 3, 2]], [2, 1, 3]],
      [[[]], []],
      [[[7]], [7]],
      [[[1, 5, 1]], [5, 1, 1]],
      [[[2, 3, 1, 3, 3]], [2, 3, 3, 1, 3]],
    ],
  },
  {
    id: 'prefix-sums',
    title: 'Running totals',
    difficulty: 'easy',
    statement: `Write a function prefixSums(nums) that returns a new array whose i-th element is nums[0] + nums[1] + ... + nums[i]. The result has the same length as nums; an empty array gives [].`,
    ref: `function prefixSums(nums) {
  const out = [];
  let total = 0;
  for (const n of nums) {
    total += n;
    out.push(total);
  }
  return out;
}`,
    buggy: [
      `function prefixSums(nums) {
  const out = [0];
  let total = 0;
  for (const n of nums) {
    total += n;
    out.push(total);
  }
  return out;
}`,
      `function prefixSums(nums) {
  const out = [];
  let total = 0;
  for (const n of nums) {
    out.push(total);
    total += n;
  }
  return out;
}`,
    ],
    cases: [
      [[[1, 2, 3, 4]], [1, 3, 6, 10]],
      [[[]], []],
      [[[5]], [5]],
      [[[-1, 1, -1]], [-1, 0, -1]],
      [[[0, 0, 0]], [0, 0, 0]],
      [[[10, -20, 5]], [10, -10, -5]],
    ],
  },
  {
    id: 'longest-plateau',
    title: 'Longest run of equal values',
    difficulty: 'medium',
    eval: true,
    statement: `Write a function longestPlateau(nums) that returns [value, length] for the longest run of consecutive equal elements of nums. If several runs have the same greatest length, return the first one. For an empty array return null.`,
    ref: `function longestPlateau(nums) {
  if (nums.length === 0) return null;
  let best = [nums[0], 1];
  let run = 1;
  for (let i = 1; i < nums.length; i++) {
    run = nums[i] === nums[i - 1] ? run + 1 : 1;
    if (run > best[1]) best = [nums[i], run];
  }
  return best;
}`,
    buggy: [
      `function longestPlateau(nums) {
  if (nums.length === 0) return null;
  let best = [nums[0], 1];
  let run = 1;
  for (let i = 1; i < nums.length; i++) {
    run = nums[i] === nums[i - 1] ? run + 1 : 1;
    if (run >= best[1]) best = [nums[i], run];
  }
  return best;
}`,
      `function longestPlateau(nums) {
  if (nums.length === 0) return null;
  const count = new Map();
  for (const n of nums) count.set(n, (count.get(n) || 0) + 1);
  let best = [nums[0], 0];
  for (const [v, c] of count) if (c > best[1]) best = [v, c];
  return best;
}`,
    ],
    cases: [
      [[[1, 2, 2, 3, 3, 3, 2]], [3, 3]],
      [[[]], null],
      [[[4]], [4, 1]],
      [[[1, 1, 2, 2]], [1, 2]],
      [[[5, 6, 7]], [5, 1]],
      [[[2, 1, 2, 1, 1]], [1, 2]],
      [[[9, 9, 9]], [9, 3]],
    ],
  },
  {
    id: 'min-subarray-length',
    title: 'Shortest subarray reaching a sum',
    difficulty: 'medium',
    tags: ['sliding-window'],
    statement: `Write a function minSubarrayLen(nums, target) that returns the length of the shortest contiguous subarray of nums (positive integers) whose sum is at least target (a positive integer). If no subarray reaches target, return 0.`,
    ref: `function minSubarrayLen(nums, target) {
  let best = Infinity;
  let sum = 0;
  let left = 0;
  for (let right = 0; right < nums.length; right++) {
    sum += nums[right];
    while (sum >= target) {
      best = Math.min(best, right - left + 1);
      sum -= nums[left++];
    }
  }
  return best === Infinity ? 0 : best;
}`,
    buggy: [
      `function minSubarrayLen(nums, target) {
  let best = Infinity;
  let sum = 0;
  let left = 0;
  for (let right = 0; right < nums.length; right++) {
    sum += nums[right];
    while (sum > target) {
      best = Math.min(best, right - left + 1);
      sum -= nums[left++];
    }
  }
  return best === Infinity ? 0 : best;
}`,
      `function minSubarrayLen(nums, target) {
  let best = Infinity;
  let sum = 0;
  let left = 0;
  for (let right = 0; right < nums.length; right++) {
    sum += nums[right];
    if (sum >= target) {
      best = Math.min(best, right - left + 1);
      sum -= nums[left++];
    }
  }
  return best === Infinity ? 0 : best;
}`,
    ],
    cases: [
      [[[2, 3, 1, 2, 4, 3], 7], 2],
      [[[1, 4, 4], 4], 1],
      [[[1, 1, 1, 1], 11], 0],
      [[[], 3], 0],
      [[[5], 5], 1],
      [[[1, 2, 3, 4, 5], 11], 3],
      [[[1, 1, 1, 1, 7], 7], 1],
    ],
  },
];
