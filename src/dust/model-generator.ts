// A TextGenerator on the GPU model: each user message goes through the model's chat template
// (generation prompt added), the batch is generated together, and the decoded text without
// special tokens comes back. Thinking models keep their reasoning in the text; the code
// extractor and the ranking parser read only what follows the last </think>.
import { generate, type GeneratedSequence } from '../generate/generate';
import type { Transformer } from '../model/transformer';
import type { ModelTokenizer } from '../tokenizer/tokenizer';
import type { GenerateRequest, TextGenerator } from './text-generator';

export interface ModelGeneratorOptions {
  name?: string;
  /** Qwen3-style templates: false asks for an answer without reasoning. Default: template's own. */
  enableThinking?: boolean;
  /** Extra end-of-sequence ids beyond the tokenizer's and the model config's. */
  eos?: readonly number[];
}

/**
 * Samples one completion per user message through the chat template (generation prompt
 * added): the prompt ids and the generated sequences. The policy of phase 2 needs the ids;
 * a TextGenerator keeps only the text. A prompt that leaves fewer than maxNewTokens of the
 * model's positions is not generated (null): a judgment prompt of four long candidates can
 * outgrow a small model's context, and one such prompt must not stop the whole batch. Each
 * sequence keeps its own key, so the others sample what they would have anyway.
 */
export async function sampleChat(
  model: Transformer,
  tok: ModelTokenizer,
  messages: readonly string[],
  req: GenerateRequest,
  opts: { enableThinking?: boolean; eos: readonly number[] },
): Promise<{ prompts: number[][]; out: (GeneratedSequence | null)[] }> {
  if (req.keys.length !== messages.length) throw new RangeError(`generate: ${req.keys.length} keys for ${messages.length} messages`);
  const prompts = messages.map(
    (content) => tok.applyChatTemplate([{ role: 'user', content }], { addGenerationPrompt: true, ...(opts.enableThinking === undefined ? {} : { enableThinking: opts.enableThinking }) }).ids,
  );
  const room = model.cfg.maxPositions - req.maxNewTokens;
  const fit = prompts.flatMap((p, i) => (p.length <= room ? [i] : []));
  if (fit.length === 0) return { prompts, out: prompts.map(() => null) };
  const generated = await generate(model, fit.map((i) => prompts[i]!), {
    maxNewTokens: req.maxNewTokens,
    temperature: req.temperature,
    topP: req.topP,
    topK: req.topK,
    seed: req.seed,
    sequenceKeys: fit.map((i) => req.keys[i]!),
    eos: opts.eos,
    decode: (ids) => tok.decode(ids, { skipSpecialTokens: true }),
  });
  const out: (GeneratedSequence | null)[] = prompts.map(() => null);
  // A template that opens the reasoning itself (Qwen3 thinking models end the prompt with
  // "<think>\n") leaves the model's text without its opening tag; the tag goes back in front, so
  // the text is the assistant turn as written and an unfinished reasoning is seen as one.
  const opens = prompts.map((p) => opensThinking(tok, p));
  fit.forEach((i, j) => {
    const g = generated[j]!;
    out[i] = opens[i] ? { ...g, text: `<think>\n${g.text}` } : g;
  });
  return { prompts, out };
}

/** Whether a rendered prompt ends inside an opened `<think>` (the chat template started the reasoning). */
export function opensThinking(tok: Pick<ModelTokenizer, 'decode'>, promptIds: readonly number[]): boolean {
  const tail = tok.decode(promptIds.slice(-8), { skipSpecialTokens: false });
  const open = tail.lastIndexOf('<think>');
  return open >= 0 && !tail.includes('</think>', open);
}

export function modelGenerator(model: Transformer, tok: ModelTokenizer, opts: ModelGeneratorOptions = {}): TextGenerator {
  const eos = [...new Set([...tok.special.eos, ...model.cfg.eosTokenIds, ...(opts.eos ?? [])])];
  return {
    name: opts.name ?? 'model',
    async generate(messages: readonly string[], req: GenerateRequest): Promise<(string | null)[]> {
      if (messages.length === 0) return [];
      const { out } = await sampleChat(model, tok, messages, req, { eos, ...(opts.enableThinking === undefined ? {} : { enableThinking: opts.enableThinking }) });
      return out.map((o) => o?.text ?? null);
    },
  };
}
