// Expands the small template language of shaders/matmul*.wgsl and shaders/matvec*.wgsl.
// Register-blocked kernels need their accumulator loops fully unrolled (lavapipe's NIR
// stops unrolling at ~24 iterations and then indexes the accumulators through memory,
// which measured 2-3x slower), so the unrolling is done here, before compilation:
//
//   //#if NAME / //#elif NAME / //#else / //#endif   keep lines when a define is truthy
//   //#for i in 0..EXPR  ...  //#endfor               repeat lines, i = 0 .. EXPR-1
//   ${EXPR}                                          integer expression over defines and
//                                                    loop variables: + - * / % ( ), / floors
// Everything else is plain WGSL.

export type Defines = Record<string, number | boolean>;

export function expandTemplate(src: string, defines: Defines): string {
  const lines = src.split('\n');
  const out: string[] = [];
  expandBlock(lines, 0, lines.length, { ...defines }, out);
  return out.join('\n');
}

function expandBlock(lines: string[], from: number, to: number, env: Defines, out: string[]): void {
  let i = from;
  while (i < to) {
    const line = lines[i]!;
    const t = line.trim();
    if (t.startsWith('//#for ')) {
      const m = /^\/\/#for\s+(\w+)\s+in\s+(.+)\.\.(.+)$/.exec(t);
      if (!m) throw new Error(`template: bad for "${t}"`);
      const end = matching(lines, i, to, '//#for', '//#endfor');
      const lo = evaluate(m[2]!, env);
      const hi = evaluate(m[3]!, env);
      for (let v = lo; v < hi; v++) expandBlock(lines, i + 1, end, { ...env, [m[1]!]: v }, out);
      i = end + 1;
    } else if (t.startsWith('//#if ')) {
      const end = matching(lines, i, to, '//#if', '//#endif');
      // Split into branches at this nesting level.
      const branches: { cond: string | null; start: number; stop: number }[] = [];
      let cond: string | null = t.slice(6).trim();
      let start = i + 1;
      let depth = 0;
      for (let j = i + 1; j < end; j++) {
        const u = lines[j]!.trim();
        if (u.startsWith('//#if ')) depth++;
        else if (u.startsWith('//#endif')) depth--;
        else if (depth === 0 && (u.startsWith('//#elif ') || u.startsWith('//#else'))) {
          branches.push({ cond, start, stop: j });
          cond = u.startsWith('//#elif ') ? u.slice(8).trim() : null;
          start = j + 1;
        }
      }
      branches.push({ cond, start, stop: end });
      const taken = branches.find((b) => b.cond === null || truthy(b.cond, env));
      if (taken) expandBlock(lines, taken.start, taken.stop, env, out);
      i = end + 1;
    } else {
      out.push(line.includes('${') ? line.replace(/\$\{([^}]+)\}/g, (_, e: string) => String(evaluate(e, env))) : line);
      i++;
    }
  }
}

function truthy(cond: string, env: Defines): boolean {
  const neg = cond.startsWith('!');
  const name = neg ? cond.slice(1).trim() : cond;
  const v = env[name];
  if (v === undefined) throw new Error(`template: undefined define "${name}"`);
  return neg ? !v : Boolean(v);
}

function matching(lines: string[], at: number, to: number, open: string, close: string): number {
  let depth = 0;
  for (let j = at; j < to; j++) {
    const u = lines[j]!.trim();
    if (u.startsWith(open + ' ')) depth++;
    else if (u.startsWith(close)) {
      depth--;
      if (depth === 0) return j;
    }
  }
  throw new Error(`template: "${lines[at]!.trim()}" has no ${close}`);
}

/** Integer arithmetic over defines; a tiny recursive-descent parser (no eval). */
export function evaluate(expr: string, env: Defines): number {
  const tokens = expr.match(/\d+|\w+|[-+*/%()]/g) ?? [];
  let p = 0;
  const peek = () => tokens[p];
  const primary = (): number => {
    const tok = tokens[p++];
    if (tok === undefined) throw new Error(`template: truncated expression "${expr}"`);
    if (tok === '(') {
      const v = sum();
      if (tokens[p++] !== ')') throw new Error(`template: missing ) in "${expr}"`);
      return v;
    }
    if (tok === '-') return -primary();
    if (/^\d+$/.test(tok)) return Number(tok);
    const v = env[tok];
    if (v === undefined) throw new Error(`template: undefined name "${tok}" in "${expr}"`);
    return Number(v);
  };
  const product = (): number => {
    let v = primary();
    while (peek() === '*' || peek() === '/' || peek() === '%') {
      const op = tokens[p++];
      const r = primary();
      v = op === '*' ? v * r : op === '/' ? Math.floor(v / r) : v % r;
    }
    return v;
  };
  const sum = (): number => {
    let v = product();
    while (peek() === '+' || peek() === '-') {
      const op = tokens[p++];
      const r = product();
      v = op === '+' ? v + r : v - r;
    }
    return v;
  };
  const v = sum();
  if (p !== tokens.length) throw new Error(`template: trailing tokens in "${expr}"`);
  return v;
}
