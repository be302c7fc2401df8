// What every view gets: the engine worker, the adapter, and the live run's events (one
// listener proxy for the page's lifetime; views subscribe and unsubscribe).
import * as Comlink from 'comlink';
import type { AdapterReport, EngineApi, StoredEvent } from './engine-api';
import type { PipelineEvent } from '../dust/pipeline-events';

export type Engine = Comlink.Remote<EngineApi>;

export class LiveRun {
  id: string | null = null;
  events: StoredEvent[] = [];
  private subs = new Set<(e: StoredEvent | null) => void>();
  /** The comlink proxy the worker calls for every event of the run this page started. */
  readonly proxy = Comlink.proxy((e: PipelineEvent) => this.push(e));

  attach(id: string, events: StoredEvent[]): void {
    this.id = id;
    this.events = [...events];
    for (const s of this.subs) s(null);
  }

  push(e: StoredEvent): void {
    const se: StoredEvent = e.t ? e : { ...e, t: Date.now() };
    if (e.type === 'progress') {
      const i = this.events.findIndex((x) => x.type === 'progress' && x.progress.phase === e.progress.phase);
      if (i >= 0) this.events[i] = se;
      else this.events.push(se);
    } else this.events.push(se);
    for (const s of this.subs) s(se);
  }

  /** fn(event) for each new event; fn(null) when the whole list was replaced. */
  subscribe(fn: (e: StoredEvent | null) => void): () => void {
    this.subs.add(fn);
    return () => this.subs.delete(fn);
  }
}

export interface App {
  engine: Engine;
  adapter: AdapterReport;
  live: LiveRun;
  /** Re-checks the runs list for the resume offer. */
  refreshResumeOffer(): void;
}

export interface View {
  root: HTMLElement;
  dispose?(): void;
}
