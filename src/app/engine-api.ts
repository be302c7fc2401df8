// The contract between the page and the engine worker (the worker owns the GPU device, the
// sandbox pool and the stores). Plain data only: everything crosses a postMessage boundary
// through comlink; callbacks are comlink proxies.
import type { PipelineEvent } from '../dust/pipeline-events';

export interface AdapterReport {
  summary: string;
  vendor: string;
  architecture: string;
  description: string;
  isFallbackAdapter: boolean;
  features: { f16: boolean; subgroups: boolean; timestampQuery: boolean };
  limits: Record<string, number>;
}

export interface SelfTestRow {
  name: string;
  ok: boolean;
  maxAbsErr: number;
  ms: number;
}

/** What the page gets when the engine could not start: a reason and what the user can do. */
export interface EngineUnavailable {
  error: string;
  reason?: string;
}

/** The state the app keeps beside a run's files (app-status.json in the run folder). */
export type RunState = 'running' | 'paused' | 'stopped' | 'done' | 'failed';

export interface RunStatus {
  state: RunState;
  /** Phase in progress or last finished. */
  phase: 'dataset' | 'train' | 'eval' | null;
  /** Optimiser steps done (from train-step events). */
  step: number;
  /** Step of the newest checkpoint written, or null. */
  checkpointStep: number | null;
  startedAt: string;
  updatedAt: string;
  error?: string;
}

export interface RunInfo {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  bytes: number;
  files: string[];
  status: RunStatus | null;
  /** Model id and train mode from config.json (null while it has none). */
  model: string | null;
  mode: string | null;
  /** Headline numbers of eval.json, row name → {pass1, ndcg, bestOfK} (means). */
  headline: Record<string, { pass1: number; ndcg: number; bestOfK: number }> | null;
}

/** A run's event, plus when it happened (page-side timing of charts after a reload). */
export type StoredEvent = PipelineEvent & { t?: number };

/** The memory planner's answer for a configuration (or why it could not plan). */
export interface MemoryVerdict {
  ok: boolean;
  /** One line for the UI. */
  summary: string;
  /** The plan as a text table (formatMemoryPlan), when there is one. */
  table?: string;
  parameters?: number;
  totalBytes?: number;
}

export interface ProblemSetInfo {
  name: string;
  problems: number;
  train: number;
  eval: number;
  /** How the counts were split: each problem's "split" field, or a seeded hash. */
  split: 'field' | 'hash';
}

/** An imported problem file: the set when valid, else one message per problem. */
export interface ImportResult {
  ok: boolean;
  info?: ProblemSetInfo;
  errors: string[];
}

export interface ModelProbe {
  id: string;
  parameters: number;
  layers: number;
  hidden: number;
  vocab: number;
  files: { name: string; bytes: number }[];
}

export interface CachedModelInfo {
  id: string;
  prefix: string;
  bytes: number;
  files: number;
  partial: boolean;
}

export interface CheckpointInfoRow {
  id: string;
  run: string;
  step: number;
  createdAt: string;
  bytes: number;
  problem?: string;
}

export interface ProblemText {
  id: string;
  title: string;
  statement: string;
}

export interface StorageEstimate {
  usage: number;
  quota: number;
  persisted: boolean;
}

export type EventCallback = (e: PipelineEvent) => void;

export interface EngineApi {
  /** Acquires the GPU; resolves to the adapter or to why it is unavailable. */
  init(): Promise<AdapterReport | EngineUnavailable>;
  /**
   * Calls onLost once if the GPU device is lost (a driver reset, the browser's GPU process
   * restarting) with the message to show; the page offers a reload.
   */
  watchDevice(onLost: (message: string) => void): Promise<void>;
  /** Runs every kernel on small random inputs against its float64 CPU reference. */
  selfTest(onProgress: (done: number, total: number, name: string) => void): Promise<SelfTestRow[]>;

  /** Memory planner verdict for a configuration document on this adapter. */
  memoryPlan(configDoc: unknown): Promise<MemoryVerdict>;
  /** Reads a model's files (the toy model offline, a Hub model from the cache or the network). */
  probeModel(modelId: string): Promise<ModelProbe>;
  /** A local model folder the user picked; the config names it "folder:<name>". */
  setLocalFolder(folder: FileSystemDirectoryHandle | File[]): Promise<string>;
  /** Whether the folder a config names "folder:<name>" is open in this tab's engine. */
  localFolderOpen(id: string): Promise<boolean>;
  /** Imports a problem file (JSON, JSON Lines, gzip); the config names it "import:<name>". */
  importProblems(name: string, bytes: Uint8Array): Promise<ImportResult>;
  problemSetInfo(configDoc: unknown): Promise<ProblemSetInfo>;

  /** Starts a run; resolves to its id at once, events arrive through onEvent. */
  startRun(configDoc: unknown, onEvent: EventCallback): Promise<string>;
  /** Continues a stopped run from its newest checkpoint and finished phases. */
  resumeRun(runId: string, onEvent: EventCallback): Promise<void>;
  /** Stops the active run after the current step or batch ("pause": offered for resume on load). */
  stopRun(how: 'pause' | 'stop'): Promise<void>;
  /** The run in progress in this worker, if any. */
  activeRun(): Promise<{ id: string; events: StoredEvent[] } | null>;
  /** Re-attaches the page's event listener to the active run (after navigating). */
  listen(onEvent: EventCallback | null): Promise<void>;

  listRuns(): Promise<RunInfo[]>;
  readRunFile(runId: string, name: string): Promise<string | null>;
  readRunBytes(runId: string, name: string): Promise<Blob | null>;
  runEvents(runId: string): Promise<StoredEvent[]>;
  deleteRun(runId: string): Promise<void>;
  /** Statement and title of every problem the run uses (explorer). */
  runProblems(runId: string): Promise<ProblemText[]>;

  checkpoints(): Promise<CheckpointInfoRow[]>;
  exportCheckpoint(id: string): Promise<{ name: string; blob: Blob }>;
  importCheckpoint(file: File): Promise<CheckpointInfoRow>;
  deleteCheckpoint(id: string): Promise<void>;

  cachedModels(): Promise<CachedModelInfo[]>;
  deleteCachedModel(prefix: string): Promise<void>;
  storageEstimate(): Promise<StorageEstimate>;
}
