// The run folder: everything a run produces, as named text files behind a small store
// interface (a directory in Node, IndexedDB or OPFS in the browser). Writers replace whole
// files, except metrics.jsonl, which only grows (one line per finished phase or step), so a
// run stopped at any point leaves every file either absent or complete.
import { parseConfig, type RunConfig } from './config';
import { parseCandidates, parseGroups, RUN_FILES, toJsonl, type CandidateRecord, type GroupRecord } from './dataset';
import type { DatasetStats } from './groups';
import type { EvalRecord } from './phase3-eval';
import { reportMarkdown, type EvalReport } from './report';

export interface RunStore {
  /** Where the run lives, for messages. */
  readonly where: string;
  /** The file's text, or null when it does not exist. */
  read(name: string): Promise<string | null>;
  /** Replaces the file (atomically where the host can). */
  write(name: string, text: string): Promise<void>;
  append(name: string, text: string): Promise<void>;
  /** Binary files (the trained model under `model/`); names may contain '/'. */
  writeBytes(name: string, bytes: Uint8Array): Promise<void>;
  readBytes(name: string): Promise<Uint8Array | null>;
}

export const RUN_FOLDER_FILES = {
  ...RUN_FILES,
  eval: 'eval.json',
  evalMarkdown: 'eval.md',
  evalRecords: 'eval-records.jsonl',
  metrics: 'metrics.jsonl',
} as const;

export class RunFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunFolderError';
  }
}

export async function writeRunConfig(store: RunStore, cfg: RunConfig): Promise<void> {
  await store.write(RUN_FOLDER_FILES.config, JSON.stringify(cfg, null, 2) + '\n');
}

export async function readRunConfig(store: RunStore): Promise<RunConfig> {
  const text = await store.read(RUN_FOLDER_FILES.config);
  if (text === null) throw new RunFolderError(`${store.where} has no ${RUN_FOLDER_FILES.config}: it is not a run folder (create one with \`npm run dust -- build\`)`);
  return parseConfig(text);
}

export interface DatasetSummary extends DatasetStats {
  /** False when phase 1 was stopped early (Ctrl-C): fewer candidates than configured. */
  complete: boolean;
  candidates: number;
}

export async function writeDataset(store: RunStore, d: { candidates: readonly CandidateRecord[]; groups: readonly GroupRecord[]; stats: DatasetStats; complete: boolean }): Promise<void> {
  await store.write(RUN_FOLDER_FILES.candidates, toJsonl(d.candidates));
  await store.write(RUN_FOLDER_FILES.groups, toJsonl(d.groups));
  const summary: DatasetSummary = { ...d.stats, complete: d.complete, candidates: d.candidates.length };
  await store.write(RUN_FOLDER_FILES.stats, JSON.stringify(summary, null, 2) + '\n');
}

export async function readDataset(store: RunStore): Promise<{ candidates: CandidateRecord[]; groups: GroupRecord[]; stats: DatasetSummary }> {
  const need = async (name: string) => {
    const t = await store.read(name);
    if (t === null) throw new RunFolderError(`${store.where} has no ${name}: run \`npm run dust -- build\` to sample the judgment dataset`);
    return t;
  };
  return {
    candidates: parseCandidates(await need(RUN_FOLDER_FILES.candidates)),
    groups: parseGroups(await need(RUN_FOLDER_FILES.groups)),
    stats: JSON.parse(await need(RUN_FOLDER_FILES.stats)) as DatasetSummary,
  };
}

export async function writeEval(store: RunStore, report: EvalReport & { complete: boolean }, records: readonly EvalRecord[]): Promise<void> {
  await store.write(RUN_FOLDER_FILES.evalRecords, toJsonl(records));
  await store.write(RUN_FOLDER_FILES.eval, JSON.stringify(report, null, 2) + '\n');
  const note = report.complete ? '' : '\n(stopped early: fewer repeats or rows than configured)\n';
  await store.write(RUN_FOLDER_FILES.evalMarkdown, reportMarkdown(report) + note);
}

export async function readEval(store: RunStore): Promise<(EvalReport & { complete: boolean }) | null> {
  const t = await store.read(RUN_FOLDER_FILES.eval);
  return t === null ? null : (JSON.parse(t) as EvalReport & { complete: boolean });
}

/** One line of metrics.jsonl: what happened, when, with its numbers. */
export interface MetricLine {
  event: string;
  time: string;
  [key: string]: unknown;
}

export async function appendMetric(store: RunStore, event: string, values: Record<string, unknown>): Promise<void> {
  const line: MetricLine = { event, time: new Date().toISOString(), ...values };
  await store.append(RUN_FOLDER_FILES.metrics, JSON.stringify(line) + '\n');
}

export async function readMetrics(store: RunStore): Promise<MetricLine[]> {
  const t = await store.read(RUN_FOLDER_FILES.metrics);
  if (t === null) return [];
  return t
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      try {
        return JSON.parse(l) as MetricLine;
      } catch {
        throw new RunFolderError(`${store.where}/${RUN_FOLDER_FILES.metrics}: line ${i + 1} is not JSON`);
      }
    });
}

/** A run folder in memory (benchmarks, tests, throwaway runs). */
export function memoryRunStore(where = 'memory'): RunStore & { files: Map<string, string | Uint8Array> } {
  const files = new Map<string, string | Uint8Array>();
  return {
    where,
    files,
    async read(name) {
      const v = files.get(name);
      return typeof v === 'string' ? v : null;
    },
    async write(name, text) {
      files.set(name, text);
    },
    async append(name, text) {
      const v = files.get(name);
      files.set(name, (typeof v === 'string' ? v : '') + text);
    },
    async writeBytes(name, bytes) {
      files.set(name, bytes.slice());
    },
    async readBytes(name) {
      const v = files.get(name);
      return v instanceof Uint8Array ? v : null;
    },
  };
}
