// Start: the adapter, its features and limits, a one-line verdict of what fits, and the
// kernel self-test (run once per page load, in the engine worker, with a progress bar).
import * as Comlink from 'comlink';
import type { AdapterReport, SelfTestRow } from '../engine-api';
import type { App, View } from '../app-context';
import { adapterVerdict } from '../verdict';
import { formatBytes } from '../../util/bytes';
import { el } from '../dom';
import { href } from '../router';

const SHOWN_LIMITS = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxStorageBuffersPerShaderStage',
  'maxComputeWorkgroupsPerDimension',
];

function formatLimit(name: string, v: number): string {
  if (/Size$/.test(name) && v >= 1 << 20) return formatBytes(v);
  return v.toLocaleString('en-US');
}

function adapterCard(a: AdapterReport): HTMLElement {
  const feats = el('ul', { className: 'features' });
  for (const [name, on] of [
    ['shader-f16', a.features.f16],
    ['subgroups', a.features.subgroups],
    ['timestamp-query', a.features.timestampQuery],
  ] as const) {
    feats.append(el('li', { className: on ? 'on' : 'off' }, `${on ? '✓' : '✗'} ${name}`));
  }
  const limits = el('table', { className: 'limits' });
  for (const name of SHOWN_LIMITS) {
    if (a.limits[name] === undefined) continue;
    limits.append(el('tr', {}, el('th', { scope: 'row' }, name), el('td', {}, formatLimit(name, a.limits[name]!))));
  }
  return el('section', { className: 'card' }, el('h2', {}, 'Your GPU'), el('p', { id: 'adapter' }, a.summary), el('p', { id: 'verdict', className: 'verdict' }, adapterVerdict(a)), feats, limits);
}

let selfTest: Promise<SelfTestRow[]> | null = null;
const progressState = { done: 0, total: 1, name: '' };
const progressSubs = new Set<() => void>();

function showSelfTest(rows: SelfTestRow[], tbl: HTMLTableElement, summary: HTMLElement): void {
  tbl.replaceChildren(el('tr', {}, el('th', {}, 'kernel'), el('th', {}, 'result'), el('th', {}, 'max abs error'), el('th', {}, 'ms')));
  for (const r of rows) {
    tbl.append(el('tr', { className: r.ok ? 'ok' : 'bad' }, el('td', {}, r.name), el('td', {}, r.ok ? 'pass' : 'FAIL'), el('td', {}, r.maxAbsErr.toExponential(2)), el('td', {}, r.ms.toFixed(1))));
  }
  const failed = rows.filter((r) => !r.ok).length;
  summary.textContent = failed === 0 ? `All ${rows.length} kernels match the CPU reference.` : `${failed} of ${rows.length} kernels do not match the CPU reference.`;
  summary.dataset.state = failed === 0 ? 'pass' : 'fail';
}

export function startView(app: App): View {
  const progress = el('progress', { id: 'selftest-progress', max: 1, value: 0 });
  const status = el('p', { id: 'selftest-status' }, 'Starting…');
  const tbl = el('table', { id: 'selftest-table', className: 'results' });
  const summary = el('p', { id: 'selftest-summary' });
  const intro = el(
    'section',
    { className: 'card intro' },
    el('h2', {}, 'What this does'),
    el(
      'p',
      {},
      'DuST (dual self-training) teaches a code model to judge code: it samples programs for problems, runs their tests, shows the model groups of passing and failing programs and rewards it for ranking them correctly. A better judge then picks better programs. Everything runs here, on your GPU, in this tab.',
    ),
    el('p', {}, el('a', { href: href('setup'), className: 'button primary' }, 'Set up a run →')),
  );
  const root = el('div', {}, intro, adapterCard(app.adapter), el('section', { className: 'card' }, el('h2', {}, 'Kernel self-test'), progress, status, summary, tbl));
  const update = () => {
    progress.max = progressState.total;
    progress.value = progressState.done;
    status.textContent = progressState.done < progressState.total ? `Running ${progressState.name} (${progressState.done + 1}/${progressState.total})` : `Done (${progressState.total} kernels)`;
  };
  progressSubs.add(update);
  selfTest ??= app.engine.selfTest(
    Comlink.proxy((done: number, total: number, name: string) => {
      Object.assign(progressState, { done, total, name });
      for (const s of progressSubs) s();
    }),
  );
  let live = true;
  selfTest.then(
    (rows) => {
      if (!live) return;
      update();
      showSelfTest(rows, tbl, summary);
    },
    (e: unknown) => {
      if (live) status.textContent = `Self-test failed: ${e instanceof Error ? e.message : String(e)}`;
    },
  );
  return {
    root,
    dispose() {
      live = false;
      progressSubs.delete(update);
    },
  };
}
