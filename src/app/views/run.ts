// Run: the three phases with progress bars and ETA, live charts of the phase-2 metrics,
// the dataset's statistics, a log, and pause / resume / stop. Everything comes from the
// run's events (live from the worker, or app-events.jsonl for a past run); the charts are
// fixed-size and updated in place at most once per frame.
import type { PipelineEvent, TrainStepMetrics, ValidationMetrics } from '../../dust/pipeline-events';
import { messageOf } from '../../util/errors';
import type { App, View } from '../app-context';
import { lineChart, type LineChart } from '../charts';
import { button, card, duration, el, pct } from '../dom';
import type { RunInfo, StoredEvent } from '../engine-api';
import { go, href } from '../router';

const PHASES = [
  { phase: 'dataset', label: 'Phase 1 · judgment dataset', what: 'sample candidates, run their tests, build mixed groups' },
  { phase: 'train', label: 'Phase 2 · judgment GRPO', what: 'rank groups, reward correct rankings, update the model' },
  { phase: 'eval', label: 'Phase 3 · evaluation', what: 'held-out problems: pass@1, ranking quality, Best-of-k' },
] as const;

type Phase = (typeof PHASES)[number]['phase'];

export function runView(app: App, params: URLSearchParams): View {
  const root = el('div', { className: 'run' });
  let live = true;
  let dispose: (() => void) | null = null;
  void (async () => {
    let id = params.get('id') ?? app.live.id;
    let info: RunInfo | undefined;
    if (!id) {
      const runs = await app.engine.listRuns();
      id = runs[0]?.id ?? null;
    }
    if (!live) return;
    if (!id) {
      root.replaceChildren(el('h1', {}, 'Run'), el('p', {}, 'No run yet. ', el('a', { href: href('setup') }, 'Set one up'), '.'));
      return;
    }
    info = (await app.engine.listRuns()).find((r) => r.id === id);
    if (!live) return;
    dispose = mount(app, root, id, info);
  })().catch((e: unknown) => root.replaceChildren(el('p', { className: 'error' }, messageOf(e))));
  return {
    root,
    dispose() {
      live = false;
      dispose?.();
    },
  };
}

