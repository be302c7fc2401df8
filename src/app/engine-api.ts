// The contract between the page and the engine worker (the worker owns the GPU device).
// Plain data only: everything crosses a postMessage boundary through comlink.

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

export interface EngineApi {
  /** Acquires the GPU; resolves to the adapter or to why it is unavailable. */
  init(): Promise<AdapterReport | EngineUnavailable>;
  /** Runs every kernel on small random inputs against its float64 CPU reference. */
  selfTest(onProgress: (done: number, total: number, name: string) => void): Promise<SelfTestRow[]>;
}
