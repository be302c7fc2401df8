// The judgment dataset on disk: JSON Lines of candidates (every sampled response with its
// code, label, status and test counts) and of groups (K candidates shown together), plus a
// stats document. Text in, text out: the host decides where files live (a run folder in
// Node, IndexedDB in the browser). Field names are snake_case like the `label` command's.
import type { RunStatus } from '../sandbox/types';

export const RUN_STATUSES: readonly RunStatus[] = ['pass', 'fail', 'error', 'timeout', 'memory', 'no_code'];

/** File names inside a run folder. */
export const RUN_FILES = { config: 'config.json', candidates: 'candidates.jsonl', groups: 'groups.jsonl', stats: 'dataset-stats.json' } as const;

export interface CandidateRecord {
  problem_id: string;
  /** 0-based sample index within the problem (generation order). */
  index: number;
  /** The model's raw response (kept for inspection; may be omitted to save space). */
  response?: string;
  /** The extracted program; null when nothing could be extracted. */
  code: string | null;
  /** 1/0 (binary) or the pass rate (pass-rate labels); 1 iff status is "pass". */
  label: number;
  status: RunStatus;
  tests_passed: number;
  tests_total: number;
  ms?: number;
}

export interface GroupRecord {
  /** `${problem_id}#${n}`: n counts the problem's chunks of K (mixed or not), so ids are stable. */
  id: string;
  problem_id: string;
  /** The question shown to the judge (judgmentQuestion of the problem). */
  question: string;
  split: 'train' | 'val';
  /** Candidate indexes (CandidateRecord.index) in the order shown, candidate 1 first. */
  candidates: number[];
  codes: string[];
  labels: number[];
  statuses: RunStatus[];
}

export class DatasetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetError';
  }
}

export function toJsonl(records: readonly object[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n') + (records.length ? '\n' : '');
}

function lines(text: string, file: string): { v: Record<string, unknown>; at: string }[] {
  const out: { v: Record<string, unknown>; at: string }[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    const at = `${file}: line ${i + 1}`;
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch {
      throw new DatasetError(`${at} is not JSON`);
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new DatasetError(`${at} must be a JSON object`);
    out.push({ v: v as Record<string, unknown>, at });
  });
  return out;
}

function need(ok: boolean, at: string, what: string): void {
  if (!ok) throw new DatasetError(`${at}: ${what}`);
}

const isLabel = (y: unknown): y is number => typeof y === 'number' && y >= 0 && y <= 1;
const isCount = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 0;
const isStatus = (s: unknown): s is RunStatus => RUN_STATUSES.includes(s as RunStatus);

export function parseCandidates(text: string, file = 'candidates.jsonl'): CandidateRecord[] {
  return lines(text, file).map(({ v, at }) => {
    need(typeof v.problem_id === 'string', at, '"problem_id" must be a string');
    need(isCount(v.index), at, '"index" must be an integer ≥ 0');
    need(v.code === null || typeof v.code === 'string', at, '"code" must be a string or null');
    need(isLabel(v.label), at, '"label" must be a number in [0, 1]');
    need(isStatus(v.status), at, `"status" must be one of ${RUN_STATUSES.join(', ')}`);
    need(isCount(v.tests_passed) && isCount(v.tests_total), at, '"tests_passed" and "tests_total" must be integers ≥ 0');
    need(v.response === undefined || typeof v.response === 'string', at, '"response" must be a string when present');
    return v as unknown as CandidateRecord;
  });
}

export function parseGroups(text: string, file = 'groups.jsonl'): GroupRecord[] {
  return lines(text, file).map(({ v, at }) => {
    for (const f of ['id', 'problem_id', 'question'] as const) need(typeof v[f] === 'string', at, `"${f}" must be a string`);
    need(v.split === 'train' || v.split === 'val', at, '"split" must be "train" or "val"');
    const k = Array.isArray(v.codes) ? v.codes.length : -1;
    need(k >= 2 && (v.codes as unknown[]).every((c) => typeof c === 'string'), at, '"codes" must be a list of at least 2 programs');
    need(Array.isArray(v.labels) && v.labels.length === k && v.labels.every(isLabel), at, `"labels" must be ${k} numbers in [0, 1], one per code`);
    need(Array.isArray(v.candidates) && v.candidates.length === k && v.candidates.every(isCount), at, `"candidates" must be ${k} candidate indexes`);
    need(Array.isArray(v.statuses) && v.statuses.length === k && v.statuses.every(isStatus), at, `"statuses" must be ${k} run statuses`);
    return v as unknown as GroupRecord;
  });
}
