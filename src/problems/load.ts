// Loading a problem file of any supported format into a validated ProblemSet.
// Formats: dust (our ProblemSet JSON, an array of problems, or JSON Lines of problems),
// humaneval-x, mbxp, multipl-e, lcb; gzip input (.gz) is decompressed with
// DecompressionStream (Node ≥ 18 and browsers).
import type { ProblemSet } from './schema';
import { importHumanEvalX } from './importers/humaneval-x';
import { importLcb } from './importers/lcb';
import { importMbxp } from './importers/mbxp';
import { importMultiPLE } from './importers/multipl-e';
import { ImportError, parseJsonLines, type RawRecord } from './importers/records';
import { validateProblemSet } from './validate';

export const PROBLEM_FORMATS = ['dust', 'humaneval-x', 'mbxp', 'multipl-e', 'lcb'] as const;
export type ProblemFormat = (typeof PROBLEM_FORMATS)[number];

export { ImportError };

const isGzip = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

export async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The records of a JSON document (object, array) or of JSON Lines. */
function records(text: string): { records: RawRecord[]; set?: RawRecord } {
  const t = text.trim();
  if (t.startsWith('[') || t.startsWith('{')) {
    try {
      const v: unknown = JSON.parse(t);
      if (Array.isArray(v)) return { records: v as RawRecord[] };
      if (typeof v === 'object' && v !== null) {
        const o = v as RawRecord;
        if (Array.isArray(o.problems)) return { records: o.problems as RawRecord[], set: o };
        return { records: [o] };
      }
    } catch {
      // not one JSON document: JSON Lines
    }
  }
  return { records: parseJsonLines(text, 'problem file') };
}

/** Guesses the format from the fields of the first record. */
export function detectFormat(r: RawRecord | undefined): ProblemFormat {
  if (!r) throw new ImportError('problem file is empty');
  if (typeof r.tests === 'object' && r.tests !== null && 'kind' in r.tests) return 'dust';
  if ('task_id' in r && 'declaration' in r) return 'humaneval-x';
  if ('task_id' in r && 'entry_point' in r) return 'mbxp';
  if ('name' in r && 'prompt' in r && typeof r.tests === 'string') return 'multipl-e';
  if ('question_content' in r || 'public_test_cases' in r || 'input_output' in r) return 'lcb';
  throw new ImportError(`cannot tell the problem format from the fields (${Object.keys(r).slice(0, 8).join(', ')}): pass --format ${PROBLEM_FORMATS.join('|')}`);
}

/**
 * Loads a problem file (text, or bytes that may be gzip) in `format` or 'auto', and
 * validates the result. `name` names the set when the file does not.
 */
export async function loadProblemFile(input: string | Uint8Array, format: ProblemFormat | 'auto' = 'auto', name = 'problems'): Promise<ProblemSet> {
  if (format !== 'auto' && !PROBLEM_FORMATS.includes(format)) throw new ImportError(`unknown problem format "${String(format)}": use one of ${PROBLEM_FORMATS.join(', ')} or auto`);
  let text: string;
  if (typeof input === 'string') text = input;
  else text = new TextDecoder().decode(isGzip(input) ? await gunzip(input) : input);
  const { records: rs, set } = records(text);
  const fmt = format === 'auto' ? detectFormat(rs[0]) : format;
  let problems: unknown[];
  switch (fmt) {
    case 'dust':
      return validateProblemSet(set ?? { name, problems: rs });
    case 'humaneval-x':
      problems = importHumanEvalX(rs);
      break;
    case 'mbxp':
      problems = importMbxp(rs);
      break;
    case 'multipl-e':
      problems = importMultiPLE(rs);
      break;
    case 'lcb':
      problems = importLcb(rs);
      break;
  }
  return validateProblemSet({ name, problems });
}
