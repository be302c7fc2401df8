// The page (UI only): checks WebGPU, starts the engine worker (which owns the GPU, the
// sandbox and the stores), and shows one hash-routed view at a time: Start, Setup, Run,
// Explorer, Results, Runs & storage. A banner offers to continue a run that stopped
// unfinished; another says at once when the GPU device is lost and offers a reload. In production builds a service worker makes the app work offline.
import * as Comlink from 'comlink';
import type { EngineApi } from './engine-api';
import { LiveRun, type App, type View } from './app-context';
import { button, el } from './dom';
import { currentRoute, go, href, VIEWS, type ViewName } from './router';
import { startView } from './views/start';
import { setupView } from './views/setup';
import { runView } from './views/run';
import { explorerView } from './views/explorer';
import { resultsView } from './views/results';
import { runsView } from './views/runs';
import { messageOf } from '../util/errors';
import './style.css';

const root = document.getElementById('app')!;

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

const LARGE_KEY = 'dust.largeText';

function applyLargeText(on: boolean): void {
  document.documentElement.classList.toggle('large', on);
  localStorage.setItem(LARGE_KEY, on ? '1' : '0');
}

const RENDER: Record<ViewName, (app: App, params: URLSearchParams) => View> = {
  start: (app) => startView(app),
  setup: setupView,
  run: runView,
  explorer: explorerView,
  results: resultsView,
  runs: runsView,
};

async function start(): Promise<void> {
  applyLargeText(localStorage.getItem(LARGE_KEY) === '1');
  if (!('gpu' in navigator)) {
    showUnavailable('This browser has no navigator.gpu.');
    return;
  }
  const engine = Comlink.wrap<EngineApi>(new Worker(new URL('./engine-worker.ts', import.meta.url), { type: 'module', name: 'dust-engine' }));
  const info = await engine.init();
  if ('error' in info) {
    showUnavailable(info.error);
    return;
  }

  const nav = el('nav', { className: 'views', ariaLabel: 'Views' });
  const links = new Map<ViewName, HTMLAnchorElement>();
  for (const v of VIEWS) {
    const a = el('a', { href: href(v.name), id: `nav-${v.name}` }, v.label);
    links.set(v.name, a);
    nav.append(a);
  }
  const large = el('input', { type: 'checkbox', id: 'large-text', checked: document.documentElement.classList.contains('large') });
  large.addEventListener('change', () => applyLargeText(large.checked));
  const header = el(
    'header',
    { className: 'top' },
    el('a', { href: href('start'), className: 'brand' }, 'DuST in the browser'),
    nav,
    el('label', { className: 'toggle', title: 'Bigger text for projectors' }, large, ' Large text'),
  );
  const banner = el('div', { id: 'resume-offer', className: 'banner', hidden: true });
  const lost = el('div', { id: 'device-lost', className: 'banner lost', role: 'alert', hidden: true });
  const main = el('div', { id: 'view' });
  root.replaceChildren(header, lost, banner, main);
  void engine.watchDevice(
    Comlink.proxy((message: string) => {
      lost.replaceChildren(
        el('strong', {}, 'The GPU stopped.'),
        el('span', { id: 'device-lost-text' }, `${message} Runs and checkpoints are kept in this browser.`),
        button('Reload', () => location.reload(), { id: 'device-lost-reload', className: 'primary' }),
      );
      lost.hidden = false;
    }),
  );

  const app: App = { engine, adapter: info, live: new LiveRun(), refreshResumeOffer: () => void resumeOffer() };

  let dismissed = false;
  async function resumeOffer(): Promise<void> {
    if (dismissed) return;
    const active = await engine.activeRun();
    const runs = await engine.listRuns();
    const r = runs.find((x) => x.status?.state === 'paused' && x.id !== active?.id);
    if (!r || !r.status) {
      banner.hidden = true;
      return;
    }
    const step = r.status.checkpointStep ?? r.status.step;
    banner.replaceChildren(
      el('span', { id: 'resume-text' }, `Continue run ${r.name} (${r.id}) from step ${step}?${r.status.error ? ` It paused because ${r.status.error}.` : ''}`),
      button(
        'Continue',
        () => {
          banner.hidden = true;
          void engine
            .resumeRun(r.id, app.live.proxy)
            .then(() => {
              app.live.attach(r.id, []);
              return engine.activeRun();
            })
            .then((a) => {
              if (a) app.live.attach(a.id, a.events);
              // Already on this run's page (e.g. after a reload): re-render it as the live run.
              if (location.hash === href('run', { id: r.id })) render();
              else go('run', { id: r.id });
            })
            .catch((e: unknown) => alert(messageOf(e)));
        },
        { id: 'resume-continue', className: 'primary' },
      ),
      button(
        'Not now',
        () => {
          dismissed = true;
          banner.hidden = true;
        },
        { id: 'resume-dismiss' },
      ),
    );
    banner.hidden = false;
  }

  let current: View | null = null;
  const render = () => {
    const r = currentRoute();
    current?.dispose?.();
    for (const [name, a] of links) {
      if (name === r.view) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    try {
      current = RENDER[r.view](app, r.params);
    } catch (e) {
      current = { root: el('p', { className: 'error' }, `This view failed: ${messageOf(e)}`) };
    }
    main.replaceChildren(current.root);
    document.title = `${VIEWS.find((v) => v.name === r.view)!.label} · DuST in the browser`;
  };
  window.addEventListener('hashchange', render);
  render();
  void resumeOffer();
}

start().catch((e: unknown) => {
  root.replaceChildren(el('p', { className: 'error' }, `Something went wrong: ${messageOf(e)}`));
});

// Offline: built apps only (vite.config.ts defines the flag; the dev server's modules change on every edit).
declare const __DUST_SERVICE_WORKER__: boolean;
if (typeof __DUST_SERVICE_WORKER__ !== 'undefined' && __DUST_SERVICE_WORKER__ && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register(`${import.meta.env.BASE_URL}sw.js`).catch((e: unknown) => console.warn(`service worker: ${messageOf(e)}`));
  });
}
