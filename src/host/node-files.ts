// Node host: model folders on disk as ModelSources, files as ByteSources (positioned reads,
// nothing loaded whole), and a directory-backed FileCache for Hub downloads.
import { appendFile, mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ByteSource } from '../model/sources/byte-source';
import type { FileCache, PartialEntry } from '../model/sources/file-cache';
import { hubSource, type HubOptions } from '../model/sources/hub';
import { modelSource, type ModelSource } from '../model/sources/model-source';
import { messageOf } from '../util/errors';

export function nodeFileSource(path: string): ByteSource {
  let size: Promise<number> | undefined;
  return {
    size: () => (size ??= stat(path).then((s) => s.size)),
    async read(offset, length) {
      const fh = await open(path, 'r');
      try {
        const buf = new Uint8Array(length);
        let got = 0;
        while (got < length) {
          const { bytesRead } = await fh.read(buf, got, length - got, offset + got);
          if (bytesRead === 0) break;
          got += bytesRead;
        }
        return got === length ? buf : buf.subarray(0, got);
      } finally {
        await fh.close();
      }
    },
  };
}

function inside(root: string, name: string): string | null {
  const p = resolve(root, name);
  const rel = relative(root, p);
  return rel && !rel.startsWith('..') && !rel.includes(`..${sep}`) ? p : null;
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

/** A model folder on disk (config.json, *.safetensors, tokenizer files...). */
export function nodeDirSource(dir: string): ModelSource {
  const root = resolve(dir);
  return modelSource({
    id: root,
    async file(name) {
      const p = inside(root, name);
      if (!p) throw new Error(`${root}: "${name}" is outside the model folder.`);
      return (await isFile(p)) ? nodeFileSource(p) : null;
    },
    async list() {
      try {
        const entries = await readdir(root, { recursive: true, withFileTypes: true });
        return entries.filter((e) => e.isFile()).map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/')).sort();
      } catch (e) {
        throw new Error(`Cannot read model folder ${root}: ${messageOf(e)}. Check the path.`);
      }
    },
  });
}

/**
 * Hub downloads kept under `dir`: complete files at dir/<key>, partial ones at
 * dir/<key>.part with dir/<key>.part.json holding the ETag for resuming.
 */
export function nodeDirCache(dir: string): FileCache {
  const root = resolve(dir);
  const pathOf = (key: string): string => {
    const p = inside(root, key);
    if (!p || key.split('/').some((s) => s === '' || s === '.' || s === '..')) throw new Error(`cache key "${key}" is not a safe relative path`);
    return p;
  };
  return {
    async get(key) {
      const p = pathOf(key);
      return (await isFile(p)) ? nodeFileSource(p) : null;
    },
    async partial(key): Promise<PartialEntry | null> {
      const p = `${pathOf(key)}.part`;
      if (!(await isFile(p))) return null;
      const bytes = (await stat(p)).size;
      try {
        const meta = JSON.parse(await readFile(`${p}.json`, 'utf8')) as { etag?: string };
        return meta.etag ? { bytes, etag: meta.etag } : { bytes };
      } catch {
        return { bytes };
      }
    },
    async append(key, chunk, etag) {
      const p = `${pathOf(key)}.part`;
      if (!(await isFile(p))) {
        await mkdir(resolve(p, '..'), { recursive: true });
        await writeFile(`${p}.json`, JSON.stringify(etag ? { etag } : {}));
      }
      await appendFile(p, chunk);
    },
    async commit(key) {
      const p = pathOf(key);
      // An empty file never had a chunk appended.
      if (!(await isFile(`${p}.part`))) {
        await mkdir(resolve(p, '..'), { recursive: true });
        await writeFile(`${p}.part`, new Uint8Array(0));
      }
      await rename(`${p}.part`, p);
      await rm(`${p}.part.json`, { force: true });
    },
    async discardPartial(key) {
      const p = pathOf(key);
      await rm(`${p}.part`, { force: true });
      await rm(`${p}.part.json`, { force: true });
    },
  };
}

/** Default folder for Hub downloads made from Node (DUST_CACHE overrides it). */
export function defaultHubCacheDir(): string {
  return resolve(process.env.DUST_CACHE ?? '.cache/hub');
}

/** The built-in model's name in configs and on command lines (public/models/dust-toy/, works offline). */
export const BUILTIN_TOY_MODEL = 'dust-toy';

/** public/models/dust-toy of this checkout, wherever the command was started. */
export function toyModelDir(): string {
  return fileURLToPath(new URL('../../public/models/dust-toy/', import.meta.url));
}

/**
 * The model named on a command line: an existing folder, or a Hub id ("owner/name",
 * optionally "owner/name@revision") downloaded into `cacheDir` (resumable, offline once cached).
 */
export async function nodeModelSource(spec: string, opts: { cacheDir?: string; endpoint?: string; token?: string; onProgress?: HubOptions['onProgress'] } = {}): Promise<ModelSource> {
  if (spec === BUILTIN_TOY_MODEL) return nodeDirSource(toyModelDir());
  const path = resolve(spec);
  try {
    if ((await stat(path)).isDirectory()) return nodeDirSource(path);
  } catch {
    // Not a folder on disk: try it as a Hub id below.
  }
  const m = /^([^@\s]+\/[^@\s]+?)(?:@(.+))?$/.exec(spec);
  if (!m || spec.startsWith('.') || spec.startsWith('/')) {
    throw new Error(`"${spec}" is neither a model folder nor a Hub model id ("owner/name" or "owner/name@revision").`);
  }
  const hubOpts: HubOptions = { cache: nodeDirCache(opts.cacheDir ?? defaultHubCacheDir()) };
  if (m[2]) hubOpts.revision = m[2];
  if (opts.endpoint) hubOpts.endpoint = opts.endpoint;
  const token = opts.token ?? process.env.HF_TOKEN;
  if (token) hubOpts.token = token;
  if (opts.onProgress) hubOpts.onProgress = opts.onProgress;
  return hubSource(m[1], hubOpts);
}
