// The toy tokenizer as shipped in public/models/dust-toy: the committed files are what
// src/toy/tokenizer-build.ts builds, they load through the project's loader, every corpus
// document round-trips exactly at well under one token per character, and the chat template
// is ChatML.
import { readFileSync } from 'node:fs';
import { beforeAll, expect, test } from 'vitest';
import { nodeDirSource } from '../../src/host/node-files';
import { loadTokenizer, type ModelTokenizer } from '../../src/tokenizer/tokenizer';
import { toyCorpusSample } from '../../src/toy/corpus';
import { byteLevelAlphabet, byteLevelSymbols, trainBpeMerges } from '../../src/toy/bpe-train';
import { rankingTokenTexts, TOY_SPECIAL_TOKENS, TOY_VOCAB_SIZE, toyPretokenCounts, toyTokenizerFileTexts } from '../../src/toy/tokenizer-build';
import { parseRanking } from '../../src/dust/parse-ranking';

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

test('vocabulary: 4 specials, 256 byte symbols, merges, then the 24 rankings; eos is <|im_end|>, no BOS', () => {
  expect(tok.size).toBe(TOY_VOCAB_SIZE);
  expect(TOY_SPECIAL_TOKENS.map((t) => tok.tokenToId(t))).toEqual([0, 1, 2, 3]);
  expect(tok.special.eos).toEqual([tok.tokenToId('<|im_end|>')]);
  expect(tok.special.pad?.text).toBe('<|endoftext|>');
  expect(tok.special.bos).toBeUndefined();
  expect(tok.encode('ab', { addSpecialTokens: true })).toEqual(tok.encode('ab'));
  expect(byteLevelAlphabet().map((s) => tok.tokenToId(s))).toEqual(Array.from({ length: 256 }, (_, i) => i + 4));
  // Frequent code words are single tokens.
  for (const w of ['return', ' xs', 'length', ' {', '\n  ']) expect(tok.encode(w), JSON.stringify(w)).toHaveLength(1);
  expect(rankingTokenTexts().map((r) => tok.tokenToId(r))).toEqual(Array.from({ length: 24 }, (_, i) => TOY_VOCAB_SIZE - 24 + i));
});

test('each ranking of 4 candidates is one token, valid by the authors\' parser, and kept by decode', () => {
  const rankings = rankingTokenTexts();
  expect(new Set(rankings).size).toBe(24);
  expect(rankings[0]).toBe('1, 2, 3, 4');
  expect(rankings[23]).toBe('4, 3, 2, 1');
  for (const r of rankings) {
    expect(parseRanking(r, 4).valid, r).toBe(true);
    const ids = tok.encode(r);
    expect(ids, r).toHaveLength(1);
    expect(tok.decode(ids, { skipSpecialTokens: true })).toBe(r);
  }
  // Inside other text too (the judgment prompt's example, the answer before <|im_end|>); other digit runs stay digits.
  expect(tok.encode('e.g., "2, 4, 1, 3").')).toContain(tok.tokenToId('2, 4, 1, 3'));
  expect(tok.encode('3, 1, 4, 2<|im_end|>')).toEqual([tok.tokenToId('3, 1, 4, 2'), tok.tokenToId('<|im_end|>')]);
  expect(tok.decode(tok.encode('1, 3, 4, 4'))).toBe('1, 3, 4, 4');
  expect(tok.encode('1, 3, 4, 4').length).toBeGreaterThan(1);
  expect(rankingTokenTexts(3)).toEqual(['1, 2, 3', '1, 3, 2', '2, 1, 3', '2, 3, 1', '3, 1, 2', '3, 2, 1']);
});

test('every corpus document round-trips exactly in far fewer tokens than characters, specials as one token', () => {
  const docs = toyCorpusSample({ seed: 5 }, 300);
  let chars = 0;
  let tokens = 0;
  for (const d of docs) {
    const ids = tok.encode(d.text);
    expect(tok.decode(ids)).toBe(d.text);
    expect(ids.filter((id) => id === 1)).toHaveLength(2); // <|im_start|> once per turn
    expect(ids.filter((id) => id === 3)).toEqual([]); // no <|unk|>
    chars += d.text.length;
    tokens += ids.length;
  }
  expect(chars / tokens).toBeGreaterThan(2.4); // measured 2.67 with 228 merges (2.74 at 252, before the ranking tokens)
  expect(tok.decode(tok.encode(docs[0]!.text), { skipSpecialTokens: true })).toBe(docs[0]!.text.replace(/<\|im_start\|>|<\|im_end\|>/g, ''));
});

test('any text round-trips through the byte symbols (no <|unk|>)', () => {
  const text = 'caf\u00e9 \u{1F600}\t\x00';
  const ids = tok.encode(text);
  expect(ids).not.toContain(3);
  expect(tok.decode(ids)).toBe(text);
});

test('BPE training merges the most frequent pair first, ties to the smaller pair, never across pre-tokens', () => {
  const merges = trainBpeMerges(new Map([['abab', 3], ['ab', 1], ['cd', 4]]), 10);
  expect(merges).toEqual([['a', 'b'], ['c', 'd'], ['ab', 'ab']]); // ab: 7, cd: 4, then abab: 3
  expect(trainBpeMerges(new Map([['yz', 2], ['xy', 2]]), 1)).toEqual([['x', 'y']]); // a tie: the smaller pair
  expect(byteLevelSymbols(' a\n')).toEqual(['\u0120', 'a', '\u010a']);
  expect([...toyPretokenCounts(['  return xs[i];\n    x'])].map(([p]) => p)).toEqual([' ', ' return', ' xs', '[', 'i', '];', '\n    ', 'x']);
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
