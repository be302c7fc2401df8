// The run folder in Node: a directory. Whole-file writes go through a temporary file and a
// rename, so a process killed mid-write leaves the previous version, never half a file.
import { appendFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RunStore } from '../dust/run-folder';

export function nodeRunStore(dir: string, opts: { create?: boolean } = {}): RunStore {
  if (opts.create) mkdirSync(dir, { recursive: true });
  return {
    where: dir,
    async read(name) {
      try {
        return readFileSync(join(dir, name), 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
    },
    async write(name, text) {
      const tmp = join(dir, `.${name}.tmp`);
      writeFileSync(tmp, text);
      renameSync(tmp, join(dir, name));
    },
    async append(name, text) {
      appendFileSync(join(dir, name), text);
    },
    async writeBytes(name, bytes) {
      const to = join(dir, name);
      mkdirSync(dirname(to), { recursive: true });
      const tmp = join(dirname(to), `.${name.split('/').pop()}.tmp`);
      writeFileSync(tmp, bytes);
      renameSync(tmp, to);
    },
    async readBytes(name) {
      try {
        return new Uint8Array(readFileSync(join(dir, name)));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
    },
  };
}
