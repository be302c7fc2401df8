// Strings: counting, transforming, comparing. Expected values written by hand.
export default [
  {
    id: 'count-vowels',
    title: 'Count vowels',
    difficulty: 'easy',
    statement: `Write a function countVowels(s) that returns how many characters of s are vowels. The vowels are a, e, i, o, u in either case; y is not a vowel. An empty string gives 0.`,
    ref: `function countVowels(s) {
  let n = 0;
  for (const ch of s.toLowerCase()) if ('aeiou'.includes(ch)) n++;
  return n;
}`,
    buggy: [
      `function countVowels(s) {
  let n = 0;
  for (const ch of s) if ('aeiou'.includes(ch)) n++;
  return n;
}`,
      `function countVowels(s) {
  let n = 0;
  for (const ch of s.toLowerCase()) if ('aeiouy'.includes(ch)) n++;
  return n;
}`,
    ],
    cases: [
      [['hello world'], 3],
      [[''], 0],
      [['AEIOU'], 5],
      [['rhythm'], 0],
      [['Yay'], 1],
      [['bcd fgh'], 0],
      [['Education'], 5],
    ],
  },
  {
    id: 'is-palindrome-alnum',
    title: 'Palindrome ignoring punctuation',
    difficulty: 'easy',
    eval: true,
    statement: `Write a function isPalindrome(s) that returns true if s reads the same forwards and backwards after removing every character that is not an ASCII letter or digit and ignoring letter case. An empty string (or one with no letters or digits) is a palindrome.`,
    ref: `function isPalindrome(s) {
  const t = s.toLowerCase().replace(/[^a-z0-9]/g, '');
  return t === t.split('').reverse().join('');
}`,
    buggy: [
      `function isPalindrome(s) {
  const t = s.toLowerCase();
  return t === t.split('').reverse().join('');
}`,
      `function isPalindrome(s) {
  const t = s.replace(/[^a-zA-Z0-9]/g, '');
  return t === t.split('').reverse().join('');
}`,
    ],
    cases: [
      [['A man, a plan, a canal: Panama'], true],
      [['race a car'], false],
      [[''], true],
      [['.,!'], true],
      [['Abba'], true],
      [['12321'], true],
      [['ab'], false],
    ],
  },
  {
    id: 'capitalize-words',
    title: 'Capitalize each word',
    difficulty: 'easy',
    statement: `Write a function capitalizeWords(s) that returns s with the first character of every word upper-cased and the remaining characters of each word lower-cased. Words are the runs of characters between space characters; keep every space exactly where it is (there may be leading, trailing or repeated spaces).`,
    ref: `function capitalizeWords(s) {
  return s
    .split(' ')
    .map((w) => (w ? w[0].toUpperCase() + w.slice(1).toLowerCase() : w))
    .join(' ');
}`,
    buggy: [
      `function capitalizeWords(s) {
  return s
    .split(' ')
    .map((w) => (w ? w[0].toUpperCase() + w.slice(1) : w))
    .join(' ');
}`,
      `function capitalizeWords(s) {
  return s
    .split(/\\s+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1).toLowerCase())
    .join(' ');
}`,
    ],
    cases: [
      [['hello world'], 'Hello World'],
      [[''], ''],
      [['hELLO'], 'Hello'],
      [['  two  spaces '], '  Two  Spaces '],
      [['a b c'], 'A B C'],
      [['123abc def'], '123abc Def'],
    ],
  },
  {
    id: 'reverse-words',
    title: 'Reverse the order of words',
    difficulty: 'easy',
    statement: `Write a function reverseWords(s) that returns the words of s in reverse order, joined by single spaces. Words are maximal runs of non-space characters; leading, trailing and repeated spaces are dropped. A string with no words gives "".`,
    ref: `function reverseWords(s) {
  return s.split(' ').filter((w) => w.length > 0).reverse().join(' ');
}`,
    buggy: [
      `function reverseWords(s) {
  return s.split(' ').reverse().join(' ');
}`,
      `function reverseWords(s) {
  return s.trim().split('').reverse().join('');
}`,
    ],
    cases: [
      [['the sky is blue'], 'blue is sky the'],
      [['  hello world  '], 'world hello'],
      [['a   b'], 'b a'],
      [[''], ''],
      [['   '], ''],
      [['one'], 'one'],
    ],
  },
  {
    id: 'run-length-encode',
    title: 'Run-length encoding',
    difficulty: 'medium',
    statement: `Write a function rle(s) that compresses s by replacing every maximal run of the same character with the run length followed by the character, e.g. "aaabcc" becomes "3a1b2c". Runs of length 1 still get the count 1. Case matters ("aA" is two runs). An empty string gives "".`,
    ref: `function rle(s) {
  let out = '';
  let i = 0;
  while (i < s.length) {
    let j = i;
    while (j < s.length && s[j] === s[i]) j++;
    out += (j - i) + s[i];
    i = j;
  }
  return out;
}`,
    buggy: [
      `function rle(s) {
  let out = '';
  let count = 1;
  for (let i = 1; i < s.length; i++) {
    if (s[i] === s[i - 1]) count++;
    else {
      out += count + s[i - 1];
      count = 1;
    }
  }
  return out;
}`,
      `function rle(s) {
  let out = '';
  let i = 0;
  while (i < s.length) {
    let j = i;
    while (j < s.length && s[j].toLowerCase() === s[i].toLowerCase()) j++;
    out += (j - i) + s[i];
    i = j;
  }
  return out;
}`,
    ],
    cases: [
      [['aaabcc'], '3a1b2c'],
      [[''], ''],
      [['a'], '1a'],
      [['aA'], '1a1A'],
      [['zzzzzzzzzzzz'], '12z'],
      [['abab'], '1a1b1a1b'],
    ],
  },
  {
    id: 'are-anagrams',
    title: 'Anagram check',
    difficulty: 'easy',
    statement: `Write a function areAnagrams(a, b) that returns true if the letters of a can be rearranged to form b. Comparison ignores letter case and ignores spaces; every other character counts as itself. Two empty strings are anagrams.`,
    ref: `function areAnagrams(a, b) {
  const norm = (s) => s.toLowerCase().replace(/ /g, '').split('').sort().join('');
  return norm(a) === norm(b);
}`,
    buggy: [
      `function areAnagrams(a, b) {
  const norm = (s) => s.replace(/ /g, '').split('').sort().join('');
  return norm(a) === norm(b);
}`,
      `function areAnagrams(a, b) {
  const x = a.toLowerCase().replace(/ /g, '');
  const y = b.toLowerCase().replace(/ /g, '');
  return x.length === y.length && [...x].every((c) => y.includes(c));
}`,
    ],
    cases: [
      [['listen', 'silent'], true],
      [['Dormitory', 'dirty room'], true],
      [['aab', 'abb'], false],
      [['', ''], true],
      [['abc', 'abcd'], false],
      [['a!b', 'b!a'], true],
      [['Tom', 'mot'], true],
    ],
  },
  {
    id: 'first-unique-char',
    title: 'First non-repeating character',
    difficulty: 'easy',
    tags: ['maps'],
    statement: `Write a function firstUniqueIndex(s) that returns the index of the first character in s that occurs exactly once in s, or -1 if there is none. Case matters: "a" and "A" are different characters.`,
    ref: `function firstUniqueIndex(s) {
  const count = {};
  for (const c of s) count[c] = (count[c] || 0) + 1;
  for (let i = 0; i < s.length; i++) if (count[s[i]] === 1) return i;
  return -1;
}`,
    buggy: [
      `function firstUniqueIndex(s) {
  for (let i = 0; i < s.length; i++) if (s.indexOf(s[i], i + 1) === -1) return i;
  return -1;
}`,
      `function firstUniqueIndex(s) {
  const count = {};
  for (const c of s.toLowerCase()) count[c] = (count[c] || 0) + 1;
  for (let i = 0; i < s.length; i++) if (count[s[i].toLowerCase()] === 1) return i;
  return -1;
}`,
    ],
    cases: [
      [['leetcode'], 0],
      [['loveleetcode'], 2],
      [['aabb'], -1],
      [[''], -1],
      [['aA'], 0],
      [['abcab'], 2],
      [['zz y'], 2],
    ],
  },
  {
    id: 'caesar-shift',
    title: 'Caesar cipher',
    eval: true,
    difficulty: 'easy',
    statement: `Write a function caesar(s, k) that shifts every ASCII letter of s forward by k places in the alphabet, wrapping from z to a, and keeps its case. Other characters are unchanged. k is an integer that may be negative or larger than 26.`,
    ref: `function caesar(s, k) {
  const shift = ((k % 26) + 26) % 26;
  return s.replace(/[a-zA-Z]/g, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + shift) % 26) + base);
  });
}`,
    buggy: [
      `function caesar(s, k) {
  return s.replace(/[a-zA-Z]/g, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + k) % 26) + base);
  });
}`,
      `function caesar(s, k) {
  const shift = ((k % 26) + 26) % 26;
  return s.replace(/[a-zA-Z]/g, (c) => {
    return String.fromCharCode(((c.toLowerCase().charCodeAt(0) - 97 + shift) % 26) + 97);
  });
}`,
    ],
    cases: [
      [['abc', 1], 'bcd'],
      [['xyz', 3], 'abc'],
      [['Hello, World!', 13], 'Uryyb, Jbeyq!'],
      [['abc', -1], 'zab'],
      [['', 5], ''],
      [['Zz', 27], 'Aa'],
      [['a1b', 0], 'a1b'],
    ],
  },
  {
    id: 'longest-common-prefix',
    title: 'Longest common prefix',
    difficulty: 'easy',
    statement: `Write a function commonPrefix(words) that returns the longest string that is a prefix of every string in words. Case matters. An empty list gives "".`,
    ref: `function commonPrefix(words) {
  if (words.length === 0) return '';
  let p = words[0];
  for (const w of words) while (!w.startsWith(p)) p = p.slice(0, -1);
  return p;
}`,
    buggy: [
      `function commonPrefix(words) {
  if (words.length === 0) return '';
  let i = 0;
  while (i < words[0].length && words.every((w) => w[i] === words[0][i])) i++;
  return words[0].slice(0, i - 1);
}`,
      `function commonPrefix(words) {
  if (words.length === 0) return '';
  let p = words[0];
  for (const w of words) while (!w.toLowerCase().startsWith(p.toLowerCase())) p = p.slice(0, -1);
  return p;
}`,
    ],
    cases: [
      [[['flower', 'flow', 'flight']], 'fl'],
      [[['dog', 'racecar', 'car']], ''],
      [[[]], ''],
      [[['alone']], 'alone'],
      [[['ab', 'ab']], 'ab'],
      [[['Apple', 'apple']], ''],
      [[['', 'abc']], ''],
    ],
  },
  {
    id: 'count-words',
    title: 'Count words',
    difficulty: 'easy',
    statement: `Write a function countWords(s) that returns the number of words in s, where a word is a maximal run of characters that are not whitespace (spaces, tabs, newlines). An empty or all-whitespace string has 0 words.`,
    ref: `function countWords(s) {
  return s.split(/\\s+/).filter((w) => w.length > 0).length;
}`,
    buggy: [
      `function countWords(s) {
  return s.split(' ').length;
}`,
      `function countWords(s) {
  return s.trim().split(' ').filter((w) => w.length > 0).length;
}`,
    ],
    cases: [
      [['hello world'], 2],
      [[''], 0],
      [['   '], 0],
      [['one\ttwo\nthree'], 3],
      [['  padded   words  '], 2],
      [['single'], 1],
    ],
  },
  {
    id: 'compress-spaces',
    title: 'Collapse repeated spaces',
    difficulty: 'easy',
    statement: `Write a function collapseSpaces(s) that replaces every run of two or more spaces with a single space and removes spaces at the start and end. Only the space character " " is affected; other characters, including tabs, stay as they are.`,
    ref: `function collapseSpaces(s) {
  return s.replace(/ {2,}/g, ' ').replace(/^ | $/g, '');
}`,
    buggy: [
      `function collapseSpaces(s) {
  return s.replace(/ {2,}/g, ' ');
}`,
      `function collapseSpaces(s) {
  return s.replace(/\\s+/g, ' ').trim();
}`,
    ],
    cases: [
      [['a  b   c'], 'a b c'],
      [['  lead and trail  '], 'lead and trail'],
      [[''], ''],
      [['    '], ''],
      [['tab\there'], 'tab\there'],
      [['no-change'], 'no-change'],
    ],
  },
  {
    id: 'camel-to-snake',
    title: 'camelCase to snake_case',
    difficulty: 'medium',
    eval: true,
    statement: `Write a function toSnakeCase(name) that converts a camelCase or PascalCase identifier to snake_case: every upper-case ASCII letter becomes "_" followed by its lower-case form, except that no underscore is added at the very start of the string. Digits and existing underscores are kept as they are. Example: "parseHTTPResponse" becomes "parse_h_t_t_p_response".`,
    ref: `function toSnakeCase(name) {
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (c >= 'A' && c <= 'Z') out += (i === 0 ? '' : '_') + c.toLowerCase();
    else out += c;
  }
  return out;
}`,
    buggy: [
      `function toSnakeCase(name) {
  return name.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
}`,
      `function toSnakeCase(name) {
  return name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}`,
    ],
    cases: [
      [['helloWorld'], 'hello_world'],
      [['HelloWorld'], 'hello_world'],
      [['parseHTTPResponse'], 'parse_h_t_t_p_response'],
      [[''], ''],
      [['x'], 'x'],
      [['value2Go'], 'value2_go'],
      [['A'], 'a'],
    ],
  },
  {
    id: 'char-frequency',
    title: 'Character frequencies',
    difficulty: 'easy',
    tags: ['objects'],
    statement: `Write a function charFrequency(s) that returns a plain object mapping each character of s to the number of times it occurs. Case matters and spaces count as characters. An empty string gives {}.`,
    ref: `function charFrequency(s) {
  const out = {};
  for (const c of s) out[c] = (out[c] || 0) + 1;
  return out;
}`,
    buggy: [
      `function charFrequency(s) {
  const out = {};
  for (const c of s) out[c] = out[c] ? out[c]++ : 1;
  return out;
}`,
      `function charFrequency(s) {
  const out = {};
  for (const c of s.replace(/ /g, '')) out[c] = (out[c] || 0) + 1;
  return out;
}`,
    ],
    cases: [
      [['hello'], { h: 1, e: 1, l: 2, o: 1 }],
      [[''], {}],
      [['aA a'], { a: 2, A: 1, ' ': 1 }],
      [['zzz'], { z: 3 }],
      [['112'], { 1: 2, 2: 1 }],
      [['ab ba'], { a: 2, b: 2, ' ': 1 }],
    ],
  },
  {
    id: 'valid-parentheses',
    title: 'Balanced brackets',
    difficulty: 'medium',
    tags: ['stack'],
    statement: `Write a function isBalanced(s) that returns true if every bracket in s is properly matched and nested. The brackets are (), [] and {}; all other characters are ignored. An empty string is balanced.`,
    ref: `function isBalanced(s) {
  const pairs = { ')': '(', ']': '[', '}': '{' };
  const stack = [];
  for (const c of s) {
    if (c === '(' || c === '[' || c === '{') stack.push(c);
    else if (c in pairs) {
      if (stack.pop() !== pairs[c]) return false;
    }
  }
  return stack.length === 0;
}`,
    buggy: [
      `function isBalanced(s) {
  const pairs = { ')': '(', ']': '[', '}': '{' };
  const stack = [];
  for (const c of s) {
    if (c === '(' || c === '[' || c === '{') stack.push(c);
    else if (c in pairs) {
      if (stack.pop() !== pairs[c]) return false;
    }
  }
  return true;
}`,
      `function isBalanced(s) {
  let depth = 0;
  for (const c of s) {
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    if (depth < 0) return false;
  }
  return depth === 0;
}`,
    ],
    cases: [
      [['()[]{}'], true],
      [['([)]'], false],
      [['{[()]}'], true],
      [[''], true],
      [['(('], false],
      [['a(b)c]'], false],
      [['f(x[1]) {y}'], true],
    ],
  },
  {
    id: 'longest-word',
    title: 'Longest word',
    difficulty: 'easy',
    statement: `Write a function longestWord(s) that returns the longest word in s, where words are separated by one or more spaces. If several words share the greatest length, return the first of them. A string with no words gives "".`,
    ref: `function longestWord(s) {
  let best = '';
  for (const w of s.split(' ')) if (w.length > best.length) best = w;
  return best;
}`,
    buggy: [
      `function longestWord(s) {
  let best = '';
  for (const w of s.split(' ')) if (w.length >= best.length) best = w;
  return best;
}`,
      `function longestWord(s) {
  let best = '';
  let max = 0;
  for (const w of s.split(' ')) if (w.length > max) best = w;
  return best;
}`,
    ],
    cases: [
      [['the quick brown fox'], 'quick'],
      [[''], ''],
      [['  '], ''],
      [['aa bb cc'], 'aa'],
      [['a abc ab'], 'abc'],
      [['one'], 'one'],
    ],
  },
  {
    id: 'is-isogram',
    title: 'Isogram',
    difficulty: 'easy',
    tags: ['sets'],
    statement: `An isogram is a word in which no letter appears more than once, ignoring letter case. Hyphens and spaces may repeat and are not letters. Write a function isIsogram(s) that returns whether s is an isogram. An empty string is an isogram.`,
    ref: `function isIsogram(s) {
  const seen = new Set();
  for (const c of s.toLowerCase()) {
    if (c === '-' || c === ' ') continue;
    if (seen.has(c)) return false;
    seen.add(c);
  }
  return true;
}`,
    buggy: [
      `function isIsogram(s) {
  return new Set(s.toLowerCase()).size === s.length;
}`,
      `function isIsogram(s) {
  const t = s.replace(/[- ]/g, '');
  return new Set(t).size === t.length;
}`,
    ],
    cases: [
      [['lumberjacks'], true],
      [['isograms'], false],
      [['six-year-old'], true],
      [['Alphabet'], false],
      [[''], true],
      [['up to'], true],
      [['Emily Jung Schwartzkopf'], true],
    ],
  },
  {
    id: 'string-to-integer',
    title: 'Parse a signed integer',
    difficulty: 'medium',
    tags: ['parsing'],
    statement: `Write a function parseIntStrict(s) that converts a string to an integer without using parseInt, Number or the unary plus. The string is valid when it is an optional single "+" or "-" followed by one or more decimal digits, with nothing else (no spaces). Return the integer for a valid string, and null otherwise. "-0" gives 0.`,
    ref: `function parseIntStrict(s) {
  if (!/^[+-]?[0-9]+$/.test(s)) return null;
  let i = 0;
  let sign = 1;
  if (s[0] === '+' || s[0] === '-') {
    if (s[0] === '-') sign = -1;
    i = 1;
  }
  let n = 0;
  for (; i < s.length; i++) n = n * 10 + (s.charCodeAt(i) - 48);
  return sign * n || 0;
}`,
    buggy: [
      `function parseIntStrict(s) {
  if (!/^[+-]?[0-9]*$/.test(s)) return null;
  let i = 0;
  let sign = 1;
  if (s[0] === '+' || s[0] === '-') {
    if (s[0] === '-') sign = -1;
    i = 1;
  }
  let n = 0;
  for (; i < s.length; i++) n = n * 10 + (s.charCodeAt(i) - 48);
  return sign * n || 0;
}`,
      `function parseIntStrict(s) {
  if (!/^[+-]?[0-9]+$/.test(s)) return null;
  let n = 0;
  for (const c of s) if (c !== '+' && c !== '-') n = n * 10 + (c.charCodeAt(0) - 48);
  return n;
}`,
    ],
    cases: [
      [['42'], 42],
      [['-17'], -17],
      [['+8'], 8],
      [[''], null],
      [['-'], null],
      [['12a'], null],
      [[' 5'], null],
      [['007'], 7],
    ],
  },
  {
    id: 'most-frequent-char',
    title: 'Most frequent character',
    difficulty: 'medium',
    tags: ['maps'],
    statement: `Write a function mostFrequentChar(s) that returns the character occurring most often in s. Case matters and spaces count. If several characters tie, return the one that appears first in s. An empty string gives "".`,
    ref: `function mostFrequentChar(s) {
  const count = new Map();
  for (const c of s) count.set(c, (count.get(c) || 0) + 1);
  let best = '';
  let bestN = 0;
  for (const c of s) {
    if (count.get(c) > bestN) {
      best = c;
      bestN = count.get(c);
    }
  }
  return best;
}`,
    buggy: [
      `function mostFrequentChar(s) {
  const count = {};
  for (const c of s) count[c] = (count[c] || 0) + 1;
  let best = '';
  for (const c in count) if (!best || count[c] >= count[best]) best = c;
  return best;
}`,
      `function mostFrequentChar(s) {
  const sorted = s.split('').sort();
  let best = '';
  let bestN = 0;
  let run = 0;
  for (let i = 0; i < sorted.length; i++) {
    run = i > 0 && sorted[i] === sorted[i - 1] ? run + 1 : 1;
    if (run > bestN) {
      bestN = run;
      best = sorted[i];
    }
  }
  return best;
}`,
    ],
    cases: [
      [['hello'], 'l'],
      [[''], ''],
      [['abcabc'], 'a'],
      [['bba'], 'b'],
      [['zyx'], 'z'],
      [['a  b'], ' '],
      [['AaA'], 'A'],
    ],
  },
  {
    id: 'mask-all-but-last4',
    title: 'Mask a card number',
    difficulty: 'easy',
    statement: `Write a function mask(s) that replaces every character of s with "#" except the last four characters. Strings of length four or less are returned unchanged.`,
    ref: `function mask(s) {
  if (s.length <= 4) return s;
  return '#'.repeat(s.length - 4) + s.slice(-4);
}`,
    buggy: [
      `function mask(s) {
  return '#'.repeat(s.length - 4) + s.slice(-4);
}`,
      `function mask(s) {
  if (s.length <= 4) return s;
  return '#'.repeat(s.length - 4) + s.slice(-3);
}`,
    ],
    cases: [
      [['4556364607935616'], '############5616'],
      [['1234'], '1234'],
      [['12'], '12'],
      [[''], ''],
      [['abcde'], '#bcde'],
      [['Skippy'], '##ippy'],
    ],
  },
  {
    id: 'vowel-reverse',
    title: 'Reverse only the vowels',
    difficulty: 'medium',
    eval: true,
    statement: `Write a function reverseVowels(s) that returns s with the vowels (a, e, i, o, u, in either case) reversed in position, while every other character stays where it is. The vowels keep their own case as they move.`,
    ref: `function reverseVowels(s) {
  const chars = s.split('');
  const isV = (c) => 'aeiouAEIOU'.includes(c);
  let i = 0;
  let j = chars.length - 1;
  while (i < j) {
    if (!isV(chars[i])) i++;
    else if (!isV(chars[j])) j--;
    else {
      [chars[i], chars[j]] = [chars[j], chars[i]];
      i++;
      j--;
    }
  }
  return chars.join('');
}`,
    buggy: [
      `function reverseVowels(s) {
  const chars = s.split('');
  const isV = (c) => 'aeiou'.includes(c);
  let i = 0;
  let j = chars.length - 1;
  while (i < j) {
    if (!isV(chars[i])) i++;
    else if (!isV(chars[j])) j--;
    else {
      [chars[i], chars[j]] = [chars[j], chars[i]];
      i++;
      j--;
    }
  }
  return chars.join('');
}`,
      `function reverseVowels(s) {
  const vs = s.split('').filter((c) => 'aeiouAEIOU'.includes(c));
  return s.split('').map((c) => ('aeiouAEIOU'.includes(c) ? vs.pop() : c)).join('').toLowerCase();
}`,
    ],
    cases: [
      [['hello'], 'holle'],
      [['leetcode'], 'leotcede'],
      [[''], ''],
      [['bcd'], 'bcd'],
      [['aA'], 'Aa'],
      [['Ubuntu'], 'ubuntU'],
    ],
  },
  {
    id: 'count-substring',
    title: 'Count occurrences of a substring',
    difficulty: 'easy',
    statement: `Write a function countOccurrences(text, sub) that returns how many times sub occurs in text, counting overlapping occurrences ("aa" occurs 2 times in "aaa"). Case matters. If sub is empty, return 0.`,
    ref: `function countOccurrences(text, sub) {
  if (sub.length === 0) return 0;
  let n = 0;
  for (let i = 0; i + sub.length <= text.length; i++) if (text.startsWith(sub, i)) n++;
  return n;
}`,
    buggy: [
      `function countOccurrences(text, sub) {
  if (sub.length === 0) return 0;
  return text.split(sub).length - 1;
}`,
      `function countOccurrences(text, sub) {
  let n = 0;
  for (let i = 0; i + sub.length <= text.length; i++) if (text.startsWith(sub, i)) n++;
  return n;
}`,
    ],
    cases: [
      [['aaa', 'aa'], 2],
      [['hello', 'l'], 2],
      [['abc', ''], 0],
      [['', 'a'], 0],
      [['Abab', 'ab'], 1],
      [['abababa', 'aba'], 3],
    ],
  },
  {
    id: 'pig-latin-word',
    title: 'Pig Latin',
    difficulty: 'medium',
    statement: `Write a function pigLatin(word) for a lower-case word of ASCII letters: if the word starts with a vowel (a, e, i, o, u), append "way"; otherwise move the leading run of consonants to the end and append "ay". A word with no vowel at all just gets "ay" appended. An empty string gives "".`,
    ref: `function pigLatin(word) {
  if (word === '') return '';
  const i = word.search(/[aeiou]/);
  if (i === 0) return word + 'way';
  if (i === -1) return word + 'ay';
  return word.slice(i) + word.slice(0, i) + 'ay';
}`,
    buggy: [
      `function pigLatin(word) {
  if (word === '') return '';
  if ('aeiou'.includes(word[0])) return word + 'way';
  return word.slice(1) + word[0] + 'ay';
}`,
      `function pigLatin(word) {
  const i = word.search(/[aeiou]/);
  if (i === 0) return word + 'way';
  return word.slice(i) + word.slice(0, i) + 'ay';
}`,
    ],
    cases: [
      [['apple'], 'appleway'],
      [['pig'], 'igpay'],
      [['string'], 'ingstray'],
      [['rhythm'], 'rhythmay'],
      [[''], ''],
      [['egg'], 'eggway'],
    ],
  },
  {
    id: 'group-anagrams',
    title: 'Group anagrams',
    eval: true,
    difficulty: 'hard',
    tags: ['maps', 'sorting'],
    statement: `Write a function groupAnagrams(words) that groups words that are anagrams of each other (same letters, same counts; case matters). Return an array of groups. Inside a group, words keep their input order (duplicates kept). Groups are ordered by the position of their first word in the input.`,
    ref: `function groupAnagrams(words) {
  const groups = new Map();
  for (const w of words) {
    const key = w.split('').sort().join('');
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(w);
  }
  return [...groups.values()];
}`,
    buggy: [
      `function groupAnagrams(words) {
  const groups = {};
  for (const w of words) {
    const key = w.split('').sort().join('');
    (groups[key] = groups[key] || []).push(w);
  }
  return Object.values(groups).sort((a, b) => b.length - a.length);
}`,
      `function groupAnagrams(words) {
  const groups = new Map();
  for (const w of words) {
    const key = w.length + ':' + w[0];
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(w);
  }
  return [...groups.values()];
}`,
    ],
    cases: [
      [[['eat', 'tea', 'tan', 'ate', 'nat', 'bat']], [['eat', 'tea', 'ate'], ['tan', 'nat'], ['bat']]],
      [[[]], []],
      [[['']], [['']]],
      [[['a', 'b', 'a']], [['a', 'a'], ['b']]],
      [[['ab', 'Ba', 'ba']], [['ab', 'ba'], ['Ba']]],
      [[['x', 'yz', 'zy', 'zy']], [['x'], ['yz', 'zy', 'zy']]],
      [[['abc', 'acb', 'abd']], [['abc', 'acb'], ['abd']]],
    ],
  },
  {
    id: 'longest-unique-substring',
    title: 'Longest substring without repeats',
    difficulty: 'hard',
    tags: ['sliding-window'],
    statement: `Write a function longestUniqueSubstring(s) that returns the length of the longest contiguous substring of s in which no character repeats. Case matters. An empty string gives 0.`,
    ref: `function longestUniqueSubstring(s) {
  const last = new Map();
  let start = 0;
  let best = 0;
  for (let i = 0; i < s.length; i++) {
    if (last.has(s[i]) && last.get(s[i]) >= start) start = last.get(s[i]) + 1;
    last.set(s[i], i);
    best = Math.max(best, i - start + 1);
  }
  return best;
}`,
    buggy: [
      `function longestUniqueSubstring(s) {
  const last = new Map();
  let start = 0;
  let best = 0;
  for (let i = 0; i < s.length; i++) {
    if (last.has(s[i])) start = last.get(s[i]) + 1;
    last.set(s[i], i);
    best = Math.max(best, i - start + 1);
  }
  return best;
}`,
      `function longestUniqueSubstring(s) {
  return new Set(s).size;
}`,
    ],
    cases: [
      [['abcabcbb'], 3],
      [['bbbbb'], 1],
      [['pwwkew'], 3],
      [[''], 0],
      [['abba'], 2],
      [['aA'], 2],
      [['dvdf'], 3],
    ],
  },
  {
    id: 'longest-palindromic-substring',
    title: 'Longest palindromic substring',
    difficulty: 'hard',
    statement: `Write a function longestPalindrome(s) that returns the longest contiguous substring of s that reads the same forwards and backwards (case-sensitive, every character counts). If several have the greatest length, return the one that starts first. An empty string gives "".`,
    ref: `function longestPalindrome(s) {
  let best = '';
  for (let c = 0; c < s.length; c++) {
    for (const [l0, r0] of [[c, c], [c, c + 1]]) {
      let l = l0;
      let r = r0;
      while (l >= 0 && r < s.length && s[l] === s[r]) {
        l--;
        r++;
      }
      const cand = s.slice(l + 1, r);
      if (cand.length > best.length) best = cand;
    }
  }
  return best;
}`,
    buggy: [
      `function longestPalindrome(s) {
  let best = '';
  for (let c = 0; c < s.length; c++) {
    let l = c;
    let r = c;
    while (l >= 0 && r < s.length && s[l] === s[r]) {
      l--;
      r++;
    }
    const cand = s.slice(l + 1, r);
    if (cand.length > best.length) best = cand;
  }
  return best;
}`,
      `function longestPalindrome(s) {
  let best = '';
  for (let i = 0; i < s.length; i++)
    for (let j = i + 1; j <= s.length; j++) {
      const t = s.slice(i, j);
      if (t === t.split('').reverse().join('') && t.length >= best.length) best = t;
    }
  return best;
}`,
    ],
    cases: [
      [['babad'], 'bab'],
      [['cbbd'], 'bb'],
      [[''], ''],
      [['a'], 'a'],
      [['abc'], 'a'],
      [['forgeeksskeegfor'], 'geeksskeeg'],
      [['Aa'], 'A'],
    ],
  },
  {
    id: 'min-window-substring',
    title: 'Smallest window containing all characters',
    difficulty: 'hard',
    tags: ['sliding-window', 'maps'],
    statement: `Write a function minWindow(s, t) that returns the shortest contiguous substring of s containing every character of t, counting multiplicity (if t has two "a"s the window needs two). Case matters. If several windows have the minimum length, return the leftmost. If there is none, or t is empty, return "".`,
    ref: `function minWindow(s, t) {
  if (t.length === 0) return '';
  const need = new Map();
  for (const c of t) need.set(c, (need.get(c) || 0) + 1);
  let missing = t.length;
  let best = '';
  for (let left = 0, right = 0; right < s.length; right++) {
    const c = s[right];
    if (need.has(c) && need.set(c, need.get(c) - 1).get(c) >= 0) missing--;
    while (missing === 0) {
      if (best === '' || right - left + 1 < best.length) best = s.slice(left, right + 1);
      const d = s[left++];
      if (need.has(d) && need.set(d, need.get(d) + 1).get(d) > 0) missing++;
    }
  }
  return best;
}`,
    buggy: [
      `function minWindow(s, t) {
  if (t.length === 0) return '';
  const need = new Set(t);
  let best = '';
  for (let i = 0; i < s.length; i++)
    for (let j = i + 1; j <= s.length; j++) {
      const w = s.slice(i, j);
      if ([...need].every((c) => w.includes(c)) && (best === '' || w.length < best.length)) best = w;
    }
  return best;
}`,
      `function minWindow(s, t) {
  if (t.length === 0) return '';
  const need = new Map();
  for (const c of t) need.set(c, (need.get(c) || 0) + 1);
  let missing = t.length;
  let best = '';
  for (let left = 0, right = 0; right < s.length; right++) {
    const c = s[right];
    if (need.has(c) && need.set(c, need.get(c) - 1).get(c) >= 0) missing--;
    while (missing === 0) {
      if (best === '' || right - left + 1 <= best.length) best = s.slice(left, right + 1);
      const d = s[left++];
      if (need.has(d) && need.set(d, need.get(d) + 1).get(d) > 0) missing++;
    }
  }
  return best;
}`,
    ],
    cases: [
      [['ADOBECODEBANC', 'ABC'], 'BANC'],
      [['a', 'a'], 'a'],
      [['a', 'aa'], ''],
      [['abc', ''], ''],
      [['aab', 'aab'], 'aab'],
      [['abcab', 'ab'], 'ab'],
      [['xyz', 'Z'], ''],
      [['baab', 'aab'], 'baa'],
    ],
  },
  {
    id: 'is-subsequence',
    title: 'Subsequence check',
    difficulty: 'easy',
    statement: `Write a function isSubsequence(sub, s) that returns true if the characters of sub appear in s in the same order, not necessarily next to each other ("ace" is a subsequence of "abcde", "aec" is not). The empty string is a subsequence of every string. Case matters.`,
    ref: `function isSubsequence(sub, s) {
  let i = 0;
  for (const c of s) if (i < sub.length && c === sub[i]) i++;
  return i === sub.length;
}`,
    buggy: [
      `function isSubsequence(sub, s) {
  return [...sub].every((c) => s.includes(c));
}`,
      `function isSubsequence(sub, s) {
  let from = 0;
  for (const c of sub) {
    const k = s.indexOf(c, from);
    if (k === -1) return false;
    from = k;
  }
  return true;
}`,
    ],
    cases: [
      [['ace', 'abcde'], true],
      [['aec', 'abcde'], false],
      [['', 'abc'], true],
      [['a', ''], false],
      [['aa', 'a'], false],
      [['Ab', 'ab'], false],
      [['abc', 'abc'], true],
    ],
  },
  {
    id: 'swap-case',
    title: 'Swap letter case',
    difficulty: 'easy',
    statement: `Write a function swapCase(s) that returns s with every upper-case ASCII letter turned to lower case and every lower-case ASCII letter turned to upper case. Other characters are unchanged.`,
    ref: `function swapCase(s) {
  let out = '';
  for (const c of s) {
    if (c >= 'a' && c <= 'z') out += c.toUpperCase();
    else if (c >= 'A' && c <= 'Z') out += c.toLowerCase();
    else out += c;
  }
  return out;
}`,
    buggy: [
      `function swapCase(s) {
  return s.split('').map((c) => String.fromCharCode(c.charCodeAt(0) ^ 32)).join('');
}`,
      `function swapCase(s) {
  let out = '';
  for (const c of s) {
    if (c >= 'a' && c < 'z') out += c.toUpperCase();
    else if (c >= 'A' && c < 'Z') out += c.toLowerCase();
    else out += c;
  }
  return out;
}`,
    ],
    cases: [
      [['Hello World'], 'hELLO wORLD'],
      [[''], ''],
      [['123!'], '123!'],
      [['aBc'], 'AbC'],
      [['ABBA'], 'abba'],
      [['xyz'], 'XYZ'],
      [['Zz'], 'zZ'],
    ],
  },
  {
    id: 'compress-if-shorter',
    title: 'Compress only when it helps',
    difficulty: 'medium',
    statement: `Write a function compress(s) that replaces each maximal run of a repeated character by the character followed by the run length ("aabcccccaaa" becomes "a2b1c5a3"). If the compressed string is not strictly shorter than s, return s unchanged. Case matters.`,
    ref: `function compress(s) {
  let out = '';
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j < s.length && s[j] === s[i]) j++;
    out += s[i] + (j - i);
    i = j;
  }
  return out.length < s.length ? out : s;
}`,
    buggy: [
      `function compress(s) {
  let out = '';
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j < s.length && s[j] === s[i]) j++;
    out += s[i] + (j - i);
    i = j;
  }
  return out.length <= s.length ? out : s;
}`,
      `function compress(s) {
  let out = '';
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j < s.length && s[j] === s[i]) j++;
    out += s[i] + (j - i > 1 ? j - i : '');
    i = j;
  }
  return out.length < s.length ? out : s;
}`,
    ],
    cases: [
      [['aabcccccaaa'], 'a2b1c5a3'],
      [['abc'], 'abc'],
      [[''], ''],
      [['aabb'], 'aabb'],
      [['aaab'], 'aaab'],
      [['aaaab'], 'a4b1'],
      [['zzzzzzzzzzzz'], 'z12'],
    ],
  },
  {
    id: 'count-and-say',
    title: 'Look-and-say sequence',
    difficulty: 'medium',
    statement: `The look-and-say sequence starts with "1"; each next term describes the previous one by reading off runs of equal digits as count then digit: "1" -> "11" (one 1) -> "21" (two 1s) -> "1211" -> "111221". Write a function lookAndSay(n) that returns the n-th term as a string, with lookAndSay(1) = "1". n is between 1 and 20.`,
    ref: `function lookAndSay(n) {
  let term = '1';
  for (let k = 1; k < n; k++) {
    let next = '';
    for (let i = 0; i < term.length; ) {
      let j = i;
      while (j < term.length && term[j] === term[i]) j++;
      next += (j - i) + term[i];
      i = j;
    }
    term = next;
  }
  return term;
}`,
    buggy: [
      `function lookAndSay(n) {
  let term = '1';
  for (let k = 0; k < n; k++) {
    let next = '';
    for (let i = 0; i < term.length; ) {
      let j = i;
      while (j < term.length && term[j] === term[i]) j++;
      next += (j - i) + term[i];
      i = j;
    }
    term = next;
  }
  return term;
}`,
      `function lookAndSay(n) {
  let term = '1';
  for (let k = 1; k < n; k++) {
    let next = '';
    for (let i = 0; i < term.length; ) {
      let j = i;
      while (j < term.length && term[j] === term[i]) j++;
      next += term[i] + (j - i);
      i = j;
    }
    term = next;
  }
  return term;
}`,
    ],
    cases: [
      [[1], '1'],
      [[2], '11'],
      [[3], '21'],
      [[4], '1211'],
      [[5], '111221'],
      [[6], '312211'],
      [[8], '1113213211'],
    ],
  },
  {
    id: 'word-wrap',
    title: 'Wrap text to a width',
    difficulty: 'hard',
    statement: `Write a function wrap(text, width) that splits the words of text (separated by one or more spaces) into lines of at most width characters, greedily: each line takes as many words as fit, joined by single spaces. A word longer than width goes on a line of its own, unbroken. Return the array of lines; text with no words gives []. width is a positive integer.`,
    ref: `function wrap(text, width) {
  const lines = [];
  let line = '';
  for (const w of text.split(' ')) {
    if (w === '') continue;
    if (line === '') line = w;
    else if (line.length + 1 + w.length <= width) line += ' ' + w;
    else {
      lines.push(line);
      line = w;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}`,
    buggy: [
      `function wrap(text, width) {
  const lines = [];
  let line = '';
  for (const w of text.split(' ')) {
    if (w === '') continue;
    if (line === '') line = w;
    else if (line.length + w.length <= width) line += ' ' + w;
    else {
      lines.push(line);
      line = w;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}`,
      `function wrap(text, width) {
  const lines = [];
  let line = '';
  for (const w of text.split(' ')) {
    if (w === '') continue;
    if (line === '') line = w;
    else if (line.length + 1 + w.length <= width) line += ' ' + w;
    else {
      lines.push(line);
      line = w;
    }
  }
  return lines;
}`,
    ],
    cases: [
      [['the quick brown fox', 10], ['the quick', 'brown fox']],
      [['', 5], []],
      [['a b c d', 3], ['a b', 'c d']],
      [['extraordinary word', 5], ['extraordinary', 'word']],
      [['  spaced   out  ', 20], ['spaced out']],
      [['aa bb', 5], ['aa bb']],
      [['aa bb', 4], ['aa', 'bb']],
    ],
  },
];
