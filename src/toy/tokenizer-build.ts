// The toy model's tokenizer, as Hugging Face tokenizer.json + tokenizer_config.json.
// Character level: one token per printable ASCII character, newline and tab, plus the ChatML
// specials. Written as a BPE model with no merges behind a pre-tokenizer that isolates every
// character, so stock tokenizer libraries (@huggingface/tokenizers, transformers) load it, and
// a Fuse decoder so decoding concatenates instead of joining with spaces. Why characters and
// not BPE: see README.md (measured sequence lengths).
import { END_OF_TEXT, IM_END, IM_START, TOY_CHAT_TEMPLATE, UNK } from './chat';

/** Special tokens first (ids 0..3), then tab, newline and ASCII 32..126 (ids 4..100). */
export const TOY_SPECIAL_TOKENS = [END_OF_TEXT, IM_START, IM_END, UNK] as const;

export function toyCharacters(): string[] {
  const chars = ['\t', '\n'];
  for (let c = 32; c < 127; c++) chars.push(String.fromCharCode(c));
  return chars;
}

export interface ToyTokenizerFiles {
  tokenizerJson: Record<string, unknown>;
  tokenizerConfig: Record<string, unknown>;
}

export function buildToyTokenizer(): ToyTokenizerFiles {
  const vocab: Record<string, number> = {};
  [...TOY_SPECIAL_TOKENS, ...toyCharacters()].forEach((t, i) => (vocab[t] = i));
  const added = [END_OF_TEXT, IM_START, IM_END].map((content) => ({
    id: vocab[content]!, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true,
  }));
  const tokenizerJson = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: added,
    normalizer: null,
    pre_tokenizer: { type: 'Split', pattern: { Regex: '[\\s\\S]' }, behavior: 'Isolated', invert: false },
    post_processor: null,
    decoder: { type: 'Fuse' },
    model: {
      type: 'BPE', dropout: null, unk_token: UNK, continuing_subword_prefix: null, end_of_word_suffix: null,
      fuse_unk: false, byte_fallback: false, ignore_merges: false, vocab, merges: [],
    },
  };
  const addedTokensDecoder = Object.fromEntries(
    added.map((t) => [String(t.id), { content: t.content, lstrip: false, normalized: false, rstrip: false, single_word: false, special: true }]),
  );
  const tokenizerConfig = {
    tokenizer_class: 'PreTrainedTokenizerFast',
    added_tokens_decoder: addedTokensDecoder,
    bos_token: null,
    eos_token: IM_END,
    pad_token: END_OF_TEXT,
    unk_token: UNK,
    model_max_length: 2048,
    clean_up_tokenization_spaces: false,
    chat_template: TOY_CHAT_TEMPLATE,
  };
  return { tokenizerJson, tokenizerConfig };
}

/** The files as written to disk (stable key order, trailing newline). */
export function toyTokenizerFileTexts(): Record<'tokenizer.json' | 'tokenizer_config.json', string> {
  const { tokenizerJson, tokenizerConfig } = buildToyTokenizer();
  return {
    'tokenizer.json': `${JSON.stringify(tokenizerJson, null, 2)}\n`,
    'tokenizer_config.json': `${JSON.stringify(tokenizerConfig, null, 2)}\n`,
  };
}
