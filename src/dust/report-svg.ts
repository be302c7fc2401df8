// A small dependency-free SVG grouped bar chart for results pages (README, docs/results):
// metric groups along x, one bar per row (base, DuST, …) in each group, error bars. It draws
// on an explicit white background with dark text, so it reads the same in GitHub's light and
// dark themes. Colours are the Okabe–Ito palette (distinguishable with colour-blindness).
import type { MetricName } from './metrics';
import type { ReproSummary } from './repro';

export interface BarSeries {
  label: string;
  /** One value per group (null = no bar). */
  values: readonly (number | null)[];
  /** Half-height of the error bar per group (null or 0 = none). */
  errors?: readonly (number | null)[];
}

export interface GroupedBarChart {
  title?: string;
  /** Note under the chart (e.g. what the error bars are). */
  note?: string;
  groups: readonly string[];
  series: readonly BarSeries[];
  /** Top of the y axis (default: 1 when every value ≤ 1, else the max rounded up). */
  yMax?: number;
  /** Tick labels as percent of 1 (default true). */
  percent?: boolean;
  width?: number;
  height?: number;
}

export const CHART_COLORS = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#999999', '#000000'] as const;

/** Text for an SVG text node or attribute. */
export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** A coordinate rounded to 0.1 (short, stable SVG text). */
export const f = (x: number) => (Math.round(x * 10) / 10).toString();

export function groupedBarSvg(chart: GroupedBarChart): string {
  const { groups, series } = chart;
  if (groups.length === 0 || series.length === 0) throw new RangeError('bar chart: needs at least one group and one series');
  for (const s of series) {
    if (s.values.length !== groups.length) throw new RangeError(`bar chart: series "${s.label}" has ${s.values.length} values for ${groups.length} groups`);
    if (s.errors && s.errors.length !== groups.length) throw new RangeError(`bar chart: series "${s.label}" has ${s.errors.length} error values for ${groups.length} groups`);
  }
  const percent = chart.percent ?? true;
  const all = series.flatMap((s) => s.values.map((v, i) => (v ?? 0) + (s.errors?.[i] ?? 0)));
  const top = chart.yMax ?? (Math.max(0, ...all) <= 1 ? 1 : Math.ceil(Math.max(...all)));
  const W = chart.width ?? 820;
  const legendRows = Math.ceil(series.length / 3);
  const titleH = chart.title ? 34 : 12;
  const legendH = legendRows * 20 + 8;
  const plotH = (chart.height ?? 400) - titleH - legendH - 70;
  const H = titleH + legendH + plotH + 70;
  const left = 56;
  const right = 16;
  const plotTop = titleH + legendH;
  const plotW = W - left - right;
  const groupW = plotW / groups.length;
  const pad = Math.min(24, groupW * 0.15);
  const barW = (groupW - 2 * pad) / series.length;
  const y = (v: number) => plotTop + plotH - (Math.max(0, Math.min(v, top)) / top) * plotH;

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="13">`);
  out.push(`<rect class="background" x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`);
  if (chart.title) out.push(`<text x="${W / 2}" y="22" text-anchor="middle" font-size="16" font-weight="bold" fill="#222222">${esc(chart.title)}</text>`);
  // legend
  series.forEach((s, i) => {
    const col = i % 3;
    const row = Math.floor(i / 3);
    const lx = left + col * (plotW / 3);
    const ly = titleH + row * 20 + 4;
    out.push(`<rect class="legend" x="${f(lx)}" y="${ly}" width="12" height="12" fill="${CHART_COLORS[i % CHART_COLORS.length]}"/>`);
    out.push(`<text x="${f(lx + 18)}" y="${ly + 11}" fill="#222222">${esc(s.label)}</text>`);
  });
  // grid and y ticks
  const ticks = 5;
  for (let t = 0; t <= ticks; t++) {
    const v = (top * t) / ticks;
    const ty = y(v);
    out.push(`<line x1="${left}" x2="${W - right}" y1="${f(ty)}" y2="${f(ty)}" stroke="${t === 0 ? '#444444' : '#dddddd'}" stroke-width="1"/>`);
    const label = percent ? `${Math.round(v * 100)}%` : String(Math.round(v * 100) / 100);
    out.push(`<text x="${left - 6}" y="${f(ty + 4)}" text-anchor="end" fill="#444444">${label}</text>`);
  }
  // bars
  groups.forEach((g, gi) => {
    const gx = left + gi * groupW;
    series.forEach((s, si) => {
      const v = s.values[gi];
      if (v === null || v === undefined || !Number.isFinite(v)) return;
      const x = gx + pad + si * barW;
      const by = y(v);
      const h = plotTop + plotH - by;
      const e = s.errors?.[gi] ?? 0;
      const tip = `${s.label} — ${g}: ${percent ? `${(100 * v).toFixed(1)}%` : v.toFixed(3)}${e ? ` ± ${percent ? (100 * e).toFixed(1) : e.toFixed(3)}` : ''}`;
      out.push(`<rect class="bar" data-group="${gi}" data-series="${si}" x="${f(x + 1)}" y="${f(by)}" width="${f(Math.max(1, barW - 2))}" height="${f(h)}" fill="${CHART_COLORS[si % CHART_COLORS.length]}"><title>${esc(tip)}</title></rect>`);
      if (e && Number.isFinite(e) && e > 0) {
        const cx = x + barW / 2;
        const y1 = y(v + e);
        const y2 = y(v - e);
        const cap = Math.min(6, barW / 3);
        out.push(`<g class="error" stroke="#222222" stroke-width="1.2"><line x1="${f(cx)}" x2="${f(cx)}" y1="${f(y1)}" y2="${f(y2)}"/><line x1="${f(cx - cap)}" x2="${f(cx + cap)}" y1="${f(y1)}" y2="${f(y1)}"/><line x1="${f(cx - cap)}" x2="${f(cx + cap)}" y1="${f(y2)}" y2="${f(y2)}"/></g>`);
      }
    });
    out.push(`<text x="${f(gx + groupW / 2)}" y="${f(plotTop + plotH + 20)}" text-anchor="middle" font-weight="bold" fill="#222222">${esc(g)}</text>`);
  });
  if (chart.note) out.push(`<text x="${left}" y="${f(plotTop + plotH + 48)}" fill="#555555" font-size="12">${esc(chart.note)}</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}

const METRIC_LABELS: Record<MetricName, string> = { pass1: 'pass@1', ndcg: 'NDCG', bestOfK: 'Best-of-k', oracle: 'oracle', random: 'random pick', malformed: 'malformed' };

/** The reproduction's comparison as a grouped bar chart: metric groups × rows, ± std over seeds. */
export function reproSvg(summary: ReproSummary, metrics: readonly MetricName[] = ['pass1', 'ndcg', 'bestOfK', 'oracle', 'random'], title = 'Toy reproduction: held-out problems'): string {
  const seeds = [...new Set(summary.rows.map((r) => r.seeds.length))].join('/');
  return groupedBarSvg({
    title,
    note: `mean over ${seeds} seed(s); error bars: sample std over seeds. Best-of-${summary.k}: the judge's top pick of the generator's ${summary.k} candidates.`,
    groups: metrics.map((m) => (m === 'bestOfK' ? `Best-of-${summary.k}` : METRIC_LABELS[m])),
    series: summary.rows.map((r) => ({
      label: r.label,
      values: metrics.map((m) => r.metrics[m].mean),
      errors: metrics.map((m) => (r.metrics[m].n > 1 ? r.metrics[m].std : null)),
    })),
  });
}
