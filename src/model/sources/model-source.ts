// A model folder wherever it lives (the Hub, a browser folder, a Node path): named files,
// each a ByteSource, plus text/JSON helpers for the small ones.
import { readAll, type ByteSource } from './byte-source';
import { messageOf } from '../../util/errors';

export interface ModelFiles {
  /** Human-readable identity used in messages, e.g. "hub:Qwen/Qwen3-0.6B@main" or a path. */
  readonly id: string;
  /** File names (relative, '/'-separated) when the source can enumerate them. */
  list?(): Promise<string[]>;
  /** The file, or null when the folder has no such file. Throws for other failures. */
  file(name: string): Promise<ByteSource | null>;
}

export interface ModelSource extends ModelFiles {
  text(name: string): Promise<string | null>;
  json<T = unknown>(name: string): Promise<T | null>;
}

/** A model file that exists but cannot be used; the message names the source and the file. */
export class ModelFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelFileError';
  }
}

export function modelSource(files: ModelFiles): ModelSource {
  const text = async (name: string): Promise<string | null> => {
    const f = await files.file(name);
    return f ? new TextDecoder().decode(await readAll(f)) : null;
  };
  const src: ModelSource = {
    id: files.id,
    file: (name) => files.file(name),
    text,
    json: async <T>(name: string): Promise<T | null> => {
      const t = await text(name);
      if (t === null) return null;
      try {
        return JSON.parse(t) as T;
      } catch (e) {
        throw new ModelFileError(`${files.id}: ${name} is not valid JSON (${messageOf(e)}); the file is corrupted or incomplete.`);
      }
    },
  };
  if (files.list) src.list = () => files.list!();
  return src;
}
