// The toy tokenizer as shipped in public/models/dust-toy: the committed files are what
// src/toy/tokenizer-build.ts builds, they load through the project's loader, every corpus
// document round-trips exactly at one token per character, and the chat template is ChatML.
import { readFileSync } from 'node:fs';
import { beforeAll, expect, test } from 'vitest';
import { nodeDirSource } from '../../src/host/node-files';
import { loadTokenizer, type ModelTokenizer } from '../../src/tokenizer/tokenizer';
import { toyCorpusSample } from '../../src/toy/corpus';
import { TOY_SPECIAL_TOKENS, toyCharacters, toyTokenizerFileTexts } from '../../src/toy/tokenizer-build';

const dir = new URL('../../public/models/dust-toy/', import.meta.url);
let tok: ModelTokenizer;
beforeAll(async () => {
  tok = await loadTokenizer(nodeDirSource(dir.pathname));
});

test('the committed files are the built ones (rebuild: node --import tsx scripts/build-toy-tokenizer.ts)', () => {
  for (const [name, text] of Object.entries(toyTokenizerFileTexts())) {
    expect(readFileSync(new URL(name, dir), 'utf8'), name).toBe(text);
  }
});

test('vocabulary: 4 specials + tab, newline, printable ASCII; eos is <|im_end|>, no BOS', () => {
  expect(tok.size).toBe(101);
  expect(TOY_SPECIAL_TOKENS.map((t) => tok.tokenToId(t))).toEqual([0, 1, 2, 3]);
  expect(tok.special.eos).toEqual([tok.tokenToId('<|im_end|>')]);
  expect(tok.special.pad?.text).toBe('<|endoftext|>');
  expect(tok.special.bos).toBeUndefined();
  expect(tok.encode('ab', { addSpecialTokens: true })).toEqual(tok.encode('ab'));
  const chars = toyCharacters();
  expect(tok.encode(chars.join(''))).toEqual(chars.map((_, i) => i + 4));
});

test('every corpus document round-trips exactly, one token per character, specials as one token', () => {
  const docs = toyCorpusSample({ seed: 5 }, 300);
  for (const d of docs) {
    const ids = tok.encode(d.text);
    expect(tok.decode(ids)).toBe(d.text);
    expect(ids.length).toBe(d.text.replace(/<\|im_start\|>|<\|im_end\|>/g, '#').length);
    expect(ids.filter((id) => id === 3)).toEqual([]); // no <|unk|>
  }
  expect(tok.decode(tok.encode(docs[0]!.text), { skipSpecialTokens: true })).toBe(docs[0]!.text.replace(/<\|im_start\|>|<\|im_end\|>/g, ''));
});

test('characters outside the vocabulary become <|unk|>, visibly', () => {
  const ids = tok.encode('a\u00e9b');
  expect(ids).toEqual([tok.tokenToId('a'), 3, tok.tokenToId('b')]);
  expect(tok.decode(ids)).toBe('a<|unk|>b');
});

test('applyChatTemplate renders ChatML with the generation prompt', () => {
  const { text, ids } = tok.applyChatTemplate(
    [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: '1, 2' }, { role: 'user', content: 'Again' }],
    { addGenerationPrompt: true },
  );
  expect(text).toBe('<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n1, 2<|im_end|>\n<|im_start|>user\nAgain<|im_end|>\n<|im_start|>assistant\n');
  expect(ids[0]).toBe(tok.tokenToId('<|im_start|>'));
  expect(tok.decode(ids)).toBe(text);
  expect(tok.applyChatTemplate([{ role: 'user', content: 'x' }]).text).toBe('<|im_start|>user\nx<|im_end|>\n');
});
