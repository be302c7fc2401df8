// A model folder served over HTTP next to the app (the built-in toy model under
// /models/dust-toy/), so it loads offline from the app's own files (the service worker
// caches them). The files are small: each is fetched whole on first use and kept in memory;
// a 404 means "no such file". `list` reads an optional files.json ({"files": [...]}) and
// otherwise lists the files a Hugging Face folder usually has that are present.
import { bytesSource } from './byte-source';
import { modelSource, ModelFileError, type ModelSource } from './model-source';
import { messageOf } from '../../util/errors';

const USUAL_FILES = ['config.json', 'generation_config.json', 'model.safetensors', 'model.safetensors.index.json', 'tokenizer.json', 'tokenizer_config.json', 'README.md'];

export interface UrlFolderOptions {
  /** Name in messages (default: the URL). */
  id?: string;
  fetch?: typeof fetch;
}

export function urlFolderSource(baseUrl: string | URL, opts: UrlFolderOptions = {}): ModelSource {
  const base = new URL(baseUrl, (globalThis as { location?: { href: string } }).location?.href);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  const id = opts.id ?? base.href;
  const doFetch = opts.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const cache = new Map<string, Promise<Uint8Array | null>>();

  const load = (name: string): Promise<Uint8Array | null> => {
    let p = cache.get(name);
    if (!p) {
      p = (async () => {
        const url = new URL(name.split('/').map(encodeURIComponent).join('/'), base);
        let res: Response;
        try {
          res = await doFetch(url);
        } catch (e) {
          throw new ModelFileError(`${id}: cannot fetch ${name} (${messageOf(e)}); open the app once while online so it is stored for offline use.`);
        }
        if (res.status === 404) return null;
        if (!res.ok) throw new ModelFileError(`${id}: ${name} answered HTTP ${res.status} ${res.statusText}`);
        // A single-page-app fallback answers unknown paths with index.html: that is "no such file".
        if ((res.headers.get('content-type') ?? '').startsWith('text/html') && !name.endsWith('.html')) return null;
        return new Uint8Array(await res.arrayBuffer());
      })();
      p.catch(() => cache.delete(name));
      cache.set(name, p);
    }
    return p;
  };

  return modelSource({
    id,
    async file(name) {
      const bytes = await load(name);
      return bytes ? bytesSource(bytes) : null;
    },
    async list() {
      const idx = await load('files.json');
      if (idx) {
        const files = (JSON.parse(new TextDecoder().decode(idx)) as { files?: unknown }).files;
        if (Array.isArray(files)) return files.filter((f): f is string => typeof f === 'string');
      }
      const present = await Promise.all(USUAL_FILES.map(async (f) => ((await load(f)) ? f : null)));
      return present.filter((f): f is string => f !== null);
    },
  });
}
