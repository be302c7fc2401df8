// Runs inside the engine worker: start, stop (pause = stop after the current step and
// offer to continue), resume, and the app's own files beside the pipeline's in each run
// folder: app-status.json (state, phase, step, newest checkpoint) and app-events.jsonl
// (every event except progress, with its time), so charts, the explorer and the resume
// offer work after a reload.
import { DeviceLostError, type GpuContext } from '../gpu';
import { readRunConfig } from '../dust/run-folder';
import { resolveConfig, type RunConfig } from '../dust/config';
import type { PipelineEvent } from '../dust/pipeline-events';
import { runPipeline } from '../dust/pipeline';
import type { RunStore } from '../dust/run-folder';
import { idbRunStore, listRuns as listStoredRuns } from '../store/idb-run-folder';
import { messageOf } from '../util/errors';
import type { EventCallback, RunInfo, RunStatus, StoredEvent } from './engine-api';
import { createBrowserHost } from './worker-host';

export const APP_FILES = { status: 'app-status.json', events: 'app-events.jsonl', doc: 'app-config-doc.json' } as const;

interface Active {
  id: string;
  store: RunStore;
  stop: 'pause' | 'stop' | null;
  events: StoredEvent[];
  status: RunStatus;
  listener: EventCallback | null;
  /** Serialises the app's writes to the run folder. */
  writes: Promise<void>;
  lastProgressSent: number;
}

let active: Active | null = null;

function runIdFor(cfg: RunConfig): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const rnd = Math.floor(Math.random() * 36 ** 3).toString(36).padStart(3, '0');
  const slug = cfg.name.replace(/[^\w.-]+/g, '-').replace(/^[.-]+/, '').slice(0, 40) || 'run';
  return `${slug}-${stamp}-${rnd}`;
}

function queueWrite(a: Active, fn: () => Promise<void>): void {
  a.writes = a.writes.then(fn).catch((e: unknown) => console.warn(`run ${a.id}: ${messageOf(e)}`));
}

function saveStatus(a: Active): void {
  a.status.updatedAt = new Date().toISOString();
  const text = JSON.stringify(a.status, null, 2) + '\n';
  queueWrite(a, () => a.store.write(APP_FILES.status, text));
}

function onEvent(a: Active, e: PipelineEvent): void {
  const se: StoredEvent = { ...e, t: Date.now() };
  if (e.type === 'progress') {
    // Keep only the newest progress of each phase in memory; none on disk.
    const i = a.events.findIndex((x) => x.type === 'progress' && x.progress.phase === e.progress.phase);
    if (i >= 0) a.events[i] = se;
    else a.events.push(se);
  } else {
    // A phase's last progress is kept on disk when it ends, so a past run shows its counts and time.
    if (e.type === 'phase' && e.state !== 'start') {
      const last = a.events.find((x) => x.type === 'progress' && x.progress.phase === e.phase);
      if (last) queueWrite(a, () => a.store.append(APP_FILES.events, JSON.stringify(last) + '\n'));
    }
    a.events.push(se);
    queueWrite(a, () => a.store.append(APP_FILES.events, JSON.stringify(se) + '\n'));
  }
  let statusChanged = false;
  if (e.type === 'phase' && e.state === 'start') {
    a.status.phase = e.phase;
    statusChanged = true;
  } else if (e.type === 'train-step') {
    a.status.step = e.metrics.step;
    statusChanged = true;
  } else if (e.type === 'checkpoint') {
    a.status.checkpointStep = e.step;
    statusChanged = true;
  }
  if (statusChanged) saveStatus(a);
  if (!a.listener) return;
  // Progress at most 8 times a second (and always the last of a phase); everything else at once.
  if (e.type === 'progress' && e.progress.done < e.progress.total) {
    const now = Date.now();
    if (now - a.lastProgressSent < 125) return;
    a.lastProgressSent = now;
  }
  try {
    a.listener(se);
  } catch {
    a.listener = null; // the page went away
  }
}

async function drive(ctx: GpuContext, a: Active, cfg: RunConfig, resume: boolean): Promise<void> {
  let host: Awaited<ReturnType<typeof createBrowserHost>> | null = null;
  try {
    host = await createBrowserHost(ctx, a.id, cfg, (p) => {
      if (!p.cached && a.listener) onEvent(a, { type: 'log', message: `downloading ${p.file}: ${(p.loaded / 2 ** 20).toFixed(1)}${p.total ? ` of ${(p.total / 2 ** 20).toFixed(1)}` : ''} MiB` });
    });
    const result = await runPipeline(host, cfg, { onEvent: (e) => onEvent(a, e), shouldStop: () => a.stop !== null, resume });
    a.status.state = result.complete ? 'done' : a.stop === 'stop' ? 'stopped' : 'paused';
  } catch (e) {
    const why = await ctx.explain(e);
    if (why instanceof DeviceLostError) {
      // Not the run's fault: it is resumable from its newest checkpoint once the page is
      // reloaded on a new device, so it is offered like a run cut off by a reload.
      a.status.state = 'paused';
      a.status.error = `the GPU device was lost (${why.reason})`;
      onEvent(a, { type: 'log', message: `run paused: ${a.status.error}; reload the page and continue it` });
    } else {
      a.status.state = 'failed';
      a.status.error = messageOf(e);
      onEvent(a, { type: 'log', message: `run failed: ${messageOf(e)}` });
    }
  } finally {
    await host?.close().catch(() => undefined);
    saveStatus(a);
    await a.writes;
    const l = a.listener;
    if (active === a) active = null;
    try {
      if (a.status.state !== 'failed') l?.({ type: 'log', message: `run ${a.status.state}` });
    } catch {
      // page gone
    }
  }
}

