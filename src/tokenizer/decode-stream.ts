// Incremental decoding for streamed generation: text is released only once it is final.
// A token can end in the middle of a UTF-8 character (byte-level BPE splits emoji and CJK
// across tokens), and some decoders treat the first token of a sequence specially, so each
// step decodes from one token of context back and releases only what the new ids added.

export interface Decoder {
  decode(ids: readonly number[], opts?: { skipSpecialTokens?: boolean }): string;
}

export interface DecodeStream {
  /** Adds generated ids; returns the text they complete (possibly ''). */
  push(...ids: number[]): string;
  /** Whatever is still held back (an incomplete character at the end), decoded as is. */
  flush(): string;
}

export function createDecodeStream(tok: Decoder, opts: { skipSpecialTokens?: boolean } = {}): DecodeStream {
  let ids: number[] = [];
  let prefixStart = 0; // first id of the context decoded before the new ones
  let readStart = 0; // first id whose text has not been released
  const dec = (from: number, to?: number): string => tok.decode(ids.slice(from, to), opts);
  return {
    push(...more) {
      ids.push(...more);
      const prefix = dec(prefixStart, readStart);
      const full = dec(prefixStart);
      if (full.length <= prefix.length || full.endsWith('\uFFFD')) return '';
      const out = full.slice(prefix.length);
      prefixStart = readStart;
      readStart = ids.length;
      // Drop what is no longer needed as context, so each step stays short.
      ids = ids.slice(prefixStart);
      readStart -= prefixStart;
      prefixStart = 0;
      return out;
    },
    flush() {
      const out = dec(prefixStart).slice(dec(prefixStart, readStart).length);
      prefixStart = readStart = ids.length;
      return out;
    },
  };
}
