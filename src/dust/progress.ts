// Progress of a long phase, for CLI lines and the UI: work done of total, elapsed and a
// linear ETA (time per unit so far × units left).

export interface Progress {
  phase: 'dataset' | 'train' | 'eval';
  /** What the units are ("responses", "judgments"). */
  unit: string;
  done: number;
  total: number;
  elapsedMs: number;
  /** null until one unit is done. */
  etaMs: number | null;
  /** Free text: the evaluation row and repeat. */
  detail?: string;
}

export function progressOf(phase: Progress['phase'], unit: string, done: number, total: number, startMs: number, detail?: string): Progress {
  const elapsedMs = performance.now() - startMs;
  const etaMs = done > 0 ? (elapsedMs / done) * Math.max(0, total - done) : null;
  return { phase, unit, done, total, elapsedMs, etaMs, ...(detail ? { detail } : {}) };
}

const secs = (ms: number) => (ms >= 60_000 ? `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s` : `${(ms / 1000).toFixed(1)} s`);

export function formatProgress(p: Progress): string {
  const pct = p.total ? Math.floor((100 * p.done) / p.total) : 100;
  return `[${p.phase}]${p.detail ? ` ${p.detail}` : ''} ${p.done}/${p.total} ${p.unit} (${pct}%), ${secs(p.elapsedMs)} elapsed, ETA ${p.etaMs === null ? '?' : secs(p.etaMs)}`;
}
