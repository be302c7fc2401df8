// Live line charts (uPlot): fixed-size boxes, created once, data replaced in place, so the
// page does not jump while a run updates them. Colours follow the theme's CSS variables.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { el } from './dom';

export interface LineChart {
  root: HTMLElement;
  /** x values and one array per series (NaN = gap). */
  set(x: number[], ys: number[][]): void;
}

const WIDTH = 300;
const HEIGHT = 150;

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

export function lineChart(id: string, title: string, series: { label: string; color?: string }[], opts: { xLabel?: string; yRange?: [number, number] } = {}): LineChart {
  const box = el('div', { className: 'chart-box' });
  const empty = el('p', { className: 'chart-empty' }, 'no data yet');
  const root = el('figure', { className: 'chart', id }, el('figcaption', {}, title), box, empty);
  const fg = cssVar('--fg', '#222');
  const grid = cssVar('--grid', 'rgba(127,127,127,.25)');
  const palette = ['--c1', '--c2', '--c3'].map((v, i) => cssVar(v, ['#0969da', '#cf222e', '#1a7f37'][i]!));
  const plot = new uPlot(
    {
      width: WIDTH,
      height: HEIGHT,
      legend: { show: series.length > 1 },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false }, y: opts.yRange ? { range: opts.yRange } : { auto: true } },
      axes: [
        { stroke: fg, grid: { stroke: grid }, ticks: { stroke: grid }, label: opts.xLabel ?? 'step', labelSize: 18, size: 30 },
        { stroke: fg, grid: { stroke: grid }, ticks: { stroke: grid }, size: 48 },
      ],
      series: [{ label: opts.xLabel ?? 'step' }, ...series.map((s, i) => ({ label: s.label, stroke: s.color ?? palette[i % palette.length], width: 2, points: { show: true, size: 5 }, spanGaps: true }))],
    },
    [[], ...series.map(() => [])],
    box,
  );
  return {
    root,
    set(x, ys) {
      empty.hidden = x.length > 0;
      plot.setData([x, ...ys.map((y) => y.map((v) => (Number.isFinite(v) ? v : null)))] as uPlot.AlignedData);
    },
  };
}
