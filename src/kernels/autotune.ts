// Remembers which kernel variant is fastest per adapter and shape class. Dispatch is
// synchronous (it records into a Recorder), so tuning is a separate async step run
// before the work that needs it (tuneMatmul, tuneMatvec); untuned keys get the family's
// deterministic fallback. The cache is a plain object the app can persist and restore.

export interface TuneCache {
  version: 1;
  /** key → winning variant name. */
  entries: Record<string, string>;
}

export interface TuneReport {
  key: string;
  winner: string;
  /** Milliseconds per candidate (NaN where the candidate failed or gave wrong results). */
  timings: Record<string, number>;
}

export class Autotuner {
  private entries = new Map<string, string>();

  constructor(cache?: TuneCache) {
    if (cache) this.import(cache);
  }

  get(key: string): string | undefined {
    return this.entries.get(key);
  }

  set(key: string, variant: string): void {
    this.entries.set(key, variant);
  }

  get size(): number {
    return this.entries.size;
  }

  /** A JSON-serialisable snapshot (e.g. for IndexedDB). */
  export(): TuneCache {
    return { version: 1, entries: Object.fromEntries(this.entries) };
  }

  /** Merges a snapshot; rejects anything that is not a version-1 cache. */
  import(cache: TuneCache): void {
    if (!cache || cache.version !== 1 || typeof cache.entries !== 'object' || cache.entries === null) {
      throw new Error('Autotuner: not a version-1 tuning cache (discard it and tune again)');
    }
    for (const [k, v] of Object.entries(cache.entries)) if (typeof v === 'string') this.entries.set(k, v);
  }

  /**
   * Times every candidate with `time` (ms; reject or NaN = unusable) and remembers the
   * fastest. Falls back to `fallback` when no candidate could be timed.
   */
  async tune(key: string, candidates: readonly string[], time: (variant: string) => Promise<number>, fallback: string): Promise<TuneReport> {
    const timings: Record<string, number> = {};
    let winner = fallback;
    let best = Infinity;
    for (const v of candidates) {
      let ms = NaN;
      try {
        ms = await time(v);
      } catch {
        ms = NaN;
      }
      timings[v] = ms;
      if (ms < best) {
        best = ms;
        winner = v;
      }
    }
    this.entries.set(key, winner);
    return { key, winner, timings };
  }
}

/** Shape class of one dimension: 1, 2, 3-4, 5-8, ... (power-of-two buckets). */
export function sizeBucket(n: number): number {
  return n <= 1 ? 1 : 2 ** Math.ceil(Math.log2(n));
}

const tuners = new WeakMap<object, Autotuner>();

/** The tuner shared by every kernel family on one GPU context. */
export function tunerFor(ctx: object): Autotuner {
  let t = tuners.get(ctx);
  if (!t) tuners.set(ctx, (t = new Autotuner()));
  return t;
}
