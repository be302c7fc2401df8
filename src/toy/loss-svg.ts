// The toy model card's loss curve (public/models/dust-toy/loss.svg), written by
// `npm run train:toy` from the run's log: per-step loss in light grey, a centred moving mean
// on top, log-scaled y (the loss falls by two orders of magnitude), white background so it
// reads in light and dark themes.
import { esc, f } from '../dust/report-svg';

export interface LossPoint {
  step: number;
  loss: number;
}

export function lossCurveSvg(points: readonly LossPoint[], opts: { title?: string; window?: number; width?: number; height?: number } = {}): string {
  const pts = points.filter((p) => Number.isFinite(p.loss) && p.loss > 0);
  if (pts.length < 2) throw new RangeError('loss curve: needs at least two finite positive losses');
  const { width = 560, height = 280, window = 25 } = opts;
  const [l, r, t, b] = [48, width - 16, 28, height - 36];
  const x0 = pts[0]!.step;
  const x1 = pts.at(-1)!.step;
  const lo = Math.floor(Math.log10(Math.min(...pts.map((p) => p.loss))));
  const hi = Math.ceil(Math.log10(Math.max(...pts.map((p) => p.loss))));
  const X = (s: number) => l + ((s - x0) / Math.max(1, x1 - x0)) * (r - l);
  const Y = (v: number) => b - ((Math.log10(v) - lo) / Math.max(1, hi - lo)) * (b - t);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
  ];
  if (opts.title) out.push(`<text x="${l}" y="16" font-size="13">${esc(opts.title)}</text>`);
  for (let e = lo; e <= hi; e++) {
    for (const m of e < hi ? [1, 2, 5] : [1]) {
      const v = m * 10 ** e;
      out.push(`<line x1="${l}" x2="${r}" y1="${f(Y(v))}" y2="${f(Y(v))}" stroke="${m === 1 ? '#ccc' : '#eee'}"/>`);
      out.push(`<text x="${l - 6}" y="${f(Y(v) + 4)}" text-anchor="end" fill="#333">${+v.toPrecision(2)}</text>`);
    }
  }
  const ticks = 6;
  for (let i = 0; i <= ticks; i++) {
    const s = Math.round(x0 + ((x1 - x0) * i) / ticks);
    out.push(`<text x="${f(X(s))}" y="${b + 16}" text-anchor="middle" fill="#333">${s}</text>`);
  }
  out.push(`<text x="${(l + r) / 2}" y="${height - 4}" text-anchor="middle" fill="#333">optimiser step</text>`);
  const line = (ps: readonly LossPoint[]) => ps.map((p, i) => `${i ? 'L' : 'M'}${f(X(p.step))},${f(Y(p.loss))}`).join('');
  out.push(`<path d="${line(pts)}" fill="none" stroke="#bbb" stroke-width="1"/>`);
  const half = Math.floor(window / 2);
  const mean = pts.map((p, i) => {
    const w = pts.slice(Math.max(0, i - half), i + half + 1);
    return { step: p.step, loss: w.reduce((a, q) => a + q.loss, 0) / w.length };
  });
  out.push(`<path d="${line(mean)}" fill="none" stroke="#0072B2" stroke-width="2"/>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
