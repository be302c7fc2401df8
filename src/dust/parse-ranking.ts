// Reading a ranking out of a judgment response, by the authors' rules (DUST-SPEC.md,
// training/reward_score.py): only the text after the last `</think>` counts; every run of
// digits is a candidate number except runs longer than 4 digits; numbers outside 1..K and
// repeats are ignored; the response is valid iff exactly K distinct numbers remain.
// One rule is the spec's rather than the authors' literal code: a response that opened
// `<think>` and never closed it (reasoning cut off by the token budget) has no answer, so it is
// malformed — the authors' parser would read its reasoning's numbers as a ranking. Extraction
// of programs follows the same rule (src/problems/extract.ts, answerPart). A chat template that
// opens `<think>` itself is covered: the generator puts that tag back in front of the text.

export type ParsedRanking =
  | { valid: true; /** 1-based candidate numbers, best first. */ ranking: number[] }
  | { valid: false; ranking: null; /** Why it is malformed, for logs and the UI. */ reason: string };

/** Longest digit run still read as a number (longer runs are skipped, not truncated). */
export const MAX_DIGITS = 4;

export function parseRanking(response: string, k: number): ParsedRanking {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`parseRanking: K must be a positive integer, got ${k}`);
  let text = response.trim();
  const end = text.lastIndexOf('</think>');
  if (end >= 0) text = text.slice(end + '</think>'.length).trim();
  else if (text.includes('<think>')) return { valid: false, ranking: null, reason: 'the reasoning never ended (<think> without </think>): no answer to read' };
  const seen = new Set<number>();
  const ranking: number[] = [];
  // Python's \d and int() (the authors' parser) take any Unicode decimal digit, e.g. "２, １"
  for (const m of text.matchAll(/\p{Nd}+/gu)) {
    const digits = [...m[0]];
    if (digits.length > MAX_DIGITS) continue;
    const n = digits.reduce((v, d) => 10 * v + digitValue(d), 0);
    if (n >= 1 && n <= k && !seen.has(n)) {
      seen.add(n);
      ranking.push(n);
    }
  }
  if (ranking.length === k) return { valid: true, ranking };
  const reason = ranking.length === 0 ? `no candidate number 1..${k} found` : `found ${ranking.length} distinct candidate numbers of ${k} (${ranking.join(', ')})`;
  return { valid: false, ranking: null, reason };
}

/**
 * The value of one Unicode decimal digit. Unicode encodes each script's digits 0–9 as one
 * ascending run (runs may follow one another, as the mathematical digits do), so the value is
 * the distance from the start of the run of digits, mod 10.
 */
function digitValue(d: string): number {
  const cp = d.codePointAt(0)!;
  if (cp <= 0x39) return cp - 0x30;
  let start = cp;
  while (start > 0 && /\p{Nd}/u.test(String.fromCodePoint(start - 1))) start--;
  return (cp - start) % 10;
}

/** A ranking as the judgment response text the prompt asks for: "2, 4, 1, 3". */
export function formatRanking(ranking: readonly number[]): string {
  return ranking.join(', ');
}
