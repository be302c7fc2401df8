// The model card's loss curve: an SVG with the raw and the smoothed curve on a log axis.
import { expect, test } from 'vitest';
import { lossCurveSvg } from '../../src/toy/loss-svg';

test('two paths over the steps, log-scaled y with decade labels, clear error on too little data', () => {
  const pts = Array.from({ length: 100 }, (_, i) => ({ step: i + 1, loss: 5 * Math.exp(-i / 20) + 0.05 }));
  const svg = lossCurveSvg(pts, { title: 'a < b' });
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  expect(svg.match(/<path d="M/g)).toHaveLength(2);
  expect(svg).toContain('a &lt; b');
  for (const label of ['0.01', '0.1', '1', '10']) expect(svg).toContain(`>${label}</text>`);
  // The first point sits higher (smaller y) than the last.
  const first = /<path d="M[\d.]+,([\d.]+)/.exec(svg)!;
  const last = /L[\d.]+,([\d.]+)" fill="none" stroke="#bbb"/.exec(svg)!;
  expect(Number(first[1])).toBeLessThan(Number(last[1]));
  expect(() => lossCurveSvg([{ step: 1, loss: 1 }])).toThrow(/at least two/);
});
