// The judgment dataset as parquet in verl's RL dataset layout, as the authors'
// training/prepare_data.py writes it for their reward function (training/reward_score.py):
// data_source, prompt (list of {role, content}), ability, reward_model {style: "rule",
// ground_truth: the labels as a JSON string}, extra_info {index, n_candidates, …}.
// Columns are typed explicitly (nested LIST and STRUCT), so verl/pyarrow read them natively.
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { GroupRecord } from './dataset';
import { judgmentPrompt } from './judgment-prompt';

/** The authors' names, so their reward function picks the rows up unchanged. */
export const VERL_DATA_SOURCE = 'code_ranking';
export const VERL_ABILITY = 'code_ranking';

export interface VerlRow {
  data_source: string;
  prompt: { role: string; content: string }[];
  ability: string;
  reward_model: { style: 'rule'; ground_truth: string };
  extra_info: { index: number; n_candidates: number; problem_id: string; group_id: string; split: string };
}

export function verlRows(groups: readonly GroupRecord[]): VerlRow[] {
  return groups.map((g, index) => ({
    data_source: VERL_DATA_SOURCE,
    prompt: [{ role: 'user', content: judgmentPrompt(g.question, g.codes) }],
    ability: VERL_ABILITY,
    reward_model: { style: 'rule', ground_truth: JSON.stringify(g.labels) },
    extra_info: { index, n_candidates: g.codes.length, problem_id: g.problem_id, group_id: g.id, split: g.split },
  }));
}

const text = (name: string) => ({ name, type: 'BYTE_ARRAY' as const, converted_type: 'UTF8' as const, repetition_type: 'REQUIRED' as const });

const SCHEMA = [
  { name: 'root', num_children: 5 },
  text('data_source'),
  { name: 'prompt', repetition_type: 'REQUIRED' as const, converted_type: 'LIST' as const, num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED' as const, num_children: 1 },
  { name: 'element', repetition_type: 'REQUIRED' as const, num_children: 2 },
  text('role'),
  text('content'),
  text('ability'),
  { name: 'reward_model', repetition_type: 'REQUIRED' as const, num_children: 2 },
  text('style'),
  text('ground_truth'),
  { name: 'extra_info', repetition_type: 'REQUIRED' as const, num_children: 5 },
  { name: 'index', type: 'INT64' as const, repetition_type: 'REQUIRED' as const },
  { name: 'n_candidates', type: 'INT64' as const, repetition_type: 'REQUIRED' as const },
  text('problem_id'),
  text('group_id'),
  text('split'),
];

/** A parquet file of the rows (snappy-compressed pages). */
export function verlParquet(rows: readonly VerlRow[]): Uint8Array {
  if (rows.length === 0) throw new RangeError('verl export: no groups to write (the split is empty)');
  const columns = ['data_source', 'prompt', 'ability', 'reward_model', 'extra_info'] as const;
  // INT64 columns take bigints.
  const data = rows.map((r) => ({ ...r, extra_info: { ...r.extra_info, index: BigInt(r.extra_info.index), n_candidates: BigInt(r.extra_info.n_candidates) } }));
  const buf = parquetWriteBuffer({ columnData: columns.map((name) => ({ name, data: data.map((r) => r[name]) })), schema: SCHEMA });
  return new Uint8Array(buf);
}
