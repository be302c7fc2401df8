// Results: the evaluation table in the paper's Table 2 layout (base / judge only / trained:
// pass@1, NDCG, Best-of-k, with oracle and random beside them), bar charts of the same, a
// side-by-side comparison of runs, and downloads (JSON, CSV, markdown; the judgment
// dataset for TRL and verl; the trained model's files).
import type { GroupRecord } from '../../dust/dataset';
import { trlJsonl } from '../../dust/export-trl';
import { verlParquet, verlRows } from '../../dust/export-verl';
import type { EvalReport } from '../../dust/report';
import { reportMarkdown } from '../../dust/report';
import { messageOf } from '../../util/errors';
import type { App, View } from '../app-context';
import { button, download, el } from '../dom';
import type { RunInfo } from '../engine-api';
import { href, replaceParams } from '../router';

type Row = EvalReport['rows'][number];
const METRICS = [
  ['pass1', 'pass@1'],
  ['ndcg', 'NDCG'],
  ['bestOfK', 'Best-of-k'],
  ['oracle', 'oracle'],
  ['random', 'random'],
  ['malformed', 'malformed'],
] as const;

const fmt = (s: { mean: number; std: number; n: number }) => (s.n > 1 ? `${(100 * s.mean).toFixed(1)} ± ${(100 * s.std).toFixed(1)}` : (100 * s.mean).toFixed(1));

export function runPicker(runs: RunInfo[], selected: string, onPick: (id: string) => void, id: string): HTMLSelectElement {
  const s = el('select', { id, ariaLabel: 'Run' });
  for (const r of runs) s.append(el('option', { value: r.id, selected: r.id === selected }, `${r.name} · ${r.id}${r.status ? ` (${r.status.state})` : ''}`));
  s.addEventListener('change', () => onPick(s.value));
  return s;
}

function reportTable(report: EvalReport, id: string): HTMLTableElement {
  const head = ['', ...METRICS.map(([k, l]) => (k === 'bestOfK' ? `Best-of-${report.k}` : l))];
  return el(
    'table',
    { className: 'results numeric', id },
    el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...report.rows.map((r) => el('tr', { dataset: { row: r.name } }, el('th', { scope: 'row' }, r.label), ...METRICS.map(([k]) => el('td', {}, fmt(r.metrics[k])))))),
  );
}

/** Grouped bars: one group per metric, one bar per row; oracle and random as reference lines. */
function barChart(rows: { label: string; row: Row }[], k: number, id: string): HTMLElement {
  const colors = ['var(--c1)', 'var(--c2)', 'var(--c3)', 'var(--c4)', 'var(--c5)', 'var(--c6)'];
  const groups = (['pass1', 'ndcg', 'bestOfK'] as const).map((m) =>
    el(
      'div',
      { className: 'bar-group' },
      el(
        'div',
        { className: 'bars' },
        ...rows.map((r, i) => {
          const v = r.row.metrics[m].mean;
          const bar = el('div', { className: 'bar', title: `${r.label}: ${(100 * v).toFixed(1)}%` }, el('span', { className: 'bar-value' }, (100 * v).toFixed(0)));
          bar.style.height = `${Math.max(0.5, 100 * v)}%`;
          bar.style.background = colors[i % colors.length]!;
          return bar;
        }),
        ...(m === 'bestOfK'
          ? (['oracle', 'random'] as const).map((ref) => {
              const v = rows[0]?.row.metrics[ref].mean ?? 0;
              const line = el('div', { className: `ref-line ref-${ref}`, title: `${ref} ${(100 * v).toFixed(1)}%` }, el('span', {}, ref));
              line.style.bottom = `${100 * v}%`;
              return line;
            })
          : []),
      ),
      el('div', { className: 'bar-label' }, m === 'pass1' ? 'pass@1' : m === 'ndcg' ? 'NDCG' : `Best-of-${k}`),
    ),
  );
  const legend = el('ul', { className: 'legend' }, ...rows.map((r, i) => el('li', {}, el('span', { className: 'swatch', style: `background:${colors[i % colors.length]}` }), r.label)));
  return el('figure', { className: 'bar-chart', id }, el('div', { className: 'bar-groups' }, ...groups), legend);
}

function csv(report: EvalReport, run: string): string {
  const lines = ['run,row,label,repeats,problems,' + METRICS.flatMap(([k]) => [`${k}_mean`, `${k}_std`]).join(',')];
  for (const r of report.rows) lines.push([run, r.name, JSON.stringify(r.label), r.repeats, r.problems, ...METRICS.flatMap(([k]) => [r.metrics[k].mean, r.metrics[k].std])].join(','));
  return lines.join('\n') + '\n';
}

