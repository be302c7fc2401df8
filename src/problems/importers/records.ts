// Shared helpers for importers: reading JSON Lines and typed access to raw records.

export type RawRecord = Record<string, unknown>;

export class ImportError extends Error {
  override name = 'ImportError';
}

/** Parses JSON Lines; blank lines are skipped; errors name the line. */
export function parseJsonLines(text: string, what: string): RawRecord[] {
  const out: RawRecord[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      throw new ImportError(`${what}: line ${i + 1} is not valid JSON (${(e as Error).message})`);
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ImportError(`${what}: line ${i + 1} must be a JSON object`);
    out.push(v as RawRecord);
  }
  return out;
}

/** A required string field, or an ImportError naming the record and field. */
export function field(r: RawRecord, name: string, what: string, index: number): string {
  const v = r[name];
  if (typeof v !== 'string') {
    const id = typeof r.task_id === 'string' ? r.task_id : typeof r.name === 'string' ? r.name : `#${index + 1}`;
    throw new ImportError(`${what} record ${id}: field "${name}" must be a string (got ${v === undefined ? 'nothing' : typeof v})`);
  }
  return v;
}

export const optionalString = (r: RawRecord, name: string): string | undefined => (typeof r[name] === 'string' && r[name] !== '' ? (r[name] as string) : undefined);

/** Counts non-overlapping matches of `re` in `text`. */
export const countMatches = (text: string, re: RegExp): number => (text.match(new RegExp(re.source, 'g')) ?? []).length;

/** The name declared by the last `function f(` / `const f = (` / `f = function` in a prompt. */
export function declaredName(prompt: string): string | undefined {
  const re = /(?:function\s+([A-Za-z_$][\w$]*)\s*\(|(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=)/g;
  let last: string | undefined;
  for (let m = re.exec(prompt); m; m = re.exec(prompt)) last = m[1] ?? m[2];
  return last;
}

/** The last non-empty line of a prompt (its signature). */
export function signatureLine(prompt: string): string | undefined {
  const lines = prompt.split('\n').filter((l) => l.trim() !== '');
  return lines.length ? lines[lines.length - 1]!.trim() : undefined;
}
