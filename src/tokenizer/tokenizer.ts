// A model's tokenizer: tokenizer.json through @huggingface/tokenizers (see README.md for
// why), its special tokens, and its chat template. Loaded from any ModelSource.
import { Tokenizer } from '@huggingface/tokenizers';
import type { ModelSource } from '../model/sources/model-source';
import { ChatTemplate, ChatTemplateError, selectChatTemplate, type ChatMessage, type ChatTemplateOptions } from './chat-template';
import { resolveSpecialTokens, type SpecialTokens } from './special-tokens';
import { messageOf } from '../util/errors';

export type { ChatMessage, ChatTemplateOptions } from './chat-template';

export class TokenizerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenizerError';
  }
}

export interface TokenizerFiles {
  /** Parsed tokenizer.json. */
  tokenizerJson: Record<string, unknown>;
  /** Parsed tokenizer_config.json ({} if the model has none). */
  tokenizerConfig: Record<string, unknown>;
  generationConfig?: Record<string, unknown> | null;
  /** Contents of chat_template.jinja, if the folder has one. */
  chatTemplateJinja?: string | null;
  /** Where the files came from, for messages. */
  where?: string;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export class ModelTokenizer {
  readonly special: SpecialTokens;
  /** Vocabulary size including added tokens (the model's embedding may be larger). */
  readonly size: number;
  private readonly tok: Tokenizer;
  private readonly template: ChatTemplate | null;
  private readonly where: string;

  constructor(files: TokenizerFiles) {
    this.where = files.where ?? 'tokenizer';
    if (!isObject(files.tokenizerJson) || !isObject(files.tokenizerJson.model)) {
      throw new TokenizerError(`${this.where}: tokenizer.json has no "model" section; it is not a Hugging Face fast-tokenizer file.`);
    }
    try {
      this.tok = new Tokenizer(files.tokenizerJson, files.tokenizerConfig);
    } catch (e) {
      throw new TokenizerError(`${this.where}: tokenizer.json could not be loaded (${messageOf(e)}).`);
    }
    this.size = this.tok.get_vocab(true).size;
    this.special = resolveSpecialTokens(files.tokenizerConfig, files.generationConfig ?? null, (t) => this.tok.token_to_id(t));
    const src = selectChatTemplate(files.tokenizerConfig, files.chatTemplateJinja ?? null);
    this.template = src === null ? null : new ChatTemplate(src, this.special.strings, this.where);
  }

  get hasChatTemplate(): boolean {
    return this.template !== null;
  }

  /** Token ids of `text`. addSpecialTokens (default false) applies tokenizer.json's post-processor (e.g. a BOS). */
  encode(text: string, opts: { addSpecialTokens?: boolean } = {}): number[] {
    if (typeof text !== 'string') throw new TokenizerError(`encode expects a string, got ${typeof text}.`);
    return this.tok.encode(text, { add_special_tokens: opts.addSpecialTokens ?? false }).ids;
  }

  /**
   * Text of `ids`. Ids past the tokenizer's vocabulary (models pad their embedding beyond it)
   * decode to nothing; negative or fractional ids are an error.
   */
  decode(ids: readonly number[], opts: { skipSpecialTokens?: boolean } = {}): string {
    for (const id of ids) {
      if (!Number.isSafeInteger(id) || id < 0) throw new TokenizerError(`decode: ${JSON.stringify(id)} is not a token id (non-negative integer).`);
    }
    if (ids.length === 0) return ''; // the library refuses an empty list
    return this.tok.decode([...ids], { skip_special_tokens: opts.skipSpecialTokens ?? false });
  }

  tokenToId(token: string): number | undefined {
    return this.tok.token_to_id(token);
  }

  idToToken(id: number): string | undefined {
    return this.tok.id_to_token(id);
  }

  isEos(id: number): boolean {
    return this.special.eos.includes(id);
  }

  /** The chat rendered by the model's template, and its ids (no extra special tokens added, as in transformers). */
  applyChatTemplate(messages: readonly ChatMessage[], opts: ChatTemplateOptions = {}): { text: string; ids: number[] } {
    if (!this.template) {
      throw new ChatTemplateError(`${this.where}: this model has no chat template (tokenizer_config.json "chat_template" or chat_template.jinja); use an instruct/chat model.`);
    }
    const text = this.template.render(messages, opts);
    return { text, ids: this.encode(text) };
  }
}

/** Loads tokenizer.json, tokenizer_config.json, generation_config.json and chat_template.jinja from a model folder. */
export async function loadTokenizer(src: ModelSource): Promise<ModelTokenizer> {
  const tokenizerJson = await src.json('tokenizer.json');
  if (tokenizerJson === null) {
    throw new TokenizerError(`${src.id}: no tokenizer.json; only models with a fast tokenizer file (tokenizer.json) are supported.`);
  }
  if (!isObject(tokenizerJson)) throw new TokenizerError(`${src.id}: tokenizer.json must be a JSON object.`);
  const tokenizerConfig = (await src.json('tokenizer_config.json')) ?? {};
  if (!isObject(tokenizerConfig)) throw new TokenizerError(`${src.id}: tokenizer_config.json must be a JSON object.`);
  const generationConfig = await src.json('generation_config.json');
  return new ModelTokenizer({
    tokenizerJson,
    tokenizerConfig,
    generationConfig: isObject(generationConfig) ? generationConfig : null,
    chatTemplateJinja: await src.text('chat_template.jinja'),
    where: src.id,
  });
}
