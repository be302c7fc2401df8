// Model files from the Hugging Face Hub (or any server with the same URL layout), fetched
// with `fetch` only so the same code runs in the browser and in Node. Each file is
// downloaded whole into a FileCache (resuming interrupted downloads with Range requests)
// and then read from there, so a cached model works offline.
import type { ByteSource } from './byte-source';
import { memoryCache, type FileCache } from './file-cache';
import { modelSource, type ModelSource } from './model-source';
import { messageOf } from '../../util/errors';

/** The product's default endpoint: the public Hugging Face Hub. */
export const DEFAULT_HUB_ENDPOINT = 'https://huggingface.co';

export interface DownloadProgress {
  file: string;
  /** Bytes of the file present so far (including bytes from an earlier, interrupted download). */
  loaded: number;
  /** File size when the server said it. */
  total: number | null;
  /** True when the file came from the cache without any download. */
  cached: boolean;
}

export interface HubOptions {
  endpoint?: string;
  revision?: string;
  /** Defaults to an in-memory cache private to this source (nothing survives a reload). */
  cache?: FileCache;
  /** Access token for gated or private models (sent as a Bearer token). */
  token?: string;
  onProgress?: (p: DownloadProgress) => void;
  /** How many times a dropped download is resumed before giving up (default 3). */
  retries?: number;
  fetch?: typeof fetch;
}

/** A Hub failure with a message that says what to do. `status` is the HTTP status, if any. */
export class HubError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'HubError';
  }
}

const MODEL_ID = /^[A-Za-z0-9][\w.-]*(\/[\w.-]+)?$/;

function encodePath(name: string): string {
  return name.split('/').map(encodeURIComponent).join('/');
}

function safeKeyPart(s: string): string {
  return s.replace(/[^\w.-]+/g, '_');
}

function totalFromContentRange(h: string | null): number | null {
  const m = h && /\/(\d+)\s*$/.exec(h);
  return m ? Number(m[1]) : null;
}

function startFromContentRange(h: string | null): number | null {
  const m = h && /bytes\s+(\d+)-/.exec(h);
  return m ? Number(m[1]) : null;
}

