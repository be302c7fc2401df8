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
  for (const m of text.matchAll(/\d+/g)) {
    const run = m[0];
    if (run.length > MAX_DIGITS) continue;
    const n = Number.parseInt(run, 10);
    if (n >= 1 && n <= k && !seen.has(n)) {
      seen.add(n);
      ranking.push(n);
    }
  }
  if (ranking.length === k) return { valid: true, ranking };
  const reason = ranking.length === 0 ? `no candidate number 1..${k} found` : `found ${ranking.length} distinct candidate numbers of ${k} (${ranking.join(', ')})`;
  return { valid: false, ranking: null, reason };
}

/** A ranking as the judgment response text the prompt asks for: "2, 4, 1, 3". */
export function formatRanking(ranking: readonly number[]): string {
  return ranking.join(', ');
}
