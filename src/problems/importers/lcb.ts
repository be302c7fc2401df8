// LiveCodeBench-style problems. Two shapes are read:
// - LiveCodeBench: question_id, question_title, question_content, starter_code, difficulty,
//   public_test_cases / private_test_cases (arrays or JSON strings of {input, output,
//   testtype: "stdin" | "functional"}), metadata ({"func_name": ...}, object or JSON string).
//   Functional inputs hold one JSON value per line (the arguments), outputs one JSON value.
// - APPS / TACO: input_output {fn_name?, inputs, outputs} (object or JSON string); with
//   fn_name the inputs are argument arrays, else stdin strings.
// LiveCodeBench's compressed private tests (base64 zlib pickle) cannot be read in JS: they
// are reported as an error telling the user to decompress them first.
import type { CallCase, Difficulty, JsonValue, Problem, ProblemTests, StdioCase } from '../schema';
import { ImportError, optionalString, type RawRecord } from './records';

const WHAT = 'LiveCodeBench';

function jsonField(r: RawRecord, name: string, id: string): unknown {
  const v = r[name];
  if (typeof v !== 'string') return v;
  if (v.trim() === '') return undefined;
  try {
    return JSON.parse(v);
  } catch {
    throw new ImportError(`${WHAT} problem ${id}: field "${name}" is not JSON (compressed LiveCodeBench test cases must be decompressed to JSON first)`);
  }
}

function parseArgs(input: string, id: string): JsonValue[] {
  try {
    return input
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as JsonValue);
  } catch {
    throw new ImportError(`${WHAT} problem ${id}: a functional test input is not one JSON value per line: ${input.slice(0, 80)}`);
  }
}

function parseValue(output: string, id: string): JsonValue {
  try {
    return JSON.parse(output) as JsonValue;
  } catch {
    throw new ImportError(`${WHAT} problem ${id}: a functional test output is not JSON: ${output.slice(0, 80)}`);
  }
}

function difficultyOf(v: unknown): Difficulty | undefined {
  const d = typeof v === 'string' ? v.toLowerCase() : '';
  return d === 'easy' || d === 'medium' || d === 'hard' ? d : d === 'introductory' ? 'easy' : d === 'interview' ? 'medium' : d === 'competition' ? 'hard' : undefined;
}

function lcbTests(r: RawRecord, id: string): ProblemTests {
  const cases = [...((jsonField(r, 'public_test_cases', id) as unknown[]) ?? []), ...((jsonField(r, 'private_test_cases', id) as unknown[]) ?? [])] as { input?: unknown; output?: unknown; testtype?: unknown }[];
  if (!Array.isArray(cases) || cases.length === 0) throw new ImportError(`${WHAT} problem ${id}: no test cases (public_test_cases / private_test_cases)`);
  const meta = (jsonField(r, 'metadata', id) ?? {}) as { func_name?: unknown };
  const functional = cases.every((c) => c.testtype === 'functional');
  if (functional) {
    if (typeof meta.func_name !== 'string') throw new ImportError(`${WHAT} problem ${id}: functional tests need metadata.func_name`);
    return { kind: 'call', entry: meta.func_name, cases: cases.map((c): CallCase => ({ args: parseArgs(String(c.input), id), expected: parseValue(String(c.output), id) })) };
  }
  if (cases.some((c) => c.testtype === 'functional')) throw new ImportError(`${WHAT} problem ${id}: mixes stdin and functional tests`);
  return { kind: 'stdio', cases: cases.map((c): StdioCase => ({ input: String(c.input ?? ''), output: String(c.output ?? '') })) };
}