function mount(app: App, root: HTMLElement, id: string, info: RunInfo | undefined): () => void {
  const isLive = () => app.live.id === id;
  const stateEl = el('span', { id: 'run-state', className: 'state' });
  const title = el('h1', {}, 'Run ', el('span', { id: 'run-id', className: 'mono' }, id), ' ', stateEl);

  const bars = new Map<Phase, { bar: HTMLProgressElement; text: HTMLElement; row: HTMLElement }>();
  const phaseRows = PHASES.map(({ phase, label, what }) => {
    const bar = el('progress', { id: `progress-${phase}`, max: 1, value: 0 });
    const text = el('span', { id: `phase-${phase}`, className: 'phase-text' }, 'waiting');
    const row = el('div', { className: 'phase', dataset: { state: 'waiting' } }, el('div', { className: 'phase-head' }, el('strong', {}, label), el('span', { className: 'muted' }, ` — ${what}`)), bar, text);
    bars.set(phase, { bar, text, row });
    return row;
  });

  const pauseBtn = button('Pause', () => void control('pause'), { id: 'run-pause', title: 'Stop after the current step and save a checkpoint; continue later' });
  const stopBtn = button('Stop', () => void control('stop'), { id: 'run-stop', title: 'Stop after the current step' });
  const resumeBtn = button('Resume', () => void resume(), { id: 'run-resume', className: 'primary' });
  const controlMsg = el('span', { id: 'run-control-msg', className: 'muted' });
  const toResults = el('a', { href: href('results', { id }), id: 'to-results', className: 'button primary', hidden: true }, 'Results →');
  const toExplorer = el('a', { href: href('explorer', { id }), id: 'to-explorer', className: 'button', hidden: true }, 'Explorer →');
  const nextLinks = el('p', { className: 'next' }, toResults, ' ', toExplorer);
  const failure = el('p', { id: 'run-error', className: 'error', role: 'alert', hidden: true });

  const charts: Record<string, LineChart> = {
    reward: lineChart('chart-reward', 'Mean reward', [{ label: 'reward' }]),
    malformed: lineChart('chart-malformed', 'Malformed rankings', [{ label: 'malformed' }], { yRange: [0, 1] }),
    loss: lineChart('chart-loss', 'Loss', [{ label: 'loss' }]),
    kl: lineChart('chart-kl', 'KL to the start', [{ label: 'KL' }]),
    grad: lineChart('chart-grad', 'Gradient norm', [{ label: 'grad norm' }]),
    ndcg: lineChart('chart-ndcg', 'Validation NDCG', [{ label: 'NDCG' }], { yRange: [0, 1] }),
  };
  const stepsNote = el('p', { id: 'train-summary', className: 'muted' }, 'Charts fill in during phase 2.');
  const datasetOut = el('div', { id: 'dataset-stats' }, el('p', { className: 'muted' }, 'Filled in when phase 1 finishes.'));
  const logOut = el('ol', { id: 'run-log', className: 'log' });

  root.replaceChildren(
    title,
    el('section', { className: 'card' }, el('h2', {}, 'Progress'), ...phaseRows, failure, el('p', { className: 'controls' }, pauseBtn, ' ', resumeBtn, ' ', stopBtn, ' ', controlMsg), nextLinks),
    el('section', { className: 'card' }, el('h2', {}, 'Training metrics'), stepsNote, el('div', { className: 'charts' }, ...Object.values(charts).map((c) => c.root))),
    card('Judgment dataset', datasetOut),
    card('Log', logOut),
  );

  let events: StoredEvent[] = [];
  let status = info?.status ?? null;
  let frame = 0;

  function renderAll(): void {
    frame = 0;
    const phaseState = new Map<Phase, string>();
    const progress = new Map<Phase, StoredEvent & { type: 'progress' }>();
    const steps: TrainStepMetrics[] = [];
    const vals: ValidationMetrics[] = [];
    const logs: string[] = [];
    let dataset: (PipelineEvent & { type: 'dataset' }) | null = null;
    for (const e of events) {
      if (e.type === 'phase') {
        phaseState.set(e.phase, e.state);
        logs.push(`${e.phase}: ${e.state}${e.detail ? ` — ${e.detail}` : ''}`);
      } else if (e.type === 'progress') progress.set(e.progress.phase, e);
      else if (e.type === 'train-step') steps.push(e.metrics);
      else if (e.type === 'validation') vals.push(e.metrics);
      else if (e.type === 'dataset') dataset = e;
      else if (e.type === 'log') logs.push(e.message);
      else if (e.type === 'checkpoint') logs.push(`checkpoint saved at step ${e.step}`);
      else if (e.type === 'eval') logs.push(`evaluation ${e.complete ? 'finished' : 'stopped early'}`);
    }
    const state = isLive() ? (status?.state === 'running' || !status ? 'running' : status.state) : (status?.state ?? 'unknown');
    for (const { phase } of PHASES) {
      const b = bars.get(phase)!;
      let st = phaseState.get(phase) ?? 'waiting';
      // A phase that started in a run no longer running ended with the run.
      if (st === 'start' && state !== 'running') st = state === 'failed' ? 'failed' : 'stopped';
      const p = progress.get(phase)?.progress;
      b.row.dataset.state = st;
      if (st === 'done' || st === 'skipped') {
        b.bar.max = 1;
        b.bar.value = 1;
      } else if (p) {
        b.bar.max = Math.max(1, p.total);
        b.bar.value = p.done;
      }
      const word = { waiting: 'waiting', start: 'running', done: 'done', skipped: 'skipped (already done)', stopped: 'stopped', failed: 'failed' }[st] ?? st;
      b.text.textContent = p && st === 'start' ? `${p.done}/${p.total} ${p.unit}${p.detail ? ` (${p.detail})` : ''} · ${duration(p.elapsedMs)} elapsed · ETA ${duration(p.etaMs)}` : p && st !== 'waiting' ? `${word} · ${p.done}/${p.total} ${p.unit} in ${duration(p.elapsedMs)}` : word;
    }
    const x = steps.map((s) => s.step);
    charts.reward!.set(x, [steps.map((s) => s.reward)]);
    charts.malformed!.set(x, [steps.map((s) => s.malformed)]);
    charts.loss!.set(x, [steps.map((s) => s.loss)]);
    charts.kl!.set(x, [steps.map((s) => s.kl)]);
    charts.grad!.set(x, [steps.map((s) => s.gradNorm)]);
    charts.ndcg!.set(vals.map((v) => v.step), [vals.map((v) => v.ndcg)]);
    if (steps.length) {
      const last = steps[steps.length - 1]!;
      stepsNote.textContent = `${steps.length} step${steps.length === 1 ? '' : 's'}; last: reward ${last.reward.toFixed(3)}, malformed ${pct(last.malformed)}, loss ${last.loss.toFixed(4)}, ${Math.round(last.tokensPerSecond)} tokens/s${vals.length ? `; validation NDCG ${vals.map((v) => v.ndcg.toFixed(3)).join(' → ')}` : ''}.`;
    } else if (vals.length) stepsNote.textContent = `Validation NDCG ${vals.map((v) => v.ndcg.toFixed(3)).join(' → ')}.`;
    if (dataset) {
      const s = dataset.stats;
      datasetOut.replaceChildren(
        el(
          'p',
          {},
          `${s.candidates} candidates for ${s.problems} problems; ${s.groups} mixed groups (${s.trainGroups} train, ${s.valGroups} validation)${dataset.complete ? '' : ' — stopped early'}. Dropped: ${s.droppedNoCode} without code, ${s.droppedAllPass} problems all-pass, ${s.droppedAllFail} all-fail.`,
        ),
        el('p', { className: 'muted' }, `Sandbox verdicts: ${Object.entries(s.statusCounts).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}. Groups by passing candidates: ${s.correctPerGroup.map((n, c) => (n ? `${c} pass: ${n}` : '')).filter(Boolean).join(', ') || 'none'}.`),
      );
    }
    logOut.replaceChildren(...logs.slice(-40).map((l) => el('li', {}, l)));
    stateEl.textContent = state;
    if (state !== 'running' && /^(Pausing|Stopping|Resuming)/.test(controlMsg.textContent ?? '')) controlMsg.textContent = '';
    failure.hidden = !(state === 'failed' || (state === 'paused' && status?.error));
    failure.textContent =
      state === 'failed' ? `The run stopped with an error: ${status?.error ?? 'see the log'}` : state === 'paused' && status?.error ? `Paused: ${status.error}. Reload the page, then Resume continues it from its newest checkpoint.` : '';
    stateEl.dataset.state = state;
    const running = state === 'running' && isLive();
    pauseBtn.disabled = !running;
    stopBtn.disabled = !running;
    resumeBtn.disabled = running || !(state === 'paused' || state === 'stopped' || state === 'failed');
    toResults.hidden = !events.some((e) => e.type === 'eval');
    toExplorer.hidden = !events.some((e) => e.type === 'dataset' || e.type === 'eval');
  }
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(renderAll);
  };

  async function refreshStatus(): Promise<void> {
    const r = (await app.engine.listRuns()).find((x) => x.id === id);
    status = r?.status ?? status;
    if (isLive() && !(await app.engine.activeRun())) {
      // Finished while we watched: the worker no longer has it.
      app.live.id = null;
    }
    schedule();
  }

  let unsub: (() => void) | null = null;
  async function attach(): Promise<void> {
    if (isLive()) {
      events = app.live.events;
      unsub = app.live.subscribe((e) => {
        events = app.live.events;
        if (e && (e.type === 'phase' || e.type === 'log' || e.type === 'checkpoint')) void refreshStatus();
        schedule();
      });
    } else {
      events = await app.engine.runEvents(id);
    }
    schedule();
  }

  async function control(how: 'pause' | 'stop'): Promise<void> {
    await app.engine.stopRun(how);
    controlMsg.textContent = how === 'pause' ? 'Pausing after the current step (a checkpoint is saved)…' : 'Stopping after the current step…';
    pauseBtn.disabled = true;
    stopBtn.disabled = true;
  }

  async function resume(): Promise<void> {
    resumeBtn.disabled = true;
    controlMsg.textContent = 'Resuming…';
    try {
      await app.engine.resumeRun(id, app.live.proxy);
      const a = await app.engine.activeRun();
      if (a) app.live.attach(a.id, a.events);
      status = status ? { ...status, state: 'running' } : status;
      unsub?.();
      await attach();
      controlMsg.textContent = '';
    } catch (e) {
      controlMsg.textContent = messageOf(e);
      resumeBtn.disabled = false;
    }
  }

  void attach();
  const poll = setInterval(() => void refreshStatus(), 3000);
  return () => {
    unsub?.();
    clearInterval(poll);
    if (frame) cancelAnimationFrame(frame);
  };
}

export function openRun(id: string): void {
  go('run', { id });
}
