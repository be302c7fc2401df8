// Math and number theory. Expected values written by hand.
export default [
  {
    id: 'is-prime',
    title: 'Primality test',
    difficulty: 'easy',
    statement: `Write a function isPrime(n) that returns true if the integer n is a prime number. Numbers less than 2 (including 0, 1 and negatives) are not prime.`,
    ref: `function isPrime(n) {
  if (n < 2) return false;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return true;
}`,
    buggy: [
      `function isPrime(n) {
  if (n < 2) return false;
  for (let d = 2; d * d < n; d++) if (n % d === 0) return false;
  return true;
}`,
      `function isPrime(n) {
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return true;
}`,
    ],
    cases: [
      [[2], true],
      [[1], false],
      [[0], false],
      [[-7], false],
      [[9], false],
      [[25], false],
      [[97], true],
      [[15], false],
    ],
  },
  {
    id: 'gcd-of-array',
    title: 'Greatest common divisor of a list',
    difficulty: 'easy',
    statement: `Write a function gcdAll(nums) that returns the greatest common divisor of the integers in nums. Use absolute values, so the result is never negative. gcd(0, x) is |x|; an empty array, or one with only zeros, gives 0.`,
    ref: `function gcdAll(nums) {
  const gcd = (a, b) => (b === 0 ? a : gcd(b, a % b));
  let g = 0;
  for (const n of nums) g = gcd(g, Math.abs(n));
  return g;
}`,
    buggy: [
      `function gcdAll(nums) {
  const gcd = (a, b) => (b === 0 ? a : gcd(b, a % b));
  let g = 0;
  for (const n of nums) g = gcd(g, n);
  return g;
}`,
      `function gcdAll(nums) {
  const gcd = (a, b) => (b === 0 ? a : gcd(b, a % b));
  let g = 1;
  for (const n of nums) g = gcd(g, Math.abs(n));
  return g;
}`,
    ],
    cases: [
      [[[12, 18, 24]], 6],
      [[[]], 0],
      [[[0, 0]], 0],
      [[[0, 5]], 5],
      [[[-4, 6]], 2],
      [[[7, 13]], 1],
      [[[-9]], 9],
    ],
  },
  {
    id: 'digital-root',
    title: 'Digital root',
    difficulty: 'easy',
    statement: `Write a function digitalRoot(n) for a non-negative integer n: replace n by the sum of its decimal digits until a single digit remains, and return that digit. digitalRoot(0) is 0.`,
    ref: `function digitalRoot(n) {
  while (n >= 10) {
    let s = 0;
    while (n > 0) {
      s += n % 10;
      n = Math.floor(n / 10);
    }
    n = s;
  }
  return n;
}`,
    buggy: [
      `function digitalRoot(n) {
  return n % 9;
}`,
      `function digitalRoot(n) {
  let s = 0;
  while (n > 0) {
    s += n % 10;
    n = Math.floor(n / 10);
  }
  return s;
}`,
    ],
    cases: [
      [[16], 7],
      [[942], 6],
      [[0], 0],
      [[9], 9],
      [[18], 9],
      [[493193], 2],
      [[5], 5],
    ],
  },
  {
    id: 'fizzbuzz-list',
    title: 'FizzBuzz',
    difficulty: 'easy',
    eval: true,
    statement: `Write a function fizzBuzz(n) that returns an array of strings for the numbers 1 to n inclusive: "FizzBuzz" for multiples of both 3 and 5, "Fizz" for other multiples of 3, "Buzz" for other multiples of 5, and the number itself as a decimal string otherwise. For n < 1 return [].`,
    ref: `function fizzBuzz(n) {
  const out = [];
  for (let i = 1; i <= n; i++) {
    if (i % 15 === 0) out.push('FizzBuzz');
    else if (i % 3 === 0) out.push('Fizz');
    else if (i % 5 === 0) out.push('Buzz');
    else out.push(String(i));
  }
  return out;
}`,
    buggy: [
      `function fizzBuzz(n) {
  const out = [];
  for (let i = 1; i <= n; i++) {
    if (i % 3 === 0) out.push('Fizz');
    else if (i % 5 === 0) out.push('Buzz');
    else if (i % 15 === 0) out.push('FizzBuzz');
    else out.push(String(i));
  }
  return out;
}`,
      `function fizzBuzz(n) {
  const out = [];
  for (let i = 1; i < n; i++) {
    if (i % 15 === 0) out.push('FizzBuzz');
    else if (i % 3 === 0) out.push('Fizz');
    else if (i % 5 === 0) out.push('Buzz');
    else out.push(String(i));
  }
  return out;
}`,
    ],
    cases: [
      [[5], ['1', '2', 'Fizz', '4', 'Buzz']],
      [[0], []],
      [[-3], []],
      [[1], ['1']],
      [[15], ['1', '2', 'Fizz', '4', 'Buzz', 'Fizz', '7', '8', 'Fizz', 'Buzz', '11', 'Fizz', '13', '14', 'FizzBuzz']],
      [[3], ['1', '2', 'Fizz']],
    ],
  },
  {
    id: 'prime-factors',
    title: 'Prime factorization',
    difficulty: 'medium',
    statement: `Write a function primeFactors(n) that returns the prime factors of the integer n in non-decreasing order, each repeated as often as it divides n (so 12 gives [2, 2, 3]). For n < 2 return [].`,
    ref: `function primeFactors(n) {
  const out = [];
  for (let d = 2; d * d <= n; d++) {
    while (n % d === 0) {
      out.push(d);
      n /= d;
    }
  }
  if (n > 1) out.push(n);
  return out;
}`,
    buggy: [
      `function primeFactors(n) {
  const out = [];
  for (let d = 2; d * d <= n; d++) {
    while (n % d === 0) {
      out.push(d);
      n /= d;
    }
  }
  return out;
}`,
      `function primeFactors(n) {
  const out = [];
  for (let d = 2; d <= n; d++) if (n % d === 0) {
    out.push(d);
    n /= d;
  }
  return out;
}`,
    ],
    cases: [
      [[12], [2, 2, 3]],
      [[1], []],
      [[0], []],
      [[13], [13]],
      [[360], [2, 2, 2, 3, 3, 5]],
      [[49], [7, 7]],
      [[2 * 3 * 101], [2, 3, 101]],
    ],
  },
  {
    id: 'sieve-primes',
    title: 'Primes up to n',
    difficulty: 'medium',
    statement: `Write a function primesUpTo(n) that returns all prime numbers p with 2 <= p <= n in increasing order. For n < 2 return [].`,
    ref: `function primesUpTo(n) {
  if (n < 2) return [];
  const comp = new Array(n + 1).fill(false);
  const out = [];
  for (let i = 2; i <= n; i++) {
    if (comp[i]) continue;
    out.push(i);
    for (let j = i * i; j <= n; j += i) comp[j] = true;
  }
  return out;
}`,
    buggy: [
      `function primesUpTo(n) {
  if (n < 2) return [];
  const comp = new Array(n + 1).fill(false);
  const out = [];
  for (let i = 2; i < n; i++) {
    if (comp[i]) continue;
    out.push(i);
    for (let j = i * i; j <= n; j += i) comp[j] = true;
  }
  return out;
}`,
      `function primesUpTo(n) {
  const out = [];
  for (let i = 2; i <= n; i++) if (i === 2 || i % 2 !== 0) out.push(i);
  return out;
}`,
    ],
    cases: [
      [[10], [2, 3, 5, 7]],
      [[1], []],
      [[2], [2]],
      [[13], [2, 3, 5, 7, 11, 13]],
      [[30], [2, 3, 5, 7, 11, 13, 17, 19, 23, 29]],
      [[-5], []],
    ],
  },
  {
    id: 'perfect-number',
    title: 'Perfect number',
    difficulty: 'easy',
    statement: `A positive integer is perfect if it equals the sum of its proper divisors (the divisors smaller than itself); 6 = 1 + 2 + 3 is perfect. Write a function isPerfect(n) that returns whether n is perfect. Numbers below 1 are not perfect, and 1 is not perfect (its proper divisors sum to 0).`,
    ref: `function isPerfect(n) {
  if (n < 2) return false;
  let s = 0;
  for (let d = 1; d < n; d++) if (n % d === 0) s += d;
  return s === n;
}`,
    buggy: [
      `function isPerfect(n) {
  let s = 0;
  for (let d = 1; d <= n; d++) if (n % d === 0) s += d;
  return s === 2 * n - 1;
}`,
      `function isPerfect(n) {
  let s = 0;
  for (let d = 2; d < n; d++) if (n % d === 0) s += d;
  return s === n;
}`,
    ],
    cases: [
      [[6], true],
      [[28], true],
      [[1], false],
      [[12], false],
      [[0], false],
      [[496], true],
      [[8], false],
    ],
  },
  {
    id: 'integer-sqrt',
    title: 'Integer square root',
    difficulty: 'medium',
    tags: ['searching'],
    statement: `Write a function isqrt(n) that returns the largest integer r with r * r <= n, for a non-negative integer n, without using Math.sqrt or the ** operator.`,
    ref: `function isqrt(n) {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = Math.floor((lo + hi + 1) / 2);
    if (mid * mid <= n) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}`,
    buggy: [
      `function isqrt(n) {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (mid * mid < n) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}`,
      `function isqrt(n) {
  let r = 0;
  while (r * r < n) r++;
  return r;
}`,
    ],
    cases: [
      [[16], 4],
      [[15], 3],
      [[0], 0],
      [[1], 1],
      [[2], 1],
      [[99], 9],
      [[1000000], 1000],
    ],
  },
  {
    id: 'reverse-integer',
    title: 'Reverse the digits of an integer',
    difficulty: 'easy',
    statement: `Write a function reverseDigits(n) that returns the integer whose decimal digits are those of n in reverse order, keeping the sign: reverseDigits(-123) is -321. Leading zeros of the result disappear (reverseDigits(120) is 21). reverseDigits(0) is 0.`,
    ref: `function reverseDigits(n) {
  const r = Number(String(Math.abs(n)).split('').reverse().join(''));
  return n < 0 ? -r : r;
}`,
    buggy: [
      `function reverseDigits(n) {
  return Number(String(n).split('').reverse().join(''));
}`,
      `function reverseDigits(n) {
  let r = 0;
  while (n > 0) {
    r = r * 10 + (n % 10);
    n = Math.floor(n / 10);
  }
  return r;
}`,
    ],
    cases: [
      [[123], 321],
      [[-123], -321],
      [[120], 21],
      [[0], 0],
      [[7], 7],
      [[-50], -5],
    ],
  },
  {
    id: 'armstrong-number',
    title: 'Armstrong number',
    difficulty: 'easy',
    statement: `A non-negative integer with k decimal digits is an Armstrong number if the sum of its digits each raised to the power k equals the number (153 = 1^3 + 5^3 + 3^3). Write a function isArmstrong(n) that returns whether n is one. Every single-digit number, including 0, is an Armstrong number.`,
    ref: `function isArmstrong(n) {
  const digits = String(n).split('').map(Number);
  const k = digits.length;
  return digits.reduce((s, d) => s + d ** k, 0) === n;
}`,
    buggy: [
      `function isArmstrong(n) {
  const digits = String(n).split('').map(Number);
  return digits.reduce((s, d) => s + d ** 3, 0) === n;
}`,
      `function isArmstrong(n) {
  const digits = String(n).split('').map(Number);
  const k = digits.length;
  return digits.reduce((s, d) => s + d * k, 0) === n;
}`,
    ],
    cases: [
      [[153], true],
      [[9474], true],
      [[9475], false],
      [[0], true],
      [[5], true],
      [[10], false],
      [[370], true],
    ],
  },
  {
    id: 'base-convert',
    title: 'Convert to another base',
    difficulty: 'medium',
    eval: true,
    statement: `Write a function toBase(n, base) that returns the representation of the integer n in the given base (2 to 16) as a string, using digits 0-9 and lower-case letters a-f, without calling Number.prototype.toString with a radix. Negative numbers get a leading "-". toBase(0, b) is "0".`,
    ref: `function toBase(n, base) {
  if (n === 0) return '0';
  const digits = '0123456789abcdef';
  let m = Math.abs(n);
  let out = '';
  while (m > 0) {
    out = digits[m % base] + out;
    m = Math.floor(m / base);
  }
  return n < 0 ? '-' + out : out;
}`,
    buggy: [
      `function toBase(n, base) {
  const digits = '0123456789abcdef';
  let m = Math.abs(n);
  let out = '';
  while (m > 0) {
    out = digits[m % base] + out;
    m = Math.floor(m / base);
  }
  return n < 0 ? '-' + out : out;
}`,
      `function toBase(n, base) {
  if (n === 0) return '0';
  const digits = '0123456789abcdef';
  let m = Math.abs(n);
  let out = '';
  while (m > 0) {
    out += digits[m % base];
    m = Math.floor(m / base);
  }
  return n < 0 ? '-' + out : out;
}`,
    ],
    cases: [
      [[10, 2], '1010'],
      [[255, 16], 'ff'],
      [[0, 7], '0'],
      [[-5, 2], '-101'],
      [[8, 8], '10'],
      [[100, 10], '100'],
      [[31, 16], '1f'],
    ],
  },
  {
    id: 'collatz-steps',
    title: 'Collatz steps',
    difficulty: 'easy',
    statement: `Write a function collatzSteps(n) for a positive integer n that returns how many steps it takes to reach 1, where a step replaces an even number x by x / 2 and an odd number x by 3x + 1. collatzSteps(1) is 0.`,
    ref: `function collatzSteps(n) {
  let steps = 0;
  while (n !== 1) {
    n = n % 2 === 0 ? n / 2 : 3 * n + 1;
    steps++;
  }
  return steps;
}`,
    buggy: [
      `function collatzSteps(n) {
  let steps = 1;
  while (n !== 1) {
    n = n % 2 === 0 ? n / 2 : 3 * n + 1;
    steps++;
  }
  return steps;
}`,
      `function collatzSteps(n) {
  let steps = 0;
  while (n > 2) {
    n = n % 2 === 0 ? n / 2 : 3 * n + 1;
    steps++;
  }
  return steps;
}`,
    ],
    cases: [
      [[1], 0],
      [[2], 1],
      [[6], 8],
      [[7], 16],
      [[27], 111],
      [[16], 4],
    ],
  },
  {
    id: 'round-half-even',
    title: "Banker's rounding",
    difficulty: 'hard',
    statement: `Write a function roundHalfEven(x) that rounds the number x to the nearest integer; when x is exactly halfway between two integers, round to the even one. So 2.5 gives 2, 3.5 gives 4, -2.5 gives -2, -3.5 gives -4, and 2.4 gives 2. Return 0 (not -0) when the result is zero.`,
    ref: `function roundHalfEven(x) {
  const f = Math.floor(x);
  const diff = x - f;
  let r;
  if (diff < 0.5) r = f;
  else if (diff > 0.5) r = f + 1;
  else r = f % 2 === 0 ? f : f + 1;
  return r === 0 ? 0 : r;
}`,
    buggy: [
      `function roundHalfEven(x) {
  return Math.round(x);
}`,
      `function roundHalfEven(x) {
  const f = Math.floor(x);
  const diff = x - f;
  if (diff < 0.5) return f;
  if (diff > 0.5) return f + 1;
  return f % 2 === 1 ? f + 1 : f;
}`,
    ],
    cases: [
      [[2.5], 2],
      [[3.5], 4],
      [[-2.5], -2],
      [[-3.5], -4],
      [[2.4], 2],
      [[-0.4], 0],
      [[7], 7],
      [[0.5], 0],
    ],
  },
  {
    id: 'sum-of-multiples',
    title: 'Sum of multiples of 3 or 5',
    difficulty: 'easy',
    statement: `Write a function sumMultiples(n) that returns the sum of all positive integers strictly below n that are multiples of 3 or 5 (each counted once, so 15 is added once). For n <= 3 the answer is 0.`,
    ref: `function sumMultiples(n) {
  let s = 0;
  for (let i = 1; i < n; i++) if (i % 3 === 0 || i % 5 === 0) s += i;
  return s;
}`,
    buggy: [
      `function sumMultiples(n) {
  let s = 0;
  for (let i = 1; i <= n; i++) if (i % 3 === 0 || i % 5 === 0) s += i;
  return s;
}`,
      `function sumMultiples(n) {
  let s = 0;
  for (let i = 3; i < n; i += 3) s += i;
  for (let i = 5; i < n; i += 5) s += i;
  return s;
}`,
    ],
    cases: [
      [[10], 23],
      [[0], 0],
      [[3], 0],
      [[6], 8],
      [[16], 60],
      [[20], 78],
    ],
  },
  {
    id: 'lcm-range',
    title: 'Least common multiple of 1..n',
    difficulty: 'medium',
    statement: `Write a function lcmUpTo(n) that returns the smallest positive integer divisible by every integer from 1 to n inclusive. lcmUpTo(1) and lcmUpTo(0) are 1. n is at most 20.`,
    ref: `function lcmUpTo(n) {
  const gcd = (a, b) => (b === 0 ? a : gcd(b, a % b));
  let l = 1;
  for (let i = 2; i <= n; i++) l = (l / gcd(l, i)) * i;
  return l;
}`,
    buggy: [
      `function lcmUpTo(n) {
  let l = 1;
  for (let i = 2; i <= n; i++) if (l % i !== 0) l *= i;
  return l;
}`,
      `function lcmUpTo(n) {
  const gcd = (a, b) => (b === 0 ? a : gcd(b, a % b));
  let l = 1;
  for (let i = 2; i < n; i++) l = (l / gcd(l, i)) * i;
  return l;
}`,
    ],
    cases: [
      [[1], 1],
      [[0], 1],
      [[4], 12],
      [[6], 60],
      [[10], 2520],
      [[20], 232792560],
      [[2], 2],
    ],
  },
  {
    id: 'count-trailing-zeros-factorial',
    title: 'Trailing zeros of n!',
    difficulty: 'medium',
    statement: `Write a function factorialZeros(n) that returns how many trailing zeros the decimal representation of n! has, for a non-negative integer n (which may be large, so do not compute n! itself). 0! = 1 has none.`,
    ref: `function factorialZeros(n) {
  let z = 0;
  for (let p = 5; p <= n; p *= 5) z += Math.floor(n / p);
  return z;
}`,
    buggy: [
      `function factorialZeros(n) {
  return Math.floor(n / 5);
}`,
      `function factorialZeros(n) {
  let z = 0;
  for (let p = 5; p < n; p *= 5) z += Math.floor(n / p);
  return z;
}`,
    ],
    cases: [
      [[5], 1],
      [[0], 0],
      [[4], 0],
      [[10], 2],
      [[25], 6],
      [[100], 24],
      [[1000], 249],
    ],
  },
  {
    id: 'pascal-row',
    title: "Row of Pascal's triangle",
    difficulty: 'medium',
    eval: true,
    statement: `Write a function pascalRow(n) that returns row n (0-based) of Pascal's triangle: the binomial coefficients C(n, 0) ... C(n, n). pascalRow(0) is [1].`,
    ref: `function pascalRow(n) {
  const row = [1];
  for (let k = 1; k <= n; k++) row.push((row[k - 1] * (n - k + 1)) / k);
  return row;
}`,
    buggy: [
      `function pascalRow(n) {
  const row = [1];
  for (let k = 1; k < n; k++) row.push((row[k - 1] * (n - k + 1)) / k);
  return row;
}`,
      `function pascalRow(n) {
  const row = [1];
  for (let k = 1; k <= n; k++) row.push((row[k - 1] * (n - k)) / k);
  return row;
}`,
    ],
    cases: [
      [[0], [1]],
      [[1], [1, 1]],
      [[2], [1, 2, 1]],
      [[4], [1, 4, 6, 4, 1]],
      [[5], [1, 5, 10, 10, 5, 1]],
      [[10], [1, 10, 45, 120, 210, 252, 210, 120, 45, 10, 1]],
    ],
  },
  {
    id: 'median',
    title: 'Median of a list',
    difficulty: 'medium',
    tags: ['sorting'],
    statement: `Write a function median(nums) that returns the median of nums: the middle value after sorting numerically, or the average of the two middle values when the length is even. For an empty array return null. Do not modify nums.`,
    ref: `function median(nums) {
  if (nums.length === 0) return null;
  const s = [...nums].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}`,
    buggy: [
      `function median(nums) {
  if (nums.length === 0) return null;
  const s = [...nums].sort();
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}`,
      `function median(nums) {
  if (nums.length === 0) return null;
  const s = [...nums].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}`,
    ],
    cases: [
      [[[3, 1, 2]], 2],
      [[[4, 1, 3, 2]], 2.5],
      [[[]], null],
      [[[7]], 7],
      [[[10, 2, 5, 1]], 3.5],
      [[[-5, -1, -3]], -3],
      [[[1, 1, 2, 2]], 1.5],
    ],
  },
  {
    id: 'happy-number',
    title: 'Happy number',
    difficulty: 'medium',
    tags: ['sets'],
    statement: `Start from a positive integer n and repeatedly replace it by the sum of the squares of its decimal digits. n is happy if this process reaches 1; otherwise it loops forever in a cycle that does not include 1. Write a function isHappy(n) that returns whether n is happy.`,
    ref: `function isHappy(n) {
  const seen = new Set();
  while (n !== 1 && !seen.has(n)) {
    seen.add(n);
    let s = 0;
    for (const d of String(n)) s += Number(d) ** 2;
    n = s;
  }
  return n === 1;
}`,
    buggy: [
      `function isHappy(n) {
  for (let i = 0; i < 5; i++) {
    let s = 0;
    for (const d of String(n)) s += Number(d) ** 2;
    n = s;
  }
  return n === 1;
}`,
      `function isHappy(n) {
  const seen = new Set();
  while (!seen.has(n)) {
    seen.add(n);
    let s = 0;
    for (const d of String(n)) s += Number(d);
    n = s;
  }
  return n === 1;
}`,
    ],
    cases: [
      [[19], true],
      [[2], false],
      [[1], true],
      [[7], true],
      [[4], false],
      [[100], true],
      [[20], false],
      [[356], true],
    ],
  },
  {
    id: 'nth-fibonacci',
    title: 'n-th Fibonacci number',
    difficulty: 'easy',
    tags: ['dp'],
    statement: `Write a function fib(n) that returns the n-th Fibonacci number with fib(0) = 0, fib(1) = 1 and fib(n) = fib(n - 1) + fib(n - 2). n is between 0 and 70, so the function must run in linear time.`,
    ref: `function fib(n) {
  let a = 0;
  let b = 1;
  for (let i = 0; i < n; i++) [a, b] = [b, a + b];
  return a;
}`,
    buggy: [
      `function fib(n) {
  let a = 1;
  let b = 1;
  for (let i = 0; i < n; i++) [a, b] = [b, a + b];
  return a;
}`,
      `function fib(n) {
  let a = 0;
  let b = 1;
  for (let i = 1; i < n; i++) [a, b] = [b, a + b];
  return a;
}`,
    ],
    cases: [
      [[0], 0],
      [[1], 1],
      [[2], 1],
      [[10], 55],
      [[20], 6765],
      [[70], 190392490709135],
    ],
  },
  {
    id: 'modular-power',
    title: 'Modular exponentiation',
    difficulty: 'hard',
    statement: `Write a function powMod(base, exp, mod) that returns (base ** exp) mod mod for non-negative integers base and exp and an integer mod between 1 and 46340 (so every intermediate product of two values below mod fits exactly in a double). Use fast exponentiation: exp can be up to 10^15. The result is in the range 0..mod-1: base ** 0 is 1, and anything mod 1 is 0 (so powMod(b, 0, 1) is 0).`,
    ref: `function powMod(base, exp, mod) {
  let result = 1 % mod;
  let b = base % mod;
  let e = exp;
  while (e > 0) {
    if (e % 2 === 1) result = (result * b) % mod;
    b = (b * b) % mod;
    e = Math.floor(e / 2);
  }
  return result;
}`,
    buggy: [
      `function powMod(base, exp, mod) {
  let result = 1;
  let b = base % mod;
  let e = exp;
  while (e > 0) {
    if (e % 2 === 1) result = (result * b) % mod;
    b = (b * b) % mod;
    e = Math.floor(e / 2);
  }
  return result;
}`,
      `function powMod(base, exp, mod) {
  let result = 1 % mod;
  let b = base % mod;
  let e = exp;
  while (e > 0) {
    if (e & 1) result = (result * b) % mod;
    b = (b * b) % mod;
    e >>= 1;
  }
  return result;
}`,
    ],
    cases: [
      [[2, 10, 1000], 24],
      [[3, 0, 7], 1],
      [[5, 3, 1], 0],
      [[4, 0, 1], 0],
      [[0, 5, 13], 0],
      [[7, 1, 11], 7],
      [[2, 1000000000000000, 13], 3],
      [[12345, 6789, 9973], 6220],
    ],
  },
  {
    id: 'number-to-words',
    title: 'Numbers in English words',
    difficulty: 'hard',
    eval: true,
    statement: `Write a function toWords(n) that spells an integer 0 <= n <= 999 in lower-case English: "zero", "seven", "thirteen", "forty", "forty-two" (tens and units joined by a hyphen), "one hundred", "one hundred five", "nine hundred ninety-nine" (no "and", single spaces).`,
    ref: `function toWords(n) {
  const ones = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
    'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
  const tens = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
  const below100 = (k) => (k < 20 ? ones[k] : tens[Math.floor(k / 10)] + (k % 10 ? '-' + ones[k % 10] : ''));
  if (n < 100) return below100(n);
  const rest = n % 100;
  return ones[Math.floor(n / 100)] + ' hundred' + (rest ? ' ' + below100(rest) : '');
}`,
    buggy: [
      `function toWords(n) {
  const ones = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
    'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
  const tens = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
  const below100 = (k) => (k < 20 ? ones[k] : tens[Math.floor(k / 10)] + '-' + ones[k % 10]);
  if (n < 100) return below100(n);
  const rest = n % 100;
  return ones[Math.floor(n / 100)] + ' hundred' + (rest ? ' ' + below100(rest) : '');
}`,
      `function toWords(n) {
  const ones = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
    'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
  const tens = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
  const below100 = (k) => (k < 20 ? ones[k] : tens[Math.floor(k / 10)] + (k % 10 ? '-' + ones[k % 10] : ''));
  if (n < 100) return below100(n);
  return ones[Math.floor(n / 100)] + ' hundred ' + below100(n % 100);
}`,
    ],
    cases: [
      [[0], 'zero'],
      [[13], 'thirteen'],
      [[40], 'forty'],
      [[42], 'forty-two'],
      [[100], 'one hundred'],
      [[105], 'one hundred five'],
      [[999], 'nine hundred ninety-nine'],
      [[310], 'three hundred ten'],
    ],
  },
  {
    id: 'triangle-kind',
    title: 'Classify a triangle',
    difficulty: 'easy',
    eval: true,
    statement: `Write a function triangleKind(a, b, c) that classifies three side lengths: return "invalid" if any side is not positive or if the two shorter sides together are not strictly longer than the longest (a flat triangle is invalid); otherwise "equilateral" if all three are equal, "isosceles" if exactly two are equal, and "scalene" if all differ.`,
    ref: `function triangleKind(a, b, c) {
  const [x, y, z] = [a, b, c].sort((p, q) => p - q);
  if (x <= 0 || x + y <= z) return 'invalid';
  if (x === z) return 'equilateral';
  if (x === y || y === z) return 'isosceles';
  return 'scalene';
}`,
    buggy: [
      `function triangleKind(a, b, c) {
  const [x, y, z] = [a, b, c].sort((p, q) => p - q);
  if (x <= 0 || x + y < z) return 'invalid';
  if (x === z) return 'equilateral';
  if (x === y || y === z) return 'isosceles';
  return 'scalene';
}`,
      `function triangleKind(a, b, c) {
  if (a <= 0 || b <= 0 || c <= 0 || a + b <= c) return 'invalid';
  if (a === b && b === c) return 'equilateral';
  if (a === b || b === c || a === c) return 'isosceles';
  return 'scalene';
}`,
    ],
    cases: [
      [[3, 3, 3], 'equilateral'],
      [[3, 4, 5], 'scalene'],
      [[5, 5, 8], 'isosceles'],
      [[1, 2, 3], 'invalid'],
      [[0, 1, 1], 'invalid'],
      [[10, 2, 3], 'invalid'],
      [[2, 3, 2], 'isosceles'],
    ],
  },
  {
    id: 'count-primes-between',
    title: 'Count primes in a range',
    difficulty: 'medium',
    statement: `Write a function countPrimes(lo, hi) that returns how many prime numbers p satisfy lo <= p <= hi (both bounds inclusive). lo and hi are integers with hi at most 10000; if lo > hi the answer is 0.`,
    ref: `function countPrimes(lo, hi) {
  if (hi < 2 || lo > hi) return 0;
  const comp = new Uint8Array(hi + 1);
  let count = 0;
  for (let i = 2; i <= hi; i++) {
    if (comp[i]) continue;
    if (i >= lo) count++;
    for (let j = i * i; j <= hi; j += i) comp[j] = 1;
  }
  return count;
}`,
    buggy: [
      `function countPrimes(lo, hi) {
  if (hi < 2 || lo > hi) return 0;
  const comp = new Uint8Array(hi + 1);
  let count = 0;
  for (let i = 2; i < hi; i++) {
    if (comp[i]) continue;
    if (i >= lo) count++;
    for (let j = i * i; j <= hi; j += i) comp[j] = 1;
  }
  return count;
}`,
      `function countPrimes(lo, hi) {
  let count = 0;
  for (let n = lo; n <= hi; n++) {
    let prime = true;
    for (let d = 2; d * d <= n; d++) if (n % d === 0) prime = false;
    if (prime) count++;
  }
  return count;
}`,
    ],
    cases: [
      [[1, 10], 4],
      [[10, 20], 4],
      [[2, 2], 1],
      [[14, 16], 0],
      [[20, 10], 0],
      [[0, 1], 0],
      [[1, 10000], 1229],
      [[97, 97], 1],
    ],
  },
];