function appsTests(r: RawRecord, id: string): ProblemTests {
  const io = jsonField(r, 'input_output', id) as { fn_name?: unknown; inputs?: unknown[]; outputs?: unknown[] } | undefined;
  if (!io || !Array.isArray(io.inputs) || !Array.isArray(io.outputs) || io.inputs.length !== io.outputs.length || io.inputs.length === 0) {
    throw new ImportError(`${WHAT} problem ${id}: input_output must hold equally long, non-empty "inputs" and "outputs"`);
  }
  if (typeof io.fn_name === 'string') {
    return {
      kind: 'call',
      entry: io.fn_name,
      // APPS wraps single return values in a one-element list.
      cases: io.inputs.map((a, i): CallCase => {
        const out = io.outputs![i] as JsonValue;
        return { args: (Array.isArray(a) ? a : [a]) as JsonValue[], expected: Array.isArray(out) && out.length === 1 ? out[0]! : out };
      }),
    };
  }
  const text = (v: unknown) => (Array.isArray(v) ? v.join('\n') : String(v));
  return { kind: 'stdio', cases: io.inputs.map((input, i): StdioCase => ({ input: text(input), output: text(io.outputs![i]) })) };
}

export function importLcb(records: RawRecord[]): Problem[] {
  return records.map((r, i) => {
    const id = optionalString(r, 'question_id') ?? optionalString(r, 'problem_id') ?? optionalString(r, 'id') ?? (typeof r.problem_id === 'number' ? String(r.problem_id) : `lcb-${i + 1}`);
    const statement = optionalString(r, 'question_content') ?? optionalString(r, 'question') ?? optionalString(r, 'statement');
    if (!statement) throw new ImportError(`${WHAT} problem ${id}: field "question_content" (or "question") must be a non-empty string`);
    const p: Problem = {
      id,
      title: optionalString(r, 'question_title') ?? optionalString(r, 'title') ?? id,
      statement,
      tests: 'input_output' in r ? appsTests(r, id) : lcbTests(r, id),
      source: optionalString(r, 'platform') ? `LiveCodeBench (${r.platform as string})` : 'LiveCodeBench-style',
    };
    const d = difficultyOf(r.difficulty);
    if (d) p.difficulty = d;
    const starter = optionalString(r, 'starter_code');
    const js = starter ? jsStarter(starter, p.tests.kind === 'call' ? p.tests.entry : undefined) : undefined;
    if (js) p.starter = js;
    return p;
  });
}

/**
 * The starter as a JavaScript signature. LiveCodeBench's starters are Python
 * (`class Solution:\n    def twoSum(self, nums: List[int], target: int) -> List[int]:`), which a
 * ```javascript fence in the prompt would misstate: the method becomes the function the call
 * harness invokes (`function twoSum(nums, target) {\n}`); a Python starter without such a `def`
 * is dropped (the statement still stands); anything else is kept as given.
 */
export function jsStarter(starter: string, entry?: string): string | undefined {
  const defs = [...starter.matchAll(/^\s*def\s+([A-Za-z_]\w*)\s*\(/gm)].map((m) => ({ name: m[1]!, params: untilClosed(starter, m.index + m[0].length) }));
  const python = defs.length > 0 || /^\s*class\s+\w+.*:\s*$/m.test(starter);
  if (!python) return starter;
  const def = defs.find((d) => d.name === entry) ?? (defs.length === 1 ? defs[0] : undefined);
  if (!def) return undefined;
  const params = topLevelParts(def.params)
    .map((a) => a.split(/[:=]/)[0]!.replace(/^\s*\*{0,2}/, '').trim())
    .filter((a) => a !== '' && a !== 'self' && a !== '/' && a !== '*');
  return `function ${def.name}(${params.join(', ')}) {\n}`;
}

/** The text from `from` up to the parenthesis that closes the one opened just before it. */
function untilClosed(text: string, from: number): string {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') {
      if (depth === 0) return text.slice(from, i);
      depth--;
    }
  }
  return text.slice(from);
}

/** A parameter list split at its top-level commas (type hints like Dict[str, int] hold commas). */
function topLevelParts(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const ch = list[i];
    if (ch === '[' || ch === '(' || ch === '{') depth++;
    else if (ch === ']' || ch === ')' || ch === '}') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(list.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(list.slice(start));
  return parts;
}
