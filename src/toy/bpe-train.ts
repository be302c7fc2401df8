// Byte-level BPE merges learned from a word-frequency table, as Hugging Face's BpeTrainer
// does after pre-tokenization: repeatedly merge the most frequent adjacent pair of symbols.
// Ties go to the lexicographically smaller pair so the result depends only on the counts.
// The toy corpus has a few thousand distinct pre-tokens, so recounting every pair after each
// merge is fast enough (well under a second for a few hundred merges) and stays obvious.

/** GPT-2's bytes_to_unicode: every byte as a printable character (space → Ġ, newline → Ċ). */
export function byteLevelAlphabet(): string[] {
  const keep: number[] = [];
  for (let b = 33; b <= 126; b++) keep.push(b);
  for (let b = 161; b <= 172; b++) keep.push(b);
  for (let b = 174; b <= 255; b++) keep.push(b);
  const out = new Array<string>(256);
  let extra = 0;
  for (let b = 0; b < 256; b++) out[b] = String.fromCharCode(keep.includes(b) ? b : 256 + extra++);
  return out;
}

const ALPHABET = byteLevelAlphabet();
const encoder = new TextEncoder();

/** A pre-token's bytes as byte-level symbols. */
export function byteLevelSymbols(piece: string): string[] {
  return [...encoder.encode(piece)].map((b) => ALPHABET[b]!);
}

/** Learns `merges` merges from pre-token counts; returns them in order as [left, right]. */
export function trainBpeMerges(counts: ReadonlyMap<string, number>, merges: number): [string, string][] {
  const words = [...counts].map(([piece, n]) => ({ syms: byteLevelSymbols(piece), n }));
  const out: [string, string][] = [];
  while (out.length < merges) {
    const pairs = new Map<string, number>();
    for (const w of words) {
      for (let i = 0; i + 1 < w.syms.length; i++) {
        const key = `${w.syms[i]} ${w.syms[i + 1]}`;
        pairs.set(key, (pairs.get(key) ?? 0) + w.n);
      }
    }
    let best: string | undefined;
    let bestN = 0;
    for (const [key, n] of pairs) if (n > bestN || (n === bestN && best !== undefined && key < best)) [best, bestN] = [key, n];
    if (best === undefined || bestN < 2) break; // nothing left worth a token
    const [a, b] = best.split(' ') as [string, string];
    out.push([a, b]);
    for (const w of words) {
      for (let i = 0; i + 1 < w.syms.length; i++) {
        if (w.syms[i] === a && w.syms[i + 1] === b) w.syms.splice(i, 2, a + b);
      }
    }
  }
  return out;
}