export async function startRun(ctx: GpuContext, doc: unknown, listener: EventCallback): Promise<string> {
  if (active) throw new Error(`run ${active.id} is still going: stop it first`);
  const cfg = resolveConfig(doc);
  const id = runIdFor(cfg);
  const store = idbRunStore(id);
  const now = new Date().toISOString();
  const a: Active = {
    id,
    store,
    stop: null,
    events: [],
    status: { state: 'running', phase: null, step: 0, checkpointStep: null, startedAt: now, updatedAt: now },
    listener,
    writes: Promise.resolve(),
    lastProgressSent: 0,
  };
  active = a;
  await store.write(APP_FILES.doc, JSON.stringify(doc, null, 2) + '\n');
  saveStatus(a);
  void drive(ctx, a, cfg, false);
  return id;
}

async function configOf(store: RunStore): Promise<RunConfig> {
  try {
    return await readRunConfig(store);
  } catch {
    const doc = await store.read(APP_FILES.doc);
    if (doc === null) throw new Error(`${store.where} has no configuration: it cannot be resumed`);
    return resolveConfig(JSON.parse(doc));
  }
}

export async function resumeRun(ctx: GpuContext, id: string, listener: EventCallback): Promise<void> {
  if (active) throw new Error(`run ${active.id} is still going: stop it first`);
  const store = idbRunStore(id);
  const cfg = await configOf(store);
  const prev = await readStatus(store);
  const now = new Date().toISOString();
  const a: Active = {
    id,
    store,
    stop: null,
    events: await readEvents(store),
    status: { state: 'running', phase: prev?.phase ?? null, step: prev?.step ?? 0, checkpointStep: prev?.checkpointStep ?? null, startedAt: prev?.startedAt ?? now, updatedAt: now },
    listener,
    writes: Promise.resolve(),
    lastProgressSent: 0,
  };
  active = a;
  onEvent(a, { type: 'log', message: `resuming from ${prev?.checkpointStep !== null && prev?.checkpointStep !== undefined ? `the checkpoint of step ${prev.checkpointStep}` : 'its finished phases'}` });
  saveStatus(a);
  void drive(ctx, a, cfg, true);
}

export function stopRun(how: 'pause' | 'stop'): void {
  if (active) active.stop = how;
}

export function activeRun(): { id: string; events: StoredEvent[] } | null {
  return active ? { id: active.id, events: active.events } : null;
}

export function listen(l: EventCallback | null): void {
  if (active) active.listener = l;
}

async function readStatus(store: RunStore): Promise<RunStatus | null> {
  const t = await store.read(APP_FILES.status);
  if (t === null) return null;
  try {
    return JSON.parse(t) as RunStatus;
  } catch {
    return null;
  }
}

export async function readEvents(store: RunStore): Promise<StoredEvent[]> {
  const t = await store.read(APP_FILES.events);
  if (t === null) return [];
  const out: StoredEvent[] = [];
  for (const line of t.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as StoredEvent);
    } catch {
      // a torn last line cannot happen (whole-record writes), but never fail the view on one
    }
  }
  return out;
}

export async function runEvents(id: string): Promise<StoredEvent[]> {
  if (active?.id === id) return active.events;
  return readEvents(idbRunStore(id));
}

export async function listRuns(): Promise<RunInfo[]> {
  const runs = await listStoredRuns();
  return Promise.all(
    runs.map(async (r) => {
      const store = idbRunStore(r.id);
      let status = active?.id === r.id ? active.status : await readStatus(store);
      // A run marked running that is not running here was cut off (reload, crash): resumable.
      if (status?.state === 'running' && active?.id !== r.id) status = { ...status, state: 'paused' };
      let cfg: RunConfig | null = null;
      try {
        cfg = await configOf(store);
      } catch {
        cfg = null;
      }
      let headline: RunInfo['headline'] = null;
      const evalText = r.files['eval.json'] !== undefined ? await store.read('eval.json') : null;
      if (evalText) {
        try {
          const rep = JSON.parse(evalText) as { rows: { name: string; metrics: Record<string, { mean: number }> }[] };
          headline = Object.fromEntries(rep.rows.map((row) => [row.name, { pass1: row.metrics.pass1!.mean, ndcg: row.metrics.ndcg!.mean, bestOfK: row.metrics.bestOfK!.mean }]));
        } catch {
          headline = null;
        }
      }
      return {
        id: r.id,
        name: cfg?.name ?? r.id,
        createdAt: r.createdAt,
        updatedAt: r.updatedAt,
        bytes: r.bytes,
        files: Object.keys(r.files).sort(),
        status,
        model: cfg?.model.id ?? null,
        mode: cfg?.train.mode ?? null,
        headline,
      };
    }),
  );
}

export async function runConfig(id: string): Promise<RunConfig> {
  return configOf(idbRunStore(id));
}
