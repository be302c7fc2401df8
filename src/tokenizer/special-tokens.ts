// Which ids start and end a sequence. tokenizer_config.json names bos/eos/pad as strings (or
// AddedToken objects {content}); generation_config.json gives ids, and its eos_token_id may
// be a list (Qwen3 stops on both <|im_end|> and <|endoftext|>). Generation stops at any of them.

export interface SpecialTokens {
  bos?: { id: number; text: string };
  /** Every id that ends generation, first the tokenizer's own eos. */
  eos: number[];
  pad?: { id: number; text: string };
  /** Token strings for the chat template context (bos_token, eos_token, ...). */
  strings: Record<string, string>;
}

type Json = Record<string, unknown>;

function tokenText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && v !== null && typeof (v as Json).content === 'string') return (v as Json).content as string;
  return undefined;
}

function idList(v: unknown): number[] {
  const list = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
  return list.filter((x): x is number => Number.isSafeInteger(x) && (x as number) >= 0);
}

export function resolveSpecialTokens(tokenizerConfig: Json, generationConfig: Json | null, tokenToId: (t: string) => number | undefined): SpecialTokens {
  const strings: Record<string, string> = {};
  for (const k of ['bos_token', 'eos_token', 'pad_token', 'unk_token']) {
    const t = tokenText(tokenizerConfig[k]);
    if (t !== undefined) strings[k] = t;
  }
  const withId = (text: string | undefined): { id: number; text: string } | undefined => {
    if (text === undefined) return undefined;
    const id = tokenToId(text);
    return id === undefined ? undefined : { id, text };
  };
  const out: SpecialTokens = { eos: [], strings };
  const gen = generationConfig ?? {};
  const bos = withId(strings.bos_token);
  // Whether a BOS is actually prepended is decided by tokenizer.json's post-processor; this
  // is only the token's identity (Qwen's generation_config names one it never prepends).
  if (bos) out.bos = bos;
  const pad = withId(strings.pad_token);
  if (pad) out.pad = pad;
  const eos = withId(strings.eos_token);
  const ids = [...(eos ? [eos.id] : []), ...idList(gen.eos_token_id)];
  out.eos = [...new Set(ids)];
  return out;
}
