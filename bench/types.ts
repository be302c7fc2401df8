export interface BenchAdapter {
  vendor: string;
  architecture: string;
  description: string;
  features: string[];
}

export interface BenchResult {
  suite: string;
  /** The WebGPU adapter the figures were measured on (absent for CPU-only suites). */
  adapter?: BenchAdapter;
  /** Shapes and settings that the metrics refer to. */
  shapes?: Record<string, unknown>;
  /** Flat name → number map. */
  metrics: Record<string, number>;
  notes?: string[];
}

/** A suite takes the remaining command-line arguments and returns its result. */
export type BenchSuite = (args: string[]) => Promise<BenchResult>;
