// The toy model's tokenizer, as Hugging Face tokenizer.json + tokenizer_config.json: a small
// byte-level BPE learned here from the toy corpus, laid out as Qwen's tokenizers are (a Split
// pre-tokenizer, then ByteLevel; ByteLevel decoder), so stock tokenizer libraries load it.
// Why BPE and not characters: at one token per character the pipeline's prompts cost ~600
// (generation) and ~1,300 (judgment) positions and a tiny model must spell every keyword
// letter by letter; with 228 merges the same documents are 2.7× shorter and `return`,
// `length`, ` {` are one decision each (README.md, "Tokenizer").
// Rankings of K = 4 candidates ("2, 4, 1, 3") are 24 added tokens, one per permutation: a
// 0.14 M-parameter model does not learn to write a permutation digit by digit (measured:
// after ~6,000 judgment documents its 4th digit was still uniform over all four, so ~94 % of
// its rankings repeated a candidate), and the paper's base models write well-formed rankings
// from the start. With one token per ranking the toy's judge is well-formed by construction
// and what DuST has to teach it is which ranking, the part the paper is about.
import { trainBpeMerges, byteLevelAlphabet } from './bpe-train';
import { END_OF_TEXT, IM_END, IM_START, TOY_CHAT_TEMPLATE, UNK } from './chat';
import { toyCorpusSample } from './corpus';

/**
 * Special tokens first (ids 0..3), then the 256 byte symbols (4..259), then the merges, then
 * the ranking tokens (the last 24 ids).
 */
export const TOY_SPECIAL_TOKENS = [END_OF_TEXT, IM_START, IM_END, UNK] as const;

/** Candidates per judgment prompt that have ranking tokens (the paper's K). */
export const TOY_RANKING_K = 4;

/** Every ranking of 1..k as the judgment answer text ("2, 4, 1, 3"), in lexicographic order. */
export function rankingTokenTexts(k: number = TOY_RANKING_K): string[] {
  const out: string[] = [];
  const walk = (prefix: number[], rest: number[]) => {
    if (rest.length === 0) out.push(prefix.join(', '));
    rest.forEach((n, i) => walk([...prefix, n], [...rest.slice(0, i), ...rest.slice(i + 1)]));
  };
  walk([], Array.from({ length: k }, (_, i) => i + 1));
  return out;
}
/** Vocabulary size (= the model's embedding rows). */
export const TOY_VOCAB_SIZE = 512;

/**
 * Pre-tokens: a newline with its indentation, a word or a digit or a run of punctuation with
 * its leading space, or one other whitespace character. Merges never cross these boundaries.
 */
export const TOY_PRETOKEN_REGEX = '\\n *| ?[A-Za-z_$]+| ?[0-9]| ?[^\\sA-Za-z0-9_$]+|\\s';

/** What the merges are learned from: a fixed sample of the train corpus, both document kinds. */
const SAMPLE = { seed: 7, judgmentShare: 0.5, documents: 2000 };

// Added tokens are matched before pre-tokenization, so merges are learned from the text between them.
const ADDED_TOKENS: readonly string[] = [...TOY_SPECIAL_TOKENS, ...rankingTokenTexts()];
const SPECIAL_SPLIT = new RegExp(`(${ADDED_TOKENS.map((s) => s.replace(/[|]/g, '\\|')).join('|')})`);

export function toyPretokenCounts(texts: readonly string[]): Map<string, number> {
  const re = new RegExp(TOY_PRETOKEN_REGEX, 'gu');
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const part of text.split(SPECIAL_SPLIT)) {
      if (ADDED_TOKENS.includes(part)) continue;
      for (const m of part.matchAll(re)) counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
    }
  }
  return counts;
}

export interface ToyTokenizerFiles {
  tokenizerJson: Record<string, unknown>;
  tokenizerConfig: Record<string, unknown>;
}

let built: ToyTokenizerFiles | undefined;

export function buildToyTokenizer(): ToyTokenizerFiles {
  if (built) return built;
  const texts = toyCorpusSample({ seed: SAMPLE.seed, judgmentShare: SAMPLE.judgmentShare }, SAMPLE.documents).map((d) => d.text);
  const alphabet = byteLevelAlphabet();
  const rankings = rankingTokenTexts();
  const merges = trainBpeMerges(toyPretokenCounts(texts), TOY_VOCAB_SIZE - TOY_SPECIAL_TOKENS.length - alphabet.length - rankings.length);
  const vocab: Record<string, number> = {};
  [...TOY_SPECIAL_TOKENS, ...alphabet, ...merges.map(([a, b]) => a + b)].forEach((t, i) => (vocab[t] = i));
  const firstRanking = Object.keys(vocab).length;
  const added = [
    ...TOY_SPECIAL_TOKENS.map((content) => ({
      id: vocab[content]!, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true,
    })),
    // Not special: a ranking is answer text and must survive decode(…, skipSpecialTokens).
    ...rankings.map((content, i) => ({
      id: firstRanking + i, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: false,
    })),
  ];
  const tokenizerJson = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: added,
    normalizer: null,
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        { type: 'Split', pattern: { Regex: TOY_PRETOKEN_REGEX }, behavior: 'Isolated', invert: false },
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: false },
      ],
    },
    post_processor: null,
    decoder: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: false },
    model: {
      type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: null, end_of_word_suffix: null,
      fuse_unk: false, byte_fallback: false, ignore_merges: false, vocab, merges: merges.map(([a, b]) => `${a} ${b}`),
    },
  };
  const addedTokensDecoder = Object.fromEntries(
    added.map((t) => [String(t.id), { content: t.content, lstrip: false, normalized: false, rstrip: false, single_word: false, special: t.special }]),
  );
  const tokenizerConfig = {
    tokenizer_class: 'PreTrainedTokenizerFast',
    added_tokens_decoder: addedTokensDecoder,
    bos_token: null,
    eos_token: IM_END,
    pad_token: END_OF_TEXT,
    unk_token: UNK,
    model_max_length: 1024,
    clean_up_tokenization_spaces: false,
    chat_template: TOY_CHAT_TEMPLATE,
  };
  built = { tokenizerJson, tokenizerConfig };
  return built;
}

/** The files as written to disk (stable key order, trailing newline). */
export function toyTokenizerFileTexts(): Record<'tokenizer.json' | 'tokenizer_config.json', string> {
  const { tokenizerJson, tokenizerConfig } = buildToyTokenizer();
  return {
    'tokenizer.json': `${JSON.stringify(tokenizerJson, null, 2)}\n`,
    'tokenizer_config.json': `${JSON.stringify(tokenizerConfig, null, 2)}\n`,
  };
}
