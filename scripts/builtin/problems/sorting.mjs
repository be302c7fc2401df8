// Sorting and searching. Expected values written by hand.
export default [
  {
    id: 'binary-search-index',
    title: 'Binary search',
    difficulty: 'easy',
    tags: ['searching'],
    statement: `Write a function binarySearch(sorted, target) that returns an index of target in the array sorted (sorted in strictly increasing order, so values are distinct), or -1 if target is absent. Use binary search.`,
    ref: `function binarySearch(sorted, target) {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] === target) return mid;
    if (sorted[mid] < target) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}`,
    buggy: [
      `function binarySearch(sorted, target) {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] === target) return mid;
    if (sorted[mid] < target) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}`,
      `function binarySearch(sorted, target) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}`,
    ],
    cases: [
      [[[1, 3, 5, 7, 9], 7], 3],
      [[[1, 3, 5, 7, 9], 4], -1],
      [[[], 1], -1],
      [[[5], 5], 0],
      [[[1, 2], 2], 1],
      [[[-10, -3, 0, 8], -10], 0],
      [[[2, 4, 6], 10], -1],
    ],
  },
  {
    id: 'first-occurrence',
    title: 'First position of a value in a sorted array',
    difficulty: 'medium',
    tags: ['searching'],
    statement: `Write a function firstIndex(sorted, target) that returns the smallest index i with sorted[i] === target in an array sorted in non-decreasing order (values may repeat), or -1 if target is absent. It must run in logarithmic time.`,
    ref: `function firstIndex(sorted, target) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo] === target ? lo : -1;
}`,
    buggy: [
      `function firstIndex(sorted, target) {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] === target) return mid;
    if (sorted[mid] < target) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}`,
      `function firstIndex(sorted, target) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= target) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && sorted[lo - 1] === target ? lo - 1 : -1;
}`,
    ],
    cases: [
      [[[1, 2, 2, 2, 3], 2], 1],
      [[[1, 2, 3], 4], -1],
      [[[], 0], -1],
      [[[7, 7, 7, 7, 7, 7, 7], 7], 0],
      [[[1, 1, 2], 1], 0],
      [[[0, 5, 5], 5], 1],
      [[[1, 3], 2], -1],
    ],
  },
  {
    id: 'sort-by-two-keys',
    title: 'Sort people by age then name',
    difficulty: 'easy',
    statement: `Write a function sortPeople(people) that returns a new array of the objects {name, age} sorted by age ascending, and for equal ages by name in ascending string order (case-sensitive, as < compares). Do not modify the input array.`,
    ref: `function sortPeople(people) {
  return [...people].sort((a, b) => a.age - b.age || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}`,
    buggy: [
      `function sortPeople(people) {
  return [...people].sort((a, b) => a.age - b.age);
}`,
      `function sortPeople(people) {
  return [...people].sort((a, b) => (a.name < b.name ? -1 : 1)).sort((a, b) => b.age - a.age);
}`,
    ],
    cases: [
      [[[{ name: 'bo', age: 30 }, { name: 'al', age: 25 }]], [{ name: 'al', age: 25 }, { name: 'bo', age: 30 }]],
      [[[]], []],
      [[[{ name: 'zed', age: 20 }, { name: 'amy', age: 20 }]], [{ name: 'amy', age: 20 }, { name: 'zed', age: 20 }]],
      [[[{ name: 'b', age: 1 }, { name: 'B', age: 1 }]], [{ name: 'B', age: 1 }, { name: 'b', age: 1 }]],
      [[[{ name: 'x', age: 3 }, { name: 'y', age: 2 }, { name: 'w', age: 2 }]], [{ name: 'w', age: 2 }, { name: 'y', age: 2 }, { name: 'x', age: 3 }]],
      [[[{ name: 'solo', age: 99 }]], [{ name: 'solo', age: 99 }]],
    ],
  },
  {
    id: 'sort-by-frequency',
    title: 'Sort by frequency',
    difficulty: 'medium',
    tags: ['maps'],
    eval: true,
    statement: `Write a function sortByFrequency(nums) that returns the numbers of nums reordered so that more frequent values come first; values with the same frequency are ordered by value ascending. Every occurrence is kept (so [1, 2, 2] gives [2, 2, 1]).`,
    ref: `function sortByFrequency(nums) {
  const count = new Map();
  for (const n of nums) count.set(n, (count.get(n) || 0) + 1);
  return [...nums].sort((a, b) => count.get(b) - count.get(a) || a - b);
}`,
    buggy: [
      `function sortByFrequency(nums) {
  const count = new Map();
  for (const n of nums) count.set(n, (count.get(n) || 0) + 1);
  return [...nums].sort((a, b) => count.get(b) - count.get(a));
}`,
      `function sortByFrequency(nums) {
  const count = new Map();
  for (const n of nums) count.set(n, (count.get(n) || 0) + 1);
  return [...count.keys()].sort((a, b) => count.get(b) - count.get(a) || a - b);
}`,
    ],
    cases: [
      [[[1, 2, 2]], [2, 2, 1]],
      [[[]], []],
      [[[4, 6, 2, 6, 4, 4]], [4, 4, 4, 6, 6, 2]],
      [[[3, 1, 2]], [1, 2, 3]],
      [[[5, 5, 1, 1]], [1, 1, 5, 5]],
      [[[-1, 10, -1, 10, 3]], [-1, -1, 10, 10, 3]],
    ],
  },
  {
    id: 'insertion-sort-steps',
    title: 'Insertion sort shifts',
    difficulty: 'medium',
    statement: `Write a function insertionShifts(nums) that sorts a copy of nums in ascending order with insertion sort and returns the number of times an element was shifted one position to the right. Equal elements are never shifted past each other (the sort is stable), so this equals the number of pairs i < j with nums[i] > nums[j].`,
    ref: `function insertionShifts(nums) {
  const a = [...nums];
  let shifts = 0;
  for (let i = 1; i < a.length; i++) {
    const x = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] > x) {
      a[j + 1] = a[j];
      j--;
      shifts++;
    }
    a[j + 1] = x;
  }
  return shifts;
}`,
    buggy: [
      `function insertionShifts(nums) {
  const a = [...nums];
  let shifts = 0;
  for (let i = 1; i < a.length; i++) {
    const x = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] >= x) {
      a[j + 1] = a[j];
      j--;
      shifts++;
    }
    a[j + 1] = x;
  }
  return shifts;
}`,
      `function insertionShifts(nums) {
  const a = [...nums];
  let shifts = 0;
  for (let i = 1; i < a.length; i++) {
    const x = a[i];
    let j = i - 1;
    while (j > 0 && a[j] > x) {
      a[j + 1] = a[j];
      j--;
      shifts++;
    }
    a[j + 1] = x;
  }
  return shifts;
}`,
    ],
    cases: [
      [[[3, 1, 2]], 2],
      [[[]], 0],
      [[[1, 2, 3]], 0],
      [[[2, 2, 1]], 2],
      [[[4, 3, 2, 1]], 6],
      [[[1, 1, 1]], 0],
      [[[2, 1]], 1],
    ],
  },
  {
    id: 'kth-smallest',
    title: 'k-th smallest value',
    eval: true,
    difficulty: 'easy',
    statement: `Write a function kthSmallest(nums, k) that returns the k-th smallest element of nums, counting from k = 1 and counting duplicates separately (in [1, 1, 2] the 2nd smallest is 1). If k is less than 1 or greater than the length, return null. Do not modify nums.`,
    ref: `function kthSmallest(nums, k) {
  if (k < 1 || k > nums.length) return null;
  return [...nums].sort((a, b) => a - b)[k - 1];
}`,
    buggy: [
      `function kthSmallest(nums, k) {
  if (k < 1 || k > nums.length) return null;
  return [...nums].sort()[k - 1];
}`,
      `function kthSmallest(nums, k) {
  if (k < 1 || k > nums.length) return null;
  return [...new Set(nums)].sort((a, b) => a - b)[k - 1];
}`,
    ],
    cases: [
      [[[3, 1, 2], 1], 1],
      [[[3, 1, 2], 3], 3],
      [[[1, 1, 2], 2], 1],
      [[[5], 2], null],
      [[[5], 0], null],
      [[[10, 9, 100, 2], 3], 10],
      [[[], 1], null],
    ],
  },
  {
    id: 'search-rotated',
    title: 'Search a rotated sorted array',
    difficulty: 'hard',
    tags: ['searching'],
    statement: `An array of distinct numbers sorted in increasing order was rotated at an unknown point (e.g. [4, 5, 6, 7, 0, 1, 2]). Write a function searchRotated(nums, target) that returns the index of target, or -1 if absent, in logarithmic time. The array may be empty or not rotated at all.`,
    ref: `function searchRotated(nums, target) {
  let lo = 0;
  let hi = nums.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (nums[mid] === target) return mid;
    if (nums[lo] <= nums[mid]) {
      if (nums[lo] <= target && target < nums[mid]) hi = mid - 1;
      else lo = mid + 1;
    } else {
      if (nums[mid] < target && target <= nums[hi]) lo = mid + 1;
      else hi = mid - 1;
    }
  }
  return -1;
}`,
    buggy: [
      `function searchRotated(nums, target) {
  let lo = 0;
  let hi = nums.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (nums[mid] === target) return mid;
    if (nums[mid] < target) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}`,
      `function searchRotated(nums, target) {
  let lo = 0;
  let hi = nums.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (nums[mid] === target) return mid;
    if (nums[lo] < nums[mid]) {
      if (nums[lo] <= target && target < nums[mid]) hi = mid - 1;
      else lo = mid + 1;
    } else {
      if (nums[mid] < target && target <= nums[hi]) lo = mid + 1;
      else hi = mid - 1;
    }
  }
  return -1;
}`,
    ],
    cases: [
      [[[4, 5, 6, 7, 0, 1, 2], 0], 4],
      [[[4, 5, 6, 7, 0, 1, 2], 3], -1],
      [[[], 1], -1],
      [[[1], 1], 0],
      [[[3, 1], 1], 1],
      [[[1, 2, 3, 4], 4], 3],
      [[[5, 1, 3], 5], 0],
      [[[6, 7, 1, 2, 3, 4, 5], 7], 1],
    ],
  },
  {
    id: 'merge-intervals',
    title: 'Merge overlapping intervals',
    eval: true,
    difficulty: 'hard',
    statement: `Write a function mergeIntervals(intervals) that takes an array of [start, end] pairs (start <= end, in any order) and returns the merged intervals sorted by start. Intervals that overlap or touch (one ends exactly where the next starts) merge into one. Do not modify the input.`,
    ref: `function mergeIntervals(intervals) {
  const sorted = intervals.map((iv) => [...iv]).sort((a, b) => a[0] - b[0]);
  const out = [];
  for (const iv of sorted) {
    const last = out[out.length - 1];
    if (last && iv[0] <= last[1]) last[1] = Math.max(last[1], iv[1]);
    else out.push(iv);
  }
  return out;
}`,
    buggy: [
      `function mergeIntervals(intervals) {
  const sorted = intervals.map((iv) => [...iv]).sort((a, b) => a[0] - b[0]);
  const out = [];
  for (const iv of sorted) {
    const last = out[out.length - 1];
    if (last && iv[0] < last[1]) last[1] = Math.max(last[1], iv[1]);
    else out.push(iv);
  }
  return out;
}`,
      `function mergeIntervals(intervals) {
  const sorted = intervals.map((iv) => [...iv]).sort((a, b) => a[0] - b[0]);
  const out = [];
  for (const iv of sorted) {
    const last = out[out.length - 1];
    if (last && iv[0] <= last[1]) last[1] = iv[1];
    else out.push(iv);
  }
  return out;
}`,
    ],
    cases: [
      [[[[1, 3], [2, 6], [8, 10], [15, 18]]], [[1, 6], [8, 10], [15, 18]]],
      [[[]], []],
      [[[[1, 4], [4, 5]]], [[1, 5]]],
      [[[[1, 10], [2, 3]]], [[1, 10]]],
      [[[[5, 6], [1, 2]]], [[1, 2], [5, 6]]],
      [[[[3, 3]]], [[3, 3]]],
      [[[[1, 2], [3, 4], [2, 3]]], [[1, 4]]],
    ],
  },
  {
    id: 'closest-value',
    title: 'Closest value in a sorted array',
    difficulty: 'medium',
    tags: ['searching'],
    eval: true,
    statement: `Write a function closest(sorted, x) that returns the element of the non-empty array sorted (non-decreasing) that is nearest to x. If two elements are equally near, return the smaller one.`,
    ref: `function closest(sorted, x) {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && x - sorted[lo - 1] <= sorted[lo] - x) return sorted[lo - 1];
  return sorted[lo];
}`,
    buggy: [
      `function closest(sorted, x) {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && x - sorted[lo - 1] < sorted[lo] - x) return sorted[lo - 1];
  return sorted[lo];
}`,
      `function closest(sorted, x) {
  let best = sorted[0];
  for (const v of sorted) if (Math.abs(v - x) <= Math.abs(best - x)) best = v;
  return best;
}`,
    ],
    cases: [
      [[[1, 4, 7], 5], 4],
      [[[1, 4, 7], 6], 7],
      [[[1, 3], 2], 1],
      [[[10], -5], 10],
      [[[1, 2, 3], 100], 3],
      [[[1, 2, 3], -100], 1],
      [[[2, 2, 5], 2], 2],
    ],
  },
  {
    id: 'sort-by-length-desc',
    title: 'Sort strings by length, longest first',
    difficulty: 'easy',
    tags: ['strings'],
    statement: `Write a function byLengthDesc(words) that returns a new array of the strings in words ordered from longest to shortest; strings of equal length keep their original relative order. Do not modify words.`,
    ref: `function byLengthDesc(words) {
  return [...words].sort((a, b) => b.length - a.length);
}`,
    buggy: [
      `function byLengthDesc(words) {
  return [...words].sort((a, b) => a.length - b.length).reverse();
}`,
      `function byLengthDesc(words) {
  return [...words].sort().sort((a, b) => b.length - a.length);
}`,
    ],
    cases: [
      [[['a', 'abc', 'ab']], ['abc', 'ab', 'a']],
      [[[]], []],
      [[['x', 'y', 'zz']], ['zz', 'x', 'y']],
      [[['aa', 'bb', 'cc']], ['aa', 'bb', 'cc']],
      [[['b', 'a', 'cc']], ['cc', 'b', 'a']],
      [[['', 'a']], ['a', '']],
      [[['one', 'three', 'two', 'four']], ['three', 'four', 'one', 'two']],
    ],
  },
  {
    id: 'count-in-range-sorted',
    title: 'Count values in a range',
    difficulty: 'medium',
    tags: ['searching'],
    statement: `Write a function countInRange(sorted, lo, hi) that returns how many elements x of the non-decreasing array sorted satisfy lo <= x <= hi (both bounds inclusive). If lo > hi the answer is 0. Use binary search.`,
    ref: `function countInRange(sorted, lo, hi) {
  if (lo > hi) return 0;
  // First index whose value is not below t (or, inclusive, not at most t).
  const bound = (t, inclusive) => {
    let a = 0;
    let b = sorted.length;
    while (a < b) {
      const m = (a + b) >> 1;
      if (sorted[m] < t || (inclusive && sorted[m] === t)) a = m + 1;
      else b = m;
    }
    return a;
  };
  return bound(hi, true) - bound(lo, false);
}`,
    buggy: [
      `function countInRange(sorted, lo, hi) {
  const lower = (t) => {
    let a = 0;
    let b = sorted.length;
    while (a < b) {
      const m = (a + b) >> 1;
      if (sorted[m] < t) a = m + 1;
      else b = m;
    }
    return a;
  };
  return lower(hi) - lower(lo);
}`,
      `function countInRange(sorted, lo, hi) {
  return sorted.filter((x) => x > lo && x <= hi).length;
}`,
    ],
    cases: [
      [[[1, 2, 3, 4, 5], 2, 4], 3],
      [[[1, 2, 2, 2, 3], 2, 2], 3],
      [[[], 0, 10], 0],
      [[[1, 2, 3], 5, 1], 0],
      [[[1, 5, 9], 6, 8], 0],
      [[[-3, -1, 0, 4], -10, 0], 3],
    ],
  },
  {
    id: 'peak-element',
    title: 'Find a peak',
    difficulty: 'medium',
    tags: ['searching'],
    statement: `Write a function firstPeak(nums) that returns the index of the first peak of nums: an element strictly greater than its neighbours, where a missing neighbour (before index 0 or after the last index) counts as -Infinity. Return -1 if there is no peak (e.g. an empty array or all values equal with length at least 2).`,
    ref: `function firstPeak(nums) {
  for (let i = 0; i < nums.length; i++) {
    const left = i > 0 ? nums[i - 1] : -Infinity;
    const right = i < nums.length - 1 ? nums[i + 1] : -Infinity;
    if (nums[i] > left && nums[i] > right) return i;
  }
  return -1;
}`,
    buggy: [
      `function firstPeak(nums) {
  for (let i = 1; i < nums.length - 1; i++) if (nums[i] > nums[i - 1] && nums[i] > nums[i + 1]) return i;
  return -1;
}`,
      `function firstPeak(nums) {
  for (let i = 0; i < nums.length; i++) {
    const left = i > 0 ? nums[i - 1] : -Infinity;
    const right = i < nums.length - 1 ? nums[i + 1] : -Infinity;
    if (nums[i] >= left && nums[i] >= right) return i;
  }
  return -1;
}`,
    ],
    cases: [
      [[[1, 3, 2]], 1],
      [[[]], -1],
      [[[5]], 0],
      [[[3, 1, 2]], 0],
      [[[1, 2, 3]], 2],
      [[[2, 2]], -1],
      [[[1, 1, 2, 1]], 2],
    ],
  },
  {
    id: 'sort-stable-by-parity',
    title: 'Evens before odds',
    difficulty: 'easy',
    statement: `Write a function evensFirst(nums) that returns a new array with all even integers of nums before all odd ones, each group keeping its original order. Negative numbers follow the same rule (-3 is odd, -2 is even).`,
    ref: `function evensFirst(nums) {
  return nums.filter((n) => n % 2 === 0).concat(nums.filter((n) => n % 2 !== 0));
}`,
    buggy: [
      `function evensFirst(nums) {
  return nums.filter((n) => n % 2 === 0).concat(nums.filter((n) => n % 2 === 1));
}`,
      `function evensFirst(nums) {
  return [...nums].sort((a, b) => (a % 2) - (b % 2));
}`,
    ],
    cases: [
      [[[3, 1, 2, 4]], [2, 4, 3, 1]],
      [[[]], []],
      [[[-3, -2, 5]], [-2, -3, 5]],
      [[[1, 3]], [1, 3]],
      [[[0, 7, 6]], [0, 6, 7]],
      [[[-1, 2, -4, 3]], [2, -4, -1, 3]],
    ],
  },
  {
    id: 'h-index',
    title: 'h-index',
    difficulty: 'medium',
    statement: `A researcher's h-index is the largest h such that at least h of their papers have at least h citations each. Write a function hIndex(citations) that computes it from an array of non-negative citation counts (in any order). An empty array gives 0.`,
    ref: `function hIndex(citations) {
  const s = [...citations].sort((a, b) => b - a);
  let h = 0;
  while (h < s.length && s[h] >= h + 1) h++;
  return h;
}`,
    buggy: [
      `function hIndex(citations) {
  const s = [...citations].sort((a, b) => b - a);
  let h = 0;
  while (h < s.length && s[h] > h + 1) h++;
  return h;
}`,
      `function hIndex(citations) {
  const s = [...citations].sort((a, b) => a - b);
  let h = 0;
  while (h < s.length && s[h] >= h + 1) h++;
  return h;
}`,
    ],
    cases: [
      [[[3, 0, 6, 1, 5]], 3],
      [[[]], 0],
      [[[0, 0]], 0],
      [[[100]], 1],
      [[[1, 1, 1]], 1],
      [[[4, 4, 4, 4]], 4],
      [[[10, 8, 5, 4, 3]], 4],
    ],
  },
  {
    id: 'custom-order-sort',
    title: 'Sort characters by a custom order',
    difficulty: 'medium',
    statement: `Write a function customSort(order, s) that reorders the characters of s so that characters appearing in the string order come first, in the order they appear in order (order has no repeated characters); characters of s not in order come after them, in their original relative order. Every character of s is kept, duplicates included.`,
    ref: `function customSort(order, s) {
  const rank = new Map([...order].map((c, i) => [c, i]));
  const inOrder = [...s].filter((c) => rank.has(c)).sort((a, b) => rank.get(a) - rank.get(b));
  const rest = [...s].filter((c) => !rank.has(c));
  return inOrder.join('') + rest.join('');
}`,
    buggy: [
      `function customSort(order, s) {
  let out = '';
  for (const c of order) if (s.includes(c)) out += c;
  for (const c of s) if (!order.includes(c)) out += c;
  return out;
}`,
      `function customSort(order, s) {
  const rank = (c) => order.indexOf(c);
  return [...s].sort((a, b) => rank(a) - rank(b)).join('');
}`,
    ],
    cases: [
      [['cba', 'abcd'], 'cbad'],
      [['', 'hello'], 'hello'],
      [['xyz', ''], ''],
      [['ba', 'aabb'], 'bbaa'],
      [['q', 'zqyq'], 'qqzy'],
      [['kqep', 'pekeq'], 'kqeep'],
    ],
  },
  {
    id: 'rooms-needed',
    title: 'Meeting rooms needed',
    difficulty: 'hard',
    statement: `Each meeting is [start, end) with start < end (integers; a meeting ending at time t frees its room for one starting at t). Write a function roomsNeeded(meetings) that returns the minimum number of rooms so that no two meetings in the same room overlap. An empty list needs 0 rooms.`,
    ref: `function roomsNeeded(meetings) {
  const events = [];
  for (const [s, e] of meetings) events.push([s, 1], [e, -1]);
  // At equal times, ends (-1) come before starts (+1) so a freed room is reused.
  events.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  let cur = 0;
  let best = 0;
  for (const [, d] of events) {
    cur += d;
    best = Math.max(best, cur);
  }
  return best;
}`,
    buggy: [
      `function roomsNeeded(meetings) {
  const events = [];
  for (const [s, e] of meetings) events.push([s, 1], [e, -1]);
  events.sort((x, y) => x[0] - y[0] || y[1] - x[1]);
  let cur = 0;
  let best = 0;
  for (const [, d] of events) {
    cur += d;
    best = Math.max(best, cur);
  }
  return best;
}`,
      `function roomsNeeded(meetings) {
  const sorted = [...meetings].sort((a, b) => a[0] - b[0]);
  let rooms = sorted.length ? 1 : 0;
  for (let i = 1; i < sorted.length; i++) if (sorted[i][0] < sorted[i - 1][1]) rooms++;
  return rooms;
}`,
    ],
    cases: [
      [[[[0, 30], [5, 10], [15, 20]]], 2],
      [[[]], 0],
      [[[[1, 2], [2, 3]]], 1],
      [[[[1, 5], [2, 6], [3, 7]]], 3],
      [[[[7, 10], [2, 4]]], 1],
      [[[[1, 10], [2, 3], [4, 5], [6, 7]]], 2],
      [[[[1, 3], [2, 5], [4, 6]]], 2],
    ],
  },
];
