// The page (UI only): shows the adapter, its features and limits, a one-line verdict, and
// runs the kernel self-test in the engine worker with a progress bar.
import * as Comlink from 'comlink';
import type { AdapterReport, EngineApi, SelfTestRow } from './engine-api';
import { adapterVerdict } from './verdict';
import { formatBytes } from '../util/bytes';
import './style.css';
import { messageOf } from '../util/errors';

const root = document.getElementById('app')!;

const SHOWN_LIMITS = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxStorageBuffersPerShaderStage',
  'maxComputeWorkgroupsPerDimension',
];

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
}

function formatLimit(name: string, v: number): string {
  if (/Size$/.test(name) && v >= 1 << 20) return formatBytes(v);
  return v.toLocaleString('en-US');
}

function showUnavailable(message: string): void {
  root.replaceChildren(
    el('h1', {}, 'DuST in the browser'),
    el(
      'section',
      { id: 'no-webgpu', className: 'card error' },
      el('h2', {}, 'WebGPU is not available'),
      el('p', {}, message),
      el(
        'ul',
        {},
        el('li', {}, 'Use a recent Chrome or Edge (version 113 or newer) on a desktop.'),
        el('li', {}, 'Check chrome://gpu: "WebGPU" should say "Hardware accelerated". Turn on hardware acceleration in the browser settings.'),
        el('li', {}, 'On Linux, enable chrome://flags/#enable-unsafe-webgpu and Vulkan (chrome://flags/#enable-vulkan), then restart the browser.'),
        el('li', {}, 'Update your graphics driver.'),
      ),
    ),
  );
}

function showAdapter(a: AdapterReport): HTMLElement {
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
    limits.append(el('tr', {}, el('th', {}, name), el('td', {}, formatLimit(name, a.limits[name]!))));
  }
  return el(
    'section',
    { className: 'card' },
    el('h2', {}, 'Your GPU'),
    el('p', { id: 'adapter' }, a.summary),
    el('p', { id: 'verdict', className: 'verdict' }, adapterVerdict(a)),
    feats,
    limits,
  );
}

function showSelfTest(rows: SelfTestRow[], table: HTMLTableElement, summary: HTMLElement): void {
  table.replaceChildren(el('tr', {}, el('th', {}, 'kernel'), el('th', {}, 'result'), el('th', {}, 'max abs error'), el('th', {}, 'ms')));
  for (const r of rows) {
    table.append(
      el(
        'tr',
        { className: r.ok ? 'ok' : 'bad' },
        el('td', {}, r.name),
        el('td', {}, r.ok ? 'pass' : 'FAIL'),
        el('td', {}, r.maxAbsErr.toExponential(2)),
        el('td', {}, r.ms.toFixed(1)),
      ),
    );
  }
  const failed = rows.filter((r) => !r.ok).length;
  summary.textContent = failed === 0 ? `All ${rows.length} kernels match the CPU reference.` : `${failed} of ${rows.length} kernels do not match the CPU reference.`;
  summary.dataset.state = failed === 0 ? 'pass' : 'fail';
}

async function start(): Promise<void> {
  if (!('gpu' in navigator)) {
    showUnavailable('This browser has no navigator.gpu.');
    return;
  }
  const engine = Comlink.wrap<EngineApi>(new Worker(new URL('./engine-worker.ts', import.meta.url), { type: 'module' }));
  const info = await engine.init();
  if ('error' in info) {
    showUnavailable(info.error);
    return;
  }
  const progress = el('progress', { id: 'selftest-progress', max: 1, value: 0 });
  const status = el('p', { id: 'selftest-status' }, 'Starting…');
  const table = el('table', { id: 'selftest-table', className: 'results' });
  const summary = el('p', { id: 'selftest-summary' });
  root.replaceChildren(
    el('h1', {}, 'DuST in the browser'),
    showAdapter(info),
    el('section', { className: 'card' }, el('h2', {}, 'Kernel self-test'), progress, status, summary, table),
  );
  const rows = await engine.selfTest(
    Comlink.proxy((done: number, total: number, name: string) => {
      progress.max = total;
      progress.value = done;
      status.textContent = done < total ? `Running ${name} (${done + 1}/${total})` : `Done (${total} kernels)`;
    }),
  );
  showSelfTest(rows, table, summary);
}

start().catch((e: unknown) => {
  root.replaceChildren(el('p', { className: 'error' }, `Something went wrong: ${messageOf(e)}`));
});
