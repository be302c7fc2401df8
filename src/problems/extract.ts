// Getting the program out of a model's response, as the paper does: only the text after the
// last `</think>` counts, the longest fenced JavaScript block wins, and the raw text is used
// only when there is no fence and it parses as JavaScript. Module syntax the sandbox cannot
// run (import / export) is rewritten; `module.exports = ...` runs there and is kept.

/** Fence languages taken as JavaScript (an untagged fence counts too). */
const JS_LANGS = new Set(['', 'javascript', 'js', 'node', 'nodejs', 'mjs', 'cjs', 'jsx', 'es6', 'ecmascript']);

const FENCE = /^[ \t]*(`{3,}|~{3,})[ \t]*([\w+#.-]*)[^\n]*$/;

export interface ExtractResult {
  /** The program, or null when nothing runnable was found (label it no_code). */
  code: string | null;
  /** Where it came from. */
  from: 'fence' | 'raw' | 'none';
  /** Why nothing was found. */
  reason?: string;
}

/** The answer part of a response: after the last `</think>`; nothing if thinking never ended. */
export function answerPart(response: string): string | null {
  const end = response.lastIndexOf('</think>');
  if (end >= 0) return response.slice(end + '</think>'.length);
  if (/<think>/.test(response)) return null;
  return response;
}

/** Fenced blocks in order: { lang, body }. An unterminated last fence runs to the end. */
export function fencedBlocks(text: string): { lang: string; body: string }[] {
  const lines = text.split('\n');
  const out: { lang: string; body: string }[] = [];
  let open: { fence: string; lang: string; start: number } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const m = FENCE.exec(lines[i]!);
    if (!m) continue;
    if (!open) open = { fence: m[1]!, lang: m[2]!.toLowerCase(), start: i + 1 };
    else if (m[1]![0] === open.fence[0] && m[1]!.length >= open.fence.length && m[2] === '') {
      out.push({ lang: open.lang, body: lines.slice(open.start, i).join('\n') });
      open = null;
    }
  }
  if (open) out.push({ lang: open.lang, body: lines.slice(open.start).join('\n') });
  return out;
}

/**
 * Rewrites ES module syntax into a plain script: `export` keywords are dropped from
 * declarations, `export { ... }` / `export default name;` lines and `import` lines are removed
 * (the sandbox has no modules; `require` of lodash / assert / fs / readline still works).
 */
export function stripModuleSyntax(code: string): string {
  return code
    .split('\n')
    .filter((line) => !/^\s*import\s+(?:[\w*{}\s,$]+\s+from\s+)?['"][^'"]+['"];?\s*$/.test(line))
    .filter((line) => !/^\s*export\s*\{[^}]*\}\s*(from\s*['"][^'"]+['"])?;?\s*$/.test(line))
    .filter((line) => !/^\s*export\s+default\s+[\w$]+\s*;?\s*$/.test(line))
    .map((line) => line.replace(/^(\s*)export\s+(default\s+)?(?=(async\s+)?function\b|class\b|const\b|let\b|var\b)/, '$1'))
    .join('\n');
}

/**
 * True iff `code` parses as a script. Compiles without running (the Function constructor only
 * parses until called); false if the host forbids it (a CSP without 'unsafe-eval'), so raw
 * text is then never taken as code.
 *
 * A function body also accepts a top-level `return`, which the sandbox then rejects as a script
 * (labelled `error`, where the text is really no code). A class static block rejects `return`
 * but is strict, so it is consulted only for text that parses as strict code: sloppy-only text
 * (`with`, legacy octals) keeps the function-body answer.
 */
export function parsesAsJavaScript(code: string): boolean {
  if (!compiles(code)) return false;
  if (!compiles(`'use strict';\n${code}`)) return true;
  return compiles(`class Script { static {\n${code}\n} }`);
}

function compiles(body: string): boolean {
  try {
    // eslint-disable-next-line no-new-func
    new Function(body);
    return true;
  } catch {
    return false;
  }
}

export function extractCode(response: string): ExtractResult {
  const answer = answerPart(response);
  if (answer === null) return { code: null, from: 'none', reason: 'the response never closed its <think> block' };
  const blocks = fencedBlocks(answer).filter((b) => JS_LANGS.has(b.lang) && b.body.trim() !== '');
  if (blocks.length > 0) {
    let best = blocks[0]!;
    for (const b of blocks) if (b.body.trim().length > best.body.trim().length) best = b;
    return { code: stripModuleSyntax(best.body).trim() + '\n', from: 'fence' };
  }
  if (fencedBlocks(answer).length > 0) return { code: null, from: 'none', reason: 'no JavaScript code block (only other languages)' };
  const raw = stripModuleSyntax(answer).trim();
  if (raw !== '' && parsesAsJavaScript(raw)) return { code: raw + '\n', from: 'raw' };
  return { code: null, from: 'none', reason: raw === '' ? 'empty response' : 'no code block, and the text is not JavaScript' };
}