export function hubSource(modelId: string, opts: HubOptions = {}): ModelSource {
  if (!MODEL_ID.test(modelId) || modelId.includes('..')) {
    throw new HubError(`"${modelId}" is not a valid Hub model id; use the form "owner/name", e.g. "Qwen/Qwen3-0.6B".`);
  }
  const endpoint = (opts.endpoint ?? DEFAULT_HUB_ENDPOINT).replace(/\/+$/, '');
  const revision = opts.revision ?? 'main';
  const cache = opts.cache ?? memoryCache();
  const retries = opts.retries ?? 3;
  const doFetch = opts.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const id = `hub:${modelId}@${revision}`;
  const where = `${modelId} (revision ${revision}, ${endpoint})`;
  const keyPrefix = `hub/${safeKeyPart(endpoint)}/${modelId}/${safeKeyPart(revision)}/`;
  // Files the repo does not have are remembered too (as empty entries), so that probing for
  // optional files (a shard index, generation_config.json) also works offline.
  const absentPrefix = `hub-absent/${safeKeyPart(endpoint)}/${modelId}/${safeKeyPart(revision)}/`;
  // Once any file of the repo was served, a bare 404 means "no such file", not "no such model".
  let repoSeen = false;
  const inFlight = new Map<string, Promise<ByteSource | null>>();

  const progress = (p: DownloadProgress): void => opts.onProgress?.(p);

  const notFound = (res: Response, name: string): null => {
    const code = res.headers.get('x-error-code');
    if (code === 'EntryNotFound' || (code === null && repoSeen)) return null;
    if (code === 'RevisionNotFound') throw new HubError(`${where}: revision "${revision}" not found; check the branch, tag or commit.`, res.status);
    throw new HubError(
      `Model "${modelId}" not found on ${endpoint} (HTTP ${res.status} for ${name}): check the id and revision; gated or private models need an access token.`,
      res.status,
    );
  };

  async function rememberAbsent(r: null, name: string): Promise<null> {
    await cache.append(absentPrefix + name, new Uint8Array(0));
    await cache.commit(absentPrefix + name);
    return r;
  }

  async function download(name: string, key: string): Promise<ByteSource | null> {
    const url = `${endpoint}/${encodePath(modelId)}/resolve/${encodeURIComponent(revision)}/${encodePath(name)}`;
    let attempt = 0;
    let gotResponse = false;
    let lastError = '';
    for (;;) {
      const part = await cache.partial(key);
      const headers: Record<string, string> = {};
      if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
      // A single open range is a CORS-safelisted header (no preflight); the ETag of the
      // answer is compared below instead of sending If-Range, which would need one.
      if (part && part.bytes > 0) headers.Range = `bytes=${part.bytes}-`;
      let res: Response;
      try {
        res = await doFetch(url, { headers });
      } catch (e) {
        lastError = e instanceof Error ? (e.cause instanceof Error ? `${e.message}: ${e.cause.message}` : e.message) : String(e);
        if (attempt++ < retries && gotResponse) continue;
        if (!gotResponse) {
          throw new HubError(
            `Cannot reach ${endpoint} to download ${name} of ${modelId} (${lastError}), and it is not in the cache. Connect to the network once to download the model, or open it from a local folder.`,
          );
        }
        break;
      }
      gotResponse = true;
      if (res.status === 404) return rememberAbsent(notFound(res, name), name);
      if (res.status === 401 || res.status === 403) {
        const gated = res.headers.get('x-error-code') === 'GatedRepo';
        if (!gated && res.headers.get('x-error-code') === 'RepositoryNotFound') notFound(res, name);
        throw new HubError(
          gated
            ? `${where} is gated: accept its license on the model page, then provide an access token.`
            : `Access to ${where} was refused (HTTP ${res.status}): the model may be private or gated, or the id is wrong; check the id, or provide an access token.`,
          res.status,
        );
      }
      if (res.status === 416) {
        // The partial bytes no longer fit the file (it changed or was already complete).
        await cache.discardPartial(key);
        if (attempt++ < retries) continue;
        break;
      }
      if (res.status !== 200 && res.status !== 206) {
        throw new HubError(`${where}: downloading ${name} failed with HTTP ${res.status} ${res.statusText}; try again later.`, res.status);
      }
      repoSeen = true;
      const encoded = (res.headers.get('content-encoding') ?? 'identity') !== 'identity';
      const etag = encoded ? undefined : (res.headers.get('etag') ?? undefined);
      let loaded = 0;
      let total: number | null = null;
      if (res.status === 206) {
        const start = startFromContentRange(res.headers.get('content-range'));
        // A different ETag means the file changed since the partial bytes were fetched.
        if (!part || start !== part.bytes || (etag && part.etag && etag !== part.etag)) {
          await cache.discardPartial(key);
          await res.body?.cancel();
          if (attempt++ < retries) continue;
          break;
        }
        loaded = part.bytes;
        total = totalFromContentRange(res.headers.get('content-range'));
      } else {
        if (part) await cache.discardPartial(key);
        const len = res.headers.get('content-length');
        total = len !== null && !encoded ? Number(len) : null;
      }
      progress({ file: name, loaded, total, cached: false });
      try {
        if (!res.body) throw new Error('response has no body');
        const reader = res.body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          try {
            await cache.append(key, value, etag);
          } catch (cacheError) {
            // The cache refusing bytes (quota full, storage gone) is not a dropped
            // connection: retrying cannot help, and its message says what to delete.
            await reader.cancel().catch(() => undefined);
            throw new CacheWriteError(cacheError);
          }
          loaded += value.length;
          progress({ file: name, loaded, total, cached: false });
        }
        if (total !== null && loaded !== total) throw new Error(`connection closed at ${loaded} of ${total} bytes`);
      } catch (e) {
        if (e instanceof CacheWriteError) throw e.inner;
        lastError = messageOf(e);
        // Bytes of a compressed response cannot be resumed by offset.
        if (encoded) await cache.discardPartial(key);
        if (attempt++ < retries) continue;
        break;
      }
      await cache.commit(key);
      const done = await cache.get(key);
      if (!done) throw new HubError(`${where}: the cache lost ${name} right after downloading it.`);
      return done;
    }
    const part = await cache.partial(key);
    throw new HubError(
      `${where}: downloading ${name} was interrupted ${retries + 1} times (${lastError})` +
        (part ? `; ${part.bytes} bytes are kept and the download resumes from there when you try again.` : '; try again.'),
    );
  }

  return modelSource({
    id,
    async file(name) {
      if (!name || name.split('/').some((s) => s === '' || s === '.' || s === '..')) throw new HubError(`${where}: "${name}" is not a valid file name.`);
      const key = keyPrefix + name;
      const hit = await cache.get(key);
      if (hit) {
        repoSeen = true;
        const size = await hit.size();
        progress({ file: name, loaded: size, total: size, cached: true });
        return hit;
      }
      if (await cache.get(absentPrefix + name)) return null;
      let p = inFlight.get(key);
      if (!p) {
        p = download(name, key).finally(() => inFlight.delete(key));
        inFlight.set(key, p);
      }
      return p;
    },
    async list() {
      const url = `${endpoint}/api/models/${encodePath(modelId)}/revision/${encodeURIComponent(revision)}`;
      let res: Response;
      try {
        res = await doFetch(url, { headers: opts.token ? { Authorization: `Bearer ${opts.token}` } : {} });
      } catch (e) {
        throw new HubError(`Cannot reach ${endpoint} to list the files of ${modelId} (${messageOf(e)}).`);
      }
      if (!res.ok) {
        if (res.status === 404 || res.status === 401) notFound(res, 'the file list');
        throw new HubError(`${where}: listing files failed with HTTP ${res.status}.`, res.status);
      }
      const body = (await res.json()) as { siblings?: { rfilename?: unknown }[] };
      return (body.siblings ?? []).map((s) => s.rfilename).filter((n): n is string => typeof n === 'string');
    },
  });
}

/** Wraps an error thrown by the cache so the download loop does not mistake it for a network error. */
class CacheWriteError extends Error {
  constructor(readonly inner: unknown) {
    super('cache write failed');
  }
}