export function resultsView(app: App, params: URLSearchParams): View {
  const root = el('div', { className: 'results-view' });
  let live = true;
  void (async () => {
    const runs = await app.engine.listRuns();
    if (!live) return;
    const withEval = runs.filter((r) => r.files.includes('eval.json'));
    let id = params.get('id') ?? withEval[0]?.id ?? runs[0]?.id ?? '';
    const compare = new Set((params.get('compare') ?? '').split(',').filter(Boolean));
    if (!id) {
      root.replaceChildren(el('h1', {}, 'Results'), el('p', {}, 'No runs yet. ', el('a', { href: href('setup') }, 'Set one up'), '.'));
      return;
    }
    const body = el('div', {});
    const picker = runPicker(runs, id, (v) => {
      id = v;
      save();
      void show();
    }, 'results-run');
    const compareBox = el('fieldset', { className: 'compare' }, el('legend', {}, 'Compare with (side by side)'));
    for (const r of withEval) {
      const c = el('input', { type: 'checkbox', value: r.id, checked: compare.has(r.id), id: `compare-${r.id}` });
      c.addEventListener('change', () => {
        if (c.checked) compare.add(r.id);
        else compare.delete(r.id);
        save();
        void show();
      });
      compareBox.append(el('label', { htmlFor: c.id, className: 'choice' }, c, ` ${r.name} · ${r.mode ?? ''} · ${r.id}`));
    }
    const save = () => replaceParams({ id, compare: [...compare].join(',') || undefined });
    root.replaceChildren(el('h1', {}, 'Results'), el('p', {}, el('label', {}, 'Run ', picker)), withEval.length > 1 ? compareBox : el('span'), body);

    const show = async () => {
      const text = await app.engine.readRunFile(id, 'eval.json');
      if (!live) return;
      const info = runs.find((r) => r.id === id);
      const parts: HTMLElement[] = [];
      let report: (EvalReport & { complete?: boolean }) | null = null;
      if (text) {
        try {
          report = JSON.parse(text) as EvalReport & { complete?: boolean };
        } catch (e) {
          parts.push(el('p', { className: 'error' }, `eval.json: ${messageOf(e)}`));
        }
      }
      if (report) {
        parts.push(
          el(
            'section',
            { className: 'card' },
            el('h2', {}, 'Evaluation (Table 2 layout)'),
            reportTable(report, 'results-table'),
            el('p', { className: 'muted small' }, `Percent over ${[...new Set(report.rows.map((r) => r.repeats))].join('/')} repeat(s) on ${report.rows[0]?.problems ?? 0} held-out problems, mean ± std. Oracle: any of the ${report.k} candidates passes; random: expected value of a uniform pick.${report.complete === false ? ' Stopped early: fewer repeats than configured.' : ''}`),
            barChart(report.rows.map((row) => ({ label: row.label, row })), report.k, 'results-chart'),
          ),
        );
      } else parts.push(el('p', { id: 'results-empty', className: 'muted' }, 'This run has no evaluation yet (phase 3 writes eval.json).'));

      if (compare.size) {
        const rows: { run: RunInfo; row: Row }[] = [];
        let k = report?.k ?? 4;
        for (const cid of [id, ...compare].filter((x, i, a) => a.indexOf(x) === i)) {
          const t = await app.engine.readRunFile(cid, 'eval.json');
          const run = runs.find((r) => r.id === cid);
          if (!t || !run) continue;
          const rep = JSON.parse(t) as EvalReport;
          k = rep.k;
          for (const row of rep.rows) rows.push({ run, row });
        }
        parts.push(
          el(
            'section',
            { className: 'card' },
            el('h2', {}, 'Side by side'),
            el(
              'table',
              { className: 'results numeric', id: 'compare-table' },
              el('thead', {}, el('tr', {}, el('th', {}, 'run'), el('th', {}, 'mode'), el('th', {}, 'row'), ...METRICS.map(([m, l]) => el('th', {}, m === 'bestOfK' ? `Best-of-${k}` : l)))),
              el('tbody', {}, ...rows.map(({ run, row }) => el('tr', {}, el('td', {}, run.name), el('td', {}, run.mode ?? ''), el('th', { scope: 'row' }, row.label), ...METRICS.map(([m]) => el('td', {}, fmt(row.metrics[m])))))),
            ),
            barChart(rows.map(({ run, row }) => ({ label: `${run.name}: ${row.label}`, row })), k, 'compare-chart'),
          ),
        );
      }

      const dl = el('p', { className: 'downloads' });
      if (report) {
        const rep = report;
        dl.append(
          button('JSON', () => download(`${id}-eval.json`, JSON.stringify(rep, null, 2), 'application/json'), { id: 'dl-json' }),
          button('CSV', () => download(`${id}-eval.csv`, csv(rep, id), 'text/csv'), { id: 'dl-csv' }),
          button('Markdown', () => download(`${id}-eval.md`, reportMarkdown(rep), 'text/markdown'), { id: 'dl-md' }),
        );
      }
      if (info?.files.includes('groups.jsonl')) {
        const groups = async () => (await app.engine.readRunFile(id, 'groups.jsonl'))!.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as GroupRecord);
        dl.append(
          button('TRL dataset (JSONL)', () => void groups().then((g) => download(`${id}-trl.jsonl`, trlJsonl(g), 'application/jsonl')), { id: 'dl-trl' }),
          button('verl dataset (parquet)', () => void groups().then((g) => {
            const rows = verlRows(g);
            download(`${id}-verl-train.parquet`, new Blob([verlParquet(rows.filter((r) => r.extra_info.split === 'train')) as BlobPart]));
            const test = rows.filter((r) => r.extra_info.split !== 'train');
            if (test.length) download(`${id}-verl-test.parquet`, new Blob([verlParquet(test) as BlobPart]));
          }), { id: 'dl-verl' }),
        );
      }
      const modelFiles = info?.files.filter((f) => f.startsWith('model/')) ?? [];
      for (const f of modelFiles) {
        dl.append(button(`trained model: ${f.slice(6)}`, () => void app.engine.readRunBytes(id, f).then((b) => b && download(`${id}-${f.slice(6)}`, b)), { className: 'dl-model' }));
      }
      if (dl.childElementCount) parts.push(el('section', { className: 'card' }, el('h2', {}, 'Downloads'), dl, modelFiles.length ? el('p', { className: 'muted small' }, 'The trained model is a Hugging Face folder: put the files in one folder to load it with transformers or pick it as a local folder in Setup.') : null));
      body.replaceChildren(...parts);
    };
    save();
    await show();
  })().catch((e: unknown) => root.replaceChildren(el('p', { className: 'error' }, messageOf(e))));
  return {
    root,
    dispose() {
      live = false;
    },
  };
}
