// String parsing without dates: tokens, key-value formats, small grammars.
// Expected values written by hand.
export default [
  {
    id: 'parse-query-string',
    title: 'Parse a query string',
    difficulty: 'medium',
    statement: `Write a function parseQuery(qs) that parses a URL query string such as "a=1&b=two" into a plain object of strings. A leading "?" is ignored. Pairs are separated by "&"; empty pairs are skipped. A pair without "=" gets the value "". Only the first "=" splits key from value. If a key repeats, the last value wins. Do not decode percent-escapes.`,
    ref: `function parseQuery(qs) {
  const out = {};
  const s = qs.startsWith('?') ? qs.slice(1) : qs;
  for (const pair of s.split('&')) {
    if (pair === '') continue;
    const i = pair.indexOf('=');
    if (i === -1) out[pair] = '';
    else out[pair.slice(0, i)] = pair.slice(i + 1);
  }
  return out;
}`,
    buggy: [
      `function parseQuery(qs) {
  const out = {};
  const s = qs.startsWith('?') ? qs.slice(1) : qs;
  for (const pair of s.split('&')) {
    if (pair === '') continue;
    const [k, v] = pair.split('=');
    out[k] = v || '';
  }
  return out;
}`,
      `function parseQuery(qs) {
  const out = {};
  for (const pair of qs.split('&')) {
    if (pair === '') continue;
    const i = pair.indexOf('=');
    if (i === -1) out[pair] = '';
    else out[pair.slice(0, i)] = pair.slice(i + 1);
  }
  return out;
}`,
    ],
    cases: [
      [['a=1&b=two'], { a: '1', b: 'two' }],
      [['?x=5'], { x: '5' }],
      [[''], {}],
      [['flag&k=v'], { flag: '', k: 'v' }],
      [['eq=a=b'], { eq: 'a=b' }],
      [['k=1&k=2'], { k: '2' }],
      [['&&a=&'], { a: '' }],
    ],
  },
  {
    id: 'eval-rpn',
    title: 'Evaluate reverse Polish notation',
    difficulty: 'medium',
    tags: ['stack'],
    statement: `Write a function evalRPN(tokens) that evaluates an arithmetic expression in reverse Polish notation given as an array of tokens: integers (possibly negative, like "-3") and the operators "+", "-", "*", "/". Division truncates toward zero (7 / -2 is -3). The expression is always valid and never divides by zero. Return the number.`,
    ref: `function evalRPN(tokens) {
  const st = [];
  for (const t of tokens) {
    if (t === '+' || t === '-' || t === '*' || t === '/') {
      const b = st.pop();
      const a = st.pop();
      if (t === '+') st.push(a + b);
      else if (t === '-') st.push(a - b);
      else if (t === '*') st.push(a * b);
      else st.push(Math.trunc(a / b));
    } else st.push(Number(t));
  }
  return st[0];
}`,
    buggy: [
      `function evalRPN(tokens) {
  const st = [];
  for (const t of tokens) {
    if (t === '+' || t === '-' || t === '*' || t === '/') {
      const a = st.pop();
      const b = st.pop();
      if (t === '+') st.push(a + b);
      else if (t === '-') st.push(a - b);
      else if (t === '*') st.push(a * b);
      else st.push(Math.trunc(a / b));
    } else st.push(Number(t));
  }
  return st[0];
}`,
      `function evalRPN(tokens) {
  const st = [];
  for (const t of tokens) {
    if (t === '+' || t === '-' || t === '*' || t === '/') {
      const b = st.pop();
      const a = st.pop();
      if (t === '+') st.push(a + b);
      else if (t === '-') st.push(a - b);
      else if (t === '*') st.push(a * b);
      else st.push(Math.floor(a / b));
    } else st.push(Number(t));
  }
  return st[0];
}`,
    ],
    cases: [
      [[['2', '1', '+', '3', '*']], 9],
      [[['4', '13', '5', '/', '+']], 6],
      [[['42']], 42],
      [[['7', '-2', '/']], -3],
      [[['10', '6', '9', '3', '+', '-11', '*', '/', '*', '17', '+', '5', '+']], 22],
      [[['5', '8', '-']], -3],
    ],
  },
  {
    id: 'parse-csv-line',
    title: 'Split a CSV line',
    eval: true,
    difficulty: 'hard',
    statement: `Write a function parseCsvLine(line) that splits one line of CSV into its fields. Fields are separated by commas. A field may be wrapped in double quotes; inside quotes, commas are literal and a doubled quote "" stands for one quote character. The surrounding quotes are not part of the value. Unquoted fields are taken as is (no trimming). An empty line is one empty field: [""].`,
    ref: `function parseCsvLine(line) {
  const out = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}`,
    buggy: [
      `function parseCsvLine(line) {
  return line.split(',').map((f) => f.replace(/^"|"$/g, ''));
}`,
      `function parseCsvLine(line) {
  const out = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}`,
    ],
    cases: [
      [['a,b,c'], ['a', 'b', 'c']],
      [[''], ['']],
      [['"x,y",z'], ['x,y', 'z']],
      [['"say ""hi""",2'], ['say "hi"', '2']],
      [['a,,b,'], ['a', '', 'b', '']],
      [[' sp , x'], [' sp ', ' x']],
      [['""'], ['']],
    ],
  },
  {
    id: 'roman-to-int',
    title: 'Roman numerals to integers',
    difficulty: 'medium',
    statement: `Write a function romanToInt(s) that converts a valid Roman numeral (letters I=1, V=5, X=10, L=50, C=100, D=500, M=1000, upper case, using the subtractive forms IV, IX, XL, XC, CD, CM) to an integer. The numeral is between 1 and 3999.`,
    ref: `function romanToInt(s) {
  const v = { I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000 };
  let total = 0;
  for (let i = 0; i < s.length; i++) {
    const cur = v[s[i]];
    const next = i + 1 < s.length ? v[s[i + 1]] : 0;
    total += cur < next ? -cur : cur;
  }
  return total;
}`,
    buggy: [
      `function romanToInt(s) {
  const v = { I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000 };
  let total = 0;
  for (const c of s) total += v[c];
  return total;
}`,
      `function romanToInt(s) {
  const v = { I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000 };
  let total = 0;
  for (let i = 0; i < s.length; i++) {
    const cur = v[s[i]];
    const next = i + 1 < s.length ? v[s[i + 1]] : 0;
    total += cur <= next ? -cur : cur;
  }
  return total;
}`,
    ],
    cases: [
      [['III'], 3],
      [['IV'], 4],
      [['IX'], 9],
      [['LVIII'], 58],
      [['MCMXCIV'], 1994],
      [['MMMCMXCIX'], 3999],
      [['XX'], 20],
    ],
  },
  {
    id: 'int-to-roman',
    title: 'Integers to Roman numerals',
    difficulty: 'medium',
    eval: true,
    statement: `Write a function toRoman(n) that converts an integer from 1 to 3999 to an upper-case Roman numeral, using the subtractive forms IV, IX, XL, XC, CD and CM (so 4 is "IV", not "IIII").`,
    ref: `function toRoman(n) {
  const table = [[1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
  let out = '';
  for (const [v, sym] of table) {
    while (n >= v) {
      out += sym;
      n -= v;
    }
  }
  return out;
}`,
    buggy: [
      `function toRoman(n) {
  const table = [[1000, 'M'], [500, 'D'], [100, 'C'], [50, 'L'], [10, 'X'], [5, 'V'], [1, 'I']];
  let out = '';
  for (const [v, sym] of table) {
    while (n >= v) {
      out += sym;
      n -= v;
    }
  }
  return out;
}`,
      `function toRoman(n) {
  const table = [[1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
  let out = '';
  for (const [v, sym] of table) {
    if (n >= v) {
      out += sym;
      n -= v;
    }
  }
  return out;
}`,
    ],
    cases: [
      [[3], 'III'],
      [[4], 'IV'],
      [[9], 'IX'],
      [[58], 'LVIII'],
      [[1994], 'MCMXCIV'],
      [[3999], 'MMMCMXCIX'],
      [[40], 'XL'],
    ],
  },
  {
    id: 'parse-duration',
    title: 'Parse a duration like 1h30m',
    difficulty: 'medium',
    statement: `Write a function parseDuration(s) that converts a duration string made of one or more parts "<digits><unit>" with units h (hours), m (minutes) and s (seconds), e.g. "1h30m" or "45s" or "2m5s", into a total number of seconds. Units may appear in any order and may repeat (their amounts add up). If s is empty or contains anything that is not such a part, return null.`,
    ref: `function parseDuration(s) {
  if (!/^(\\d+[hms])+$/.test(s)) return null;
  const mult = { h: 3600, m: 60, s: 1 };
  let total = 0;
  for (const [, n, u] of s.matchAll(/(\\d+)([hms])/g)) total += Number(n) * mult[u];
  return total;
}`,
    buggy: [
      `function parseDuration(s) {
  const mult = { h: 3600, m: 60, s: 1 };
  let total = 0;
  for (const [, n, u] of s.matchAll(/(\\d+)([hms])/g)) total += Number(n) * mult[u];
  return total;
}`,
      `function parseDuration(s) {
  if (!/^(\\d+[hms])+$/.test(s)) return null;
  const mult = { h: 360, m: 60, s: 1 };
  let total = 0;
  for (const [, n, u] of s.matchAll(/(\\d+)([hms])/g)) total += Number(n) * mult[u];
  return total;
}`,
    ],
    cases: [
      [['1h30m'], 5400],
      [['45s'], 45],
      [['2m5s'], 125],
      [[''], null],
      [['10'], null],
      [['1h 2m'], null],
      [['5s5s'], 10],
      [['2h'], 7200],
    ],
  },
  {
    id: 'tokenize-arith',
    title: 'Tokenize an arithmetic expression',
    difficulty: 'medium',
    statement: `Write a function tokenize(expr) that splits an arithmetic expression into tokens: non-negative numbers (digits with an optional fractional part like "3.25"), the operators + - * / and the parentheses ( and ). Spaces separate nothing and are dropped. Numbers become numbers; operators and parentheses stay one-character strings. Any other character makes the whole result null.`,
    ref: `function tokenize(expr) {
  const out = [];
  let i = 0;
  while (i < expr.length) {
    const c = expr[i];
    if (c === ' ') i++;
    else if ('+-*/()'.includes(c)) {
      out.push(c);
      i++;
    } else if (c >= '0' && c <= '9') {
      const m = /^\\d+(\\.\\d+)?/.exec(expr.slice(i));
      out.push(Number(m[0]));
      i += m[0].length;
    } else return null;
  }
  return out;
}`,
    buggy: [
      `function tokenize(expr) {
  const out = [];
  for (const c of expr) {
    if (c === ' ') continue;
    if ('+-*/()'.includes(c)) out.push(c);
    else if (c >= '0' && c <= '9') out.push(Number(c));
    else return null;
  }
  return out;
}`,
      `function tokenize(expr) {
  const out = [];
  let i = 0;
  while (i < expr.length) {
    const c = expr[i];
    if (c === ' ') i++;
    else if ('+-*/()'.includes(c)) {
      out.push(c);
      i++;
    } else {
      const m = /^\\d+(\\.\\d+)?/.exec(expr.slice(i));
      if (!m) {
        i++;
        continue;
      }
      out.push(Number(m[0]));
      i += m[0].length;
    }
  }
  return out;
}`,
    ],
    cases: [
      [['1 + 2'], [1, '+', 2]],
      [['(12*3.5)-4'], ['(', 12, '*', 3.5, ')', '-', 4]],
      [[''], []],
      [['   '], []],
      [['2 ^ 3'], null],
      [['10/2'], [10, '/', 2]],
      [['x'], null],
    ],
  },
  {
    id: 'evaluate-simple-expr',
    title: 'Evaluate + and * with precedence',
    difficulty: 'hard',
    statement: `Write a function evaluate(expr) that evaluates a string containing non-negative integers, "+" and "*" (and possibly spaces), where * binds tighter than +: "2+3*4" is 14. There are no parentheses and the expression is always well formed. Do not use eval or Function.`,
    ref: `function evaluate(expr) {
  let total = 0;
  for (const term of expr.replace(/ /g, '').split('+')) {
    total += term.split('*').reduce((p, f) => p * Number(f), 1);
  }
  return total;
}`,
    buggy: [
      `function evaluate(expr) {
  const tokens = expr.replace(/ /g, '').match(/\\d+|[+*]/g);
  let acc = Number(tokens[0]);
  for (let i = 1; i < tokens.length; i += 2) {
    const n = Number(tokens[i + 1]);
    acc = tokens[i] === '+' ? acc + n : acc * n;
  }
  return acc;
}`,
      `function evaluate(expr) {
  let total = 0;
  for (const term of expr.split('+')) {
    total += term.split('*').reduce((p, f) => p * parseInt(f), 0);
  }
  return total;
}`,
    ],
    cases: [
      [['2+3*4'], 14],
      [['7'], 7],
      [['2*3+4'], 10],
      [['1 + 2 * 3 * 4 + 5'], 30],
      [['0*5+0'], 0],
      [['10*10'], 100],
    ],
  },
  {
    id: 'parse-key-values',
    title: 'Parse an INI-like config',
    difficulty: 'medium',
    tags: ['objects'],
    statement: `Write a function parseConfig(text) that parses lines of the form "key = value" into a plain object of strings. Lines are separated by "\\n". Keys and values are trimmed of surrounding spaces. Blank lines and lines whose first non-space character is "#" are ignored. A line without "=" is also ignored. Only the first "=" splits key from value. Later keys overwrite earlier ones.`,
    ref: `function parseConfig(text) {
  const out = {};
  for (const raw of text.split('\\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const i = line.indexOf('=');
    if (i === -1) continue;
    out[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return out;
}`,
    buggy: [
      `function parseConfig(text) {
  const out = {};
  for (const raw of text.split('\\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [k, v] = line.split('=');
    if (v === undefined) continue;
    out[k.trim()] = v.trim();
  }
  return out;
}`,
      `function parseConfig(text) {
  const out = {};
  for (const line of text.split('\\n')) {
    if (line === '' || line[0] === '#') continue;
    const i = line.indexOf('=');
    if (i === -1) continue;
    out[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return out;
}`,
    ],
    cases: [
      [['a = 1\nb=two'], { a: '1', b: 'two' }],
      [[''], {}],
      [['# comment\nk = v'], { k: 'v' }],
      [['  # indented comment = x\nz=1'], { z: '1' }],
      [['url = a=b'], { url: 'a=b' }],
      [['noequals\nk=1\nk=2'], { k: '2' }],
      [['\n\n  key   =   spaced value  \n'], { key: 'spaced value' }],
    ],
  },
  {
    id: 'version-compare',
    title: 'Compare version strings',
    difficulty: 'medium',
    eval: true,
    statement: `Write a function compareVersions(a, b) that compares two version strings made of non-negative integers separated by dots, like "1.10.2". Compare numerically part by part from the left; a missing part counts as 0, so "1.0" equals "1". Leading zeros do not matter ("1.01" equals "1.1"). Return -1 if a < b, 1 if a > b, and 0 if they are equal.`,
    ref: `function compareVersions(a, b) {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const p = x[i] || 0;
    const q = y[i] || 0;
    if (p !== q) return p < q ? -1 : 1;
  }
  return 0;
}`,
    buggy: [
      `function compareVersions(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}`,
      `function compareVersions(a, b) {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return 0;
}`,
    ],
    cases: [
      [['1.2', '1.10'], -1],
      [['1.0', '1'], 0],
      [['2.0.1', '2'], 1],
      [['1.01', '1.1'], 0],
      [['3', '2.9.9'], 1],
      [['0.1', '0.0.5'], 1],
      [['1', '1.0.1'], -1],
    ],
  },
  {
    id: 'parse-hex-color',
    title: 'Parse a hex color',
    difficulty: 'easy',
    statement: `Write a function parseHexColor(s) that converts a CSS hex color "#rrggbb" or the short form "#rgb" (each short digit is doubled: "#f0a" means "#ff00aa") into an array [r, g, b] of integers 0-255. Hex digits may be upper or lower case. Any other input returns null.`,
    ref: `function parseHexColor(s) {
  let m = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(s);
  if (m) return [m[1], m[2], m[3]].map((d) => parseInt(d + d, 16));
  m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(s);
  if (m) return [m[1], m[2], m[3]].map((d) => parseInt(d, 16));
  return null;
}`,
    buggy: [
      `function parseHexColor(s) {
  let m = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(s);
  if (m) return [m[1], m[2], m[3]].map((d) => parseInt(d, 16));
  m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(s);
  if (m) return [m[1], m[2], m[3]].map((d) => parseInt(d, 16));
  return null;
}`,
      `function parseHexColor(s) {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/.exec(s);
  if (m) return [m[1], m[2], m[3]].map((d) => parseInt(d, 16));
  return null;
}`,
    ],
    cases: [
      [['#ff8000'], [255, 128, 0]],
      [['#f0a'], [255, 0, 170]],
      [['#FFFFFF'], [255, 255, 255]],
      [['ff8000'], null],
      [['#12345'], null],
      [['#ggg'], null],
      [['#000'], [0, 0, 0]],
    ],
  },
  {
    id: 'extract-numbers',
    title: 'Extract integers from text',
    difficulty: 'easy',
    tags: ['strings'],
    statement: `Write a function extractInts(text) that returns, in order, every integer written in text as a maximal run of decimal digits, optionally preceded by a "-" sign directly attached to the digits (so "a-5" gives -5 but "a - 5" gives 5). Returned values are numbers. Text without digits gives [].`,
    ref: `function extractInts(text) {
  return (text.match(/-?\\d+/g) || []).map(Number);
}`,
    buggy: [
      `function extractInts(text) {
  return (text.match(/\\d+/g) || []).map(Number);
}`,
      `function extractInts(text) {
  return text.match(/-?\\d+/g).map(Number);
}`,
    ],
    cases: [
      [['a1b22c333'], [1, 22, 333]],
      [['no digits'], []],
      [['a-5 and -10'], [-5, -10]],
      [['a - 5'], [5]],
      [['007'], [7]],
      [[''], []],
    ],
  },
  {
    id: 'simplify-path',
    title: 'Simplify a Unix path',
    difficulty: 'medium',
    statement: `Write a function simplifyPath(path) that simplifies an absolute Unix-style path (it starts with "/"): repeated slashes count as one, "." means the current directory and is dropped, ".." goes up one directory (at the root it stays at the root), and any other name (including "...") is a directory name. Return the canonical path: it starts with "/", has single slashes between names, and no trailing slash (the root is "/").`,
    ref: `function simplifyPath(path) {
  const stack = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') stack.pop();
    else stack.push(part);
  }
  return '/' + stack.join('/');
}`,
    buggy: [
      `function simplifyPath(path) {
  const stack = [];
  for (const part of path.split('/')) {
    if (part === '.') continue;
    if (part === '..') stack.pop();
    else stack.push(part);
  }
  return '/' + stack.join('/');
}`,
      `function simplifyPath(path) {
  const stack = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part.startsWith('..')) stack.pop();
    else stack.push(part);
  }
  return '/' + stack.join('/');
}`,
    ],
    cases: [
      [['/home/'], '/home'],
      [['/../'], '/'],
      [['/home//foo/'], '/home/foo'],
      [['/a/./b/../../c/'], '/c'],
      [['/'], '/'],
      [['/.../a/..'], '/...'],
      [['/a/b/c/../..'], '/a'],
    ],
  },
  {
    id: 'evaluate-with-parens',
    title: 'Evaluate + and - with parentheses',
    difficulty: 'hard',
    tags: ['stack'],
    statement: `Write a function calc(expr) that evaluates a well-formed expression made of non-negative integers, binary "+" and "-", parentheses and spaces, left to right ("10 - 2 - 3" is 5). A "-" may also be unary, at the start of the expression or right after "(" (so "-(2+3)" is -5). Do not use eval or Function.`,
    ref: `function calc(expr) {
  let result = 0;
  let sign = 1;
  const stack = [];
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (c >= '0' && c <= '9') {
      let j = i;
      while (j < expr.length && expr[j] >= '0' && expr[j] <= '9') j++;
      result += sign * Number(expr.slice(i, j));
      i = j - 1;
    } else if (c === '+' || c === '-') sign = c === '+' ? 1 : -1;
    else if (c === '(') {
      stack.push(result, sign);
      result = 0;
      sign = 1;
    } else if (c === ')') {
      const s = stack.pop();
      result = stack.pop() + s * result;
    }
  }
  return result;
}`,
    buggy: [
      `function calc(expr) {
  let result = 0;
  let sign = 1;
  const stack = [];
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (c >= '0' && c <= '9') {
      let n = 0;
      while (i < expr.length && expr[i] >= '0' && expr[i] <= '9') n = n * 10 + Number(expr[i++]);
      i--;
      result += sign * n;
    } else if (c === '+') sign = 1;
    else if (c === '-') sign = -1;
    else if (c === '(') stack.push(sign);
    else if (c === ')') stack.pop();
  }
  return result;
}`,
      `function calc(expr) {
  const tokens = expr.replace(/[ ()]/g, '').match(/\\d+|[+-]/g) || [];
  let result = 0;
  let sign = 1;
  for (const t of tokens) {
    if (t === '+') sign = 1;
    else if (t === '-') sign = -1;
    else result += sign * Number(t);
  }
  return result;
}`,
    ],
    cases: [
      [['1 + 1'], 2],
      [['10 - 2 - 3'], 5],
      [['(1+(4+5+2)-3)+(6+8)'], 23],
      [['-(2+3)'], -5],
      [['7'], 7],
      [['5 - (3 - 1)'], 3],
      [['2-(5-(1+1))'], -1],
    ],
  },
  {
    id: 'decode-repeat-string',
    title: 'Expand k[...] repetitions',
    difficulty: 'hard',
    eval: true,
    tags: ['stack', 'recursion'],
    statement: `Write a function expand(s) that expands an encoded string where k[text] means text repeated k times (k is a positive integer of one or more digits). Brackets may nest: "3[a2[c]]" becomes "accaccacc". Letters outside brackets are copied as they are: "2[ab]c" becomes "ababc". The input is always well formed.`,
    ref: `function expand(s) {
  const stack = [];
  let cur = '';
  let k = 0;
  for (const c of s) {
    if (c >= '0' && c <= '9') k = k * 10 + Number(c);
    else if (c === '[') {
      stack.push([cur, k]);
      cur = '';
      k = 0;
    } else if (c === ']') {
      const [prev, times] = stack.pop();
      cur = prev + cur.repeat(times);
    } else cur += c;
  }
  return cur;
}`,
    buggy: [
      `function expand(s) {
  const stack = [];
  let cur = '';
  let k = 0;
  for (const c of s) {
    if (c >= '0' && c <= '9') k = Number(c);
    else if (c === '[') {
      stack.push([cur, k]);
      cur = '';
      k = 0;
    } else if (c === ']') {
      const [prev, times] = stack.pop();
      cur = prev + cur.repeat(times);
    } else cur += c;
  }
  return cur;
}`,
      `function expand(s) {
  const stack = [];
  let cur = '';
  let k = 0;
  for (const c of s) {
    if (c >= '0' && c <= '9') k = k * 10 + Number(c);
    else if (c === '[') {
      stack.push(k);
      k = 0;
    } else if (c === ']') cur = cur.repeat(stack.pop());
    else cur += c;
  }
  return cur;
}`,
    ],
    cases: [
      [['3[a]2[bc]'], 'aaabcbc'],
      [['3[a2[c]]'], 'accaccacc'],
      [['2[ab]c'], 'ababc'],
      [[''], ''],
      [['xyz'], 'xyz'],
      [['10[z]'], 'zzzzzzzzzz'],
      [['2[a2[b]c]'], 'abbcabbc'],
    ],
  },
  {
    id: 'expand-ranges',
    title: 'Expand a list of ranges',
    difficulty: 'medium',
    statement: `Write a function expandRanges(spec) that turns a comma-separated list of non-negative integers and ranges "a-b" (a <= b, both inclusive) into the array of numbers in the order written: "1-3,5,7-8" gives [1, 2, 3, 5, 7, 8]. Spaces are not allowed. If spec is empty or any item is malformed (not digits, or a range with a > b), return null.`,
    ref: `function expandRanges(spec) {
  const out = [];
  for (const item of spec.split(',')) {
    const m = /^(\\d+)(?:-(\\d+))?$/.exec(item);
    if (!m) return null;
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (a > b) return null;
    for (let x = a; x <= b; x++) out.push(x);
  }
  return out;
}`,
    buggy: [
      `function expandRanges(spec) {
  const out = [];
  for (const item of spec.split(',')) {
    const [a, b] = item.split('-').map(Number);
    if (b === undefined) out.push(a);
    else for (let x = a; x <= b; x++) out.push(x);
  }
  return out;
}`,
      `function expandRanges(spec) {
  const out = [];
  for (const item of spec.split(',')) {
    const m = /^(\\d+)(?:-(\\d+))?$/.exec(item);
    if (!m) return null;
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (a > b) return null;
    for (let x = a; x < b; x++) out.push(x);
  }
  return out;
}`,
    ],
    cases: [
      [['1-3,5,7-8'], [1, 2, 3, 5, 7, 8]],
      [['4'], [4]],
      [[''], null],
      [['3-1'], null],
      [['1,,2'], null],
      [['0-0,10'], [0, 10]],
      [['1-2 ,3'], null],
    ],
  },
];
