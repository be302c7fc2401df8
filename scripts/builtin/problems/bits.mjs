// Bit operations on 32-bit and small non-negative integers. Expected values written by hand.
export default [
  {
    id: 'count-set-bits',
    title: 'Count 1 bits',
    difficulty: 'easy',
    statement: `Write a function popcount(n) that returns the number of 1 bits in the binary representation of the non-negative integer n (n < 2^31).`,
    ref: `function popcount(n) {
  let c = 0;
  while (n > 0) {
    c += n & 1;
    n >>>= 1;
  }
  return c;
}`,
    buggy: [
      `function popcount(n) {
  let c = 0;
  while (n > 1) {
    c += n & 1;
    n >>>= 1;
  }
  return c;
}`,
      `function popcount(n) {
  return n.toString(2).length;
}`,
    ],
    cases: [
      [[0], 0],
      [[1], 1],
      [[7], 3],
      [[8], 1],
      [[255], 8],
      [[2147483647], 31],
      [[10], 2],
    ],
  },
  {
    id: 'is-power-of-two',
    title: 'Power of two',
    difficulty: 'easy',
    statement: `Write a function isPowerOfTwo(n) that returns true if the integer n equals 2^k for some integer k >= 0 (so 1 is a power of two). Zero and negative numbers are not. n fits in 31 bits.`,
    ref: `function isPowerOfTwo(n) {
  return n > 0 && (n & (n - 1)) === 0;
}`,
    buggy: [
      `function isPowerOfTwo(n) {
  return (n & (n - 1)) === 0;
}`,
      `function isPowerOfTwo(n) {
  return n > 1 && (n & (n - 1)) === 0;
}`,
    ],
    cases: [
      [[1], true],
      [[16], true],
      [[0], false],
      [[-8], false],
      [[12], false],
      [[1073741824], true],
      [[3], false],
    ],
  },
  {
    id: 'single-number-xor',
    title: 'The element that appears once',
    difficulty: 'easy',
    eval: true,
    statement: `In the non-empty array nums every integer appears exactly twice except one, which appears once. Write a function singleNumber(nums) that returns that integer, in linear time and constant extra space (hint: XOR). Values may be negative.`,
    ref: `function singleNumber(nums) {
  let x = 0;
  for (const n of nums) x ^= n;
  return x;
}`,
    buggy: [
      `function singleNumber(nums) {
  let x = nums[0];
  for (const n of nums) x ^= n;
  return x;
}`,
      `function singleNumber(nums) {
  let x = 0;
  for (const n of nums) x |= n;
  return x;
}`,
    ],
    cases: [
      [[[2, 2, 1]], 1],
      [[[4, 1, 2, 1, 2]], 4],
      [[[7]], 7],
      [[[-3, 5, 5]], -3],
      [[[0, 9, 9]], 0],
      [[[6, 3, 6]], 3],
    ],
  },
  {
    id: 'hamming-distance',
    title: 'Hamming distance',
    eval: true,
    difficulty: 'easy',
    statement: `Write a function hammingDistance(a, b) that returns the number of bit positions in which the non-negative integers a and b (both below 2^31) differ.`,
    ref: `function hammingDistance(a, b) {
  let x = a ^ b;
  let c = 0;
  while (x) {
    x &= x - 1;
    c++;
  }
  return c;
}`,
    buggy: [
      `function hammingDistance(a, b) {
  let x = a & b;
  let c = 0;
  while (x) {
    x &= x - 1;
    c++;
  }
  return c;
}`,
      `function hammingDistance(a, b) {
  const x = (a ^ b).toString(2);
  return x.length;
}`,
    ],
    cases: [
      [[1, 4], 2],
      [[3, 1], 1],
      [[0, 0], 0],
      [[7, 7], 0],
      [[0, 2147483647], 31],
      [[8, 1], 2],
    ],
  },
  {
    id: 'reverse-bits-8',
    title: 'Reverse the bits of a byte',
    difficulty: 'medium',
    statement: `Write a function reverseByte(b) that takes an integer 0..255 and returns the integer whose 8-bit binary representation is that of b reversed: bit 0 swaps with bit 7, bit 1 with bit 6, and so on. For example 1 (00000001) becomes 128 (10000000), and 6 (00000110) becomes 96 (01100000).`,
    ref: `function reverseByte(b) {
  let r = 0;
  for (let i = 0; i < 8; i++) {
    r = (r << 1) | (b & 1);
    b >>= 1;
  }
  return r;
}`,
    buggy: [
      `function reverseByte(b) {
  return parseInt(b.toString(2).split('').reverse().join(''), 2);
}`,
      `function reverseByte(b) {
  let r = 0;
  for (let i = 0; i < 7; i++) {
    r = (r << 1) | (b & 1);
    b >>= 1;
  }
  return r;
}`,
    ],
    cases: [
      [[1], 128],
      [[6], 96],
      [[0], 0],
      [[255], 255],
      [[128], 1],
      [[0b10110000], 0b00001101],
    ],
  },
  {
    id: 'gray-code',
    title: 'Gray code sequence',
    difficulty: 'medium',
    statement: `Write a function grayCode(n) that returns the 2^n numbers of the standard reflected n-bit Gray code, in order: the i-th element is i XOR (i >> 1). Consecutive elements differ in exactly one bit. grayCode(0) is [0].`,
    ref: `function grayCode(n) {
  const out = [];
  for (let i = 0; i < 1 << n; i++) out.push(i ^ (i >> 1));
  return out;
}`,
    buggy: [
      `function grayCode(n) {
  const out = [];
  for (let i = 0; i < 1 << n; i++) out.push(i ^ (i << 1));
  return out;
}`,
      `function grayCode(n) {
  const out = [];
  for (let i = 0; i < 2 * n; i++) out.push(i ^ (i >> 1));
  return out;
}`,
    ],
    cases: [
      [[0], [0]],
      [[1], [0, 1]],
      [[2], [0, 1, 3, 2]],
      [[3], [0, 1, 3, 2, 6, 7, 5, 4]],
      [[4], [0, 1, 3, 2, 6, 7, 5, 4, 12, 13, 15, 14, 10, 11, 9, 8]],
      [[1], [0, 1]],
    ],
  },
  {
    id: 'bit-toggle-ops',
    title: 'Set, clear and toggle bits',
    difficulty: 'easy',
    statement: `Write a function applyBitOps(n, ops) that starts from the non-negative integer n (below 2^30) and applies each operation of ops in order, then returns the result. Each operation is [kind, i] where kind is "set" (make bit i 1), "clear" (make bit i 0) or "toggle" (flip bit i), and 0 <= i < 30.`,
    ref: `function applyBitOps(n, ops) {
  for (const [kind, i] of ops) {
    if (kind === 'set') n |= 1 << i;
    else if (kind === 'clear') n &= ~(1 << i);
    else n ^= 1 << i;
  }
  return n;
}`,
    buggy: [
      `function applyBitOps(n, ops) {
  for (const [kind, i] of ops) {
    if (kind === 'set') n |= 1 << i;
    else if (kind === 'clear') n ^= 1 << i;
    else n ^= 1 << i;
  }
  return n;
}`,
      `function applyBitOps(n, ops) {
  for (const [kind, i] of ops) {
    if (kind === 'set') n |= i;
    else if (kind === 'clear') n &= ~i;
    else n ^= i;
  }
  return n;
}`,
    ],
    cases: [
      [[0, [['set', 3]]], 8],
      [[15, [['clear', 0]]], 14],
      [[5, [['toggle', 1]]], 7],
      [[8, [['clear', 0]]], 8],
      [[0, []], 0],
      [[1, [['set', 0], ['toggle', 0], ['toggle', 2]]], 4],
    ],
  },
  {
    id: 'binary-gap',
    title: 'Binary gap',
    difficulty: 'medium',
    eval: true,
    statement: `Write a function binaryGap(n) that returns the longest distance between two consecutive 1 bits in the binary representation of the positive integer n, where the distance is the difference of their bit positions (in "1001" the two 1s are at distance 3). If n has fewer than two 1 bits, return 0.`,
    ref: `function binaryGap(n) {
  let last = -1;
  let best = 0;
  for (let i = 0; i < 32; i++) {
    if ((n >> i) & 1) {
      if (last !== -1) best = Math.max(best, i - last);
      last = i;
    }
  }
  return best;
}`,
    buggy: [
      `function binaryGap(n) {
  const zeros = n.toString(2).split('1');
  return Math.max(0, ...zeros.map((z) => z.length)) + 1;
}`,
      `function binaryGap(n) {
  let last = 0;
  let best = 0;
  for (let i = 0; i < 32; i++) {
    if ((n >> i) & 1) {
      best = Math.max(best, i - last);
      last = i;
    }
  }
  return best;
}`,
    ],
    cases: [
      [[22], 2],
      [[8], 0],
      [[5], 2],
      [[6], 1],
      [[1], 0],
      [[9], 3],
      [[1041], 6],
    ],
  },
  {
    id: 'subset-sums-bitmask',
    title: 'Subsets by bitmask',
    difficulty: 'medium',
    statement: `Write a function subsetSums(nums) that returns an array of length 2^n (n = nums.length) whose element at index mask is the sum of the nums[i] for which bit i of mask is set. So index 0 is 0 (the empty subset) and index 2^n - 1 is the sum of all elements. n is at most 16.`,
    ref: `function subsetSums(nums) {
  const out = [];
  for (let mask = 0; mask < 1 << nums.length; mask++) {
    let s = 0;
    for (let i = 0; i < nums.length; i++) if (mask & (1 << i)) s += nums[i];
    out.push(s);
  }
  return out;
}`,
    buggy: [
      `function subsetSums(nums) {
  const out = [];
  for (let mask = 0; mask < 1 << nums.length; mask++) {
    let s = 0;
    for (let i = 0; i < nums.length; i++) if (mask & (1 << i)) s += nums[nums.length - 1 - i];
    out.push(s);
  }
  return out;
}`,
      `function subsetSums(nums) {
  const out = [];
  for (let mask = 0; mask < 1 << nums.length; mask++) {
    let s = 0;
    for (let i = 0; i < nums.length; i++) if (mask & i) s += nums[i];
    out.push(s);
  }
  return out;
}`,
    ],
    cases: [
      [[[]], [0]],
      [[[5]], [0, 5]],
      [[[1, 2]], [0, 1, 2, 3]],
      [[[1, 10, 100]], [0, 1, 10, 11, 100, 101, 110, 111]],
      [[[-1, 3]], [0, -1, 3, 2]],
      [[[0, 0]], [0, 0, 0, 0]],
    ],
  },
  {
    id: 'twos-complement-bits',
    title: "Two's complement bits",
    difficulty: 'hard',
    statement: `Write a function toBits32(n) that returns the 32-character string of 0s and 1s giving the 32-bit two's complement representation of the integer n (-2^31 <= n < 2^31), most significant bit first. For example toBits32(5) is 29 zeros followed by "101", and toBits32(-1) is 32 ones.`,
    ref: `function toBits32(n) {
  return (n >>> 0).toString(2).padStart(32, '0');
}`,
    buggy: [
      `function toBits32(n) {
  return n.toString(2).padStart(32, '0');
}`,
      `function toBits32(n) {
  return (n >> 0).toString(2).padStart(32, '0');
}`,
    ],
    cases: [
      [[5], '00000000000000000000000000000101'],
      [[0], '00000000000000000000000000000000'],
      [[-1], '11111111111111111111111111111111'],
      [[-2147483648], '10000000000000000000000000000000'],
      [[2147483647], '01111111111111111111111111111111'],
      [[-6], '11111111111111111111111111111010'],
    ],
  },
  {
    id: 'count-bits-range',
    title: 'Number of 1 bits for 0..n',
    difficulty: 'medium',
    tags: ['dp'],
    statement: `Write a function countBits(n) that returns an array of length n + 1 whose i-th element is the number of 1 bits in i, for i from 0 to n. Use the relation bits(i) = bits(i >> 1) + (i & 1) to run in linear time. countBits(0) is [0].`,
    ref: `function countBits(n) {
  const out = [0];
  for (let i = 1; i <= n; i++) out.push(out[i >> 1] + (i & 1));
  return out;
}`,
    buggy: [
      `function countBits(n) {
  const out = [0];
  for (let i = 1; i < n; i++) out.push(out[i >> 1] + (i & 1));
  return out;
}`,
      `function countBits(n) {
  const out = [0];
  for (let i = 1; i <= n; i++) out.push(out[i - 1] + (i & 1));
  return out;
}`,
    ],
    cases: [
      [[0], [0]],
      [[1], [0, 1]],
      [[2], [0, 1, 1]],
      [[5], [0, 1, 1, 2, 1, 2]],
      [[8], [0, 1, 1, 2, 1, 2, 2, 3, 1]],
      [[3], [0, 1, 1, 2]],
    ],
  },
  {
    id: 'max-xor-pair',
    title: 'Largest XOR of two elements',
    difficulty: 'medium',
    statement: `Write a function maxXorPair(nums) that returns the largest value of nums[i] ^ nums[j] over all pairs of different indices i < j, for non-negative integers below 2^31. With fewer than two elements return 0.`,
    ref: `function maxXorPair(nums) {
  let best = 0;
  for (let i = 0; i < nums.length; i++)
    for (let j = i + 1; j < nums.length; j++) best = Math.max(best, nums[i] ^ nums[j]);
  return best;
}`,
    buggy: [
      `function maxXorPair(nums) {
  const s = [...nums].sort((a, b) => b - a);
  return s.length < 2 ? 0 : s[0] ^ s[1];
}`,
      `function maxXorPair(nums) {
  let best = 0;
  for (let i = 0; i + 1 < nums.length; i++) best = Math.max(best, nums[i] ^ nums[i + 1]);
  return best;
}`,
    ],
    cases: [
      [[[3, 10, 5, 25, 2, 8]], 28],
      [[[]], 0],
      [[[7]], 0],
      [[[1, 2]], 3],
      [[[8, 9, 1]], 9],
      [[[0, 0]], 0],
      [[[6, 1, 7]], 7],
    ],
  },
  {
    id: 'next-power-of-two',
    title: 'Next power of two',
    difficulty: 'easy',
    eval: true,
    statement: `Write a function nextPowerOfTwo(n) that returns the smallest power of two that is greater than or equal to the integer n, for 1 <= n <= 2^30. A power of two returns itself.`,
    ref: `function nextPowerOfTwo(n) {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}`,
    buggy: [
      `function nextPowerOfTwo(n) {
  let p = 1;
  while (p <= n) p *= 2;
  return p;
}`,
      `function nextPowerOfTwo(n) {
  return 1 << n.toString(2).length;
}`,
    ],
    cases: [
      [[1], 1],
      [[5], 8],
      [[8], 8],
      [[9], 16],
      [[1000], 1024],
      [[1073741824], 1073741824],
      [[2], 2],
    ],
  },
  {
    id: 'and-of-range',
    title: 'Bitwise AND of a range',
    difficulty: 'hard',
    statement: `Write a function rangeAnd(lo, hi) that returns lo & (lo + 1) & ... & hi, the bitwise AND of every integer in the inclusive range, for 0 <= lo <= hi < 2^31. The range can contain up to 2^31 numbers, so do not loop over it: the result is the common binary prefix of lo and hi followed by zeros.`,
    ref: `function rangeAnd(lo, hi) {
  let shift = 0;
  while (lo !== hi) {
    lo >>= 1;
    hi >>= 1;
    shift++;
  }
  return lo << shift;
}`,
    buggy: [
      `function rangeAnd(lo, hi) {
  return lo & hi;
}`,
      `function rangeAnd(lo, hi) {
  let shift = 0;
  while (lo !== hi) {
    lo >>= 1;
    hi >>= 1;
    shift++;
  }
  return lo << (shift - 1);
}`,
    ],
    cases: [
      [[5, 7], 4],
      [[0, 0], 0],
      [[1, 2147483647], 0],
      [[12, 15], 12],
      [[6, 6], 6],
      [[8, 9], 8],
      [[9, 12], 8],
    ],
  },
];
