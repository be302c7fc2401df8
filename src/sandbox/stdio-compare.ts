// Output comparison for stdin/stdout tests, LiveCodeBench's rule: both texts are split into
// lines, each line trimmed, trailing empty lines dropped; lines must match one for one,
// either as identical strings or token by token (whitespace-separated), where numeric
// tokens are compared as numbers ("1.0" equals "1", "-0" equals "0").

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function lines(text: string): string[] {
  const out = text.replace(/\r\n?/g, '\n').split('\n').map((l) => l.trim());
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

function tokensEqual(a: string, b: string): boolean {
  if (a === b) return true;
  return NUMBER.test(a) && NUMBER.test(b) && Number(a) === Number(b);
}

export interface StdioMismatch {
  /** 0-based line number of the first difference. */
  line: number;
  expected: string;
  got: string;
}

/** Returns null when `got` matches `expected`, else the first differing line. */
export function compareStdout(got: string, expected: string): StdioMismatch | null {
  const g = lines(got);
  const e = lines(expected);
  const n = Math.max(g.length, e.length);
  for (let i = 0; i < n; i++) {
    const gl = g[i];
    const el = e[i];
    if (gl === undefined || el === undefined) return { line: i, expected: el ?? '<end of output>', got: gl ?? '<end of output>' };
    if (gl === el) continue;
    const gt = gl.split(/\s+/);
    const et = el.split(/\s+/);
    if (gt.length !== et.length || gt.some((t, j) => !tokensEqual(t, et[j]!))) return { line: i, expected: el, got: gl };
  }
  return null;
}
