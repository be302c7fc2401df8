import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { nodeDirCache, nodeDirSource } from '../../src/host/node-files';
import { parseModelConfig } from '../../src/model/config';
import { folderSource } from '../../src/model/sources/browser-folder';
import { readAll } from '../../src/model/sources/byte-source';
import { memoryCache } from '../../src/model/sources/file-cache';
import { hubSource, HubError, type DownloadProgress } from '../../src/model/sources/hub';
import { checkWeights, openWeights } from '../../src/model/weights';
import { startHubServer, type HubServer } from '../helpers/hub-server';

const golden = (f: string): Uint8Array<ArrayBuffer> => new Uint8Array(readFileSync(new URL(`../fixtures/golden/qwen3/${f}`, import.meta.url)));
const MODEL = 'tiny/qwen3';
const files = () => ({ 'config.json': golden('config.json'), 'model.safetensors': golden('model.safetensors') });

let hub: HubServer;
const tmp: string[] = [];
beforeAll(async () => {
  hub = await startHubServer({ [MODEL]: { files: files() }, 'gated/model': { files: files(), gatedToken: 'secret' } });
});
afterAll(async () => {
  await hub.close();
  for (const d of tmp) rmSync(d, { recursive: true, force: true });
});
afterEach(() => {
  hub.log.length = 0;
});
// Vitest's deep equality walks typed arrays element by element (seconds for 0.5 MB).
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(a, b) === 0;
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'dust-sources-'));
  tmp.push(d);
  return d;
};

describe('Hub source', () => {
  test('loads a model: config, checkpoint check and tensors, with progress', async () => {
    const events: DownloadProgress[] = [];
    const src = hubSource(MODEL, { endpoint: hub.url, onProgress: (p) => events.push(p) });
    expect(src.id).toBe(`hub:${MODEL}@main`);
    const cfg = parseModelConfig(await src.json('config.json'));
    const w = await openWeights(src);
    checkWeights(w, cfg, src.id);
    const q = await w.readTensor('model.layers.0.self_attn.q_proj.weight');
    expect(q.shape).toEqual([128, 64]);
    const st = events.filter((e) => e.file === 'model.safetensors');
    const size = golden('model.safetensors').length;
    expect(st.at(-1)).toEqual({ file: 'model.safetensors', loaded: size, total: size, cached: false });
    for (let i = 1; i < st.length; i++) expect(st[i].loaded).toBeGreaterThanOrEqual(st[i - 1].loaded);
    expect(hub.log.map((l) => `${l.path.split('/').pop()} ${l.status}`)).toEqual(['config.json 200', 'model.safetensors.index.json 404', 'model.safetensors 200']);
    expect(await src.list!()).toEqual(['config.json', 'model.safetensors']);
  });

  test('a cache that refuses bytes (quota full) fails the download at once, with its own error', async () => {
    class QuotaFull extends Error {}
    const inner = memoryCache();
    let appends = 0;
    const cache = {
      ...inner,
      append: async () => {
        appends++;
        throw new QuotaFull('storage is full: delete a cached model');
      },
    };
    const src = hubSource(MODEL, { endpoint: hub.url, cache });
    hub.log.length = 0;
    await expect(src.file('model.safetensors')).rejects.toBeInstanceOf(QuotaFull);
    // No retries: one request for the file, one refused append.
    expect(hub.log.filter((l) => l.path.endsWith('model.safetensors')).length).toBe(1);
    expect(appends).toBe(1);
  });

  test('a missing optional file is null once the repo is known', async () => {
    const src = hubSource(MODEL, { endpoint: hub.url });
    expect(await src.file('generation_config.json')).toBeNull();
    expect(await src.text('config.json')).toContain('Qwen3ForCausalLM');
    expect(await src.file('chat_template.jinja')).toBeNull();
  });

  test('a plain 404 (no X-Error-Code, as from a static mirror) is "no such file" once the repo answered', async () => {
    const mirror = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> =>
      fetch(input, init).then((r) => (r.status === 404 ? new Response('Not Found', { status: 404 }) : r));
    const src = hubSource(MODEL, { endpoint: hub.url, fetch: mirror });
    await expect(src.file('generation_config.json')).rejects.toThrow(/Model "tiny\/qwen3" not found/);
    expect(await src.json('config.json')).toMatchObject({ model_type: 'qwen3' });
    expect(await src.file('generation_config.json')).toBeNull();
  });

  test('unknown model: a clear "not found / check the id" error', async () => {
    const src = hubSource('nobody/nothing', { endpoint: hub.url });
    await expect(src.json('config.json')).rejects.toThrow(/Model "nobody\/nothing" not found on http:\/\/127\.0\.0\.1:\d+ \(HTTP 404 for config\.json\): check the id and revision; gated or private models need an access token/);
    await expect(src.list!()).rejects.toThrow(HubError);
  });

  test('gated model needs a token; wrong revision and bad ids are named', async () => {
    await expect(hubSource('gated/model', { endpoint: hub.url }).file('config.json')).rejects.toThrow(/gated: accept its license .* access token/);
    expect(await hubSource('gated/model', { endpoint: hub.url, token: 'secret' }).json('config.json')).toMatchObject({ model_type: 'qwen3' });
    await expect(hubSource(MODEL, { endpoint: hub.url, revision: 'v9' }).file('config.json')).rejects.toThrow(/revision "v9" not found/);
    expect(() => hubSource('../etc/passwd', { endpoint: hub.url })).toThrow(/not a valid Hub model id; use the form "owner\/name"/);
  });

  test('offline and not cached: says so and what to do', async () => {
    const src = hubSource(MODEL, { endpoint: 'http://127.0.0.1:9' });
    await expect(src.file('config.json')).rejects.toThrow(/Cannot reach http:\/\/127\.0\.0\.1:9 to download config\.json of tiny\/qwen3 \(.*\), and it is not in the cache\. Connect to the network once/);
  });

  test('cached files work offline, without any request', async () => {
    const cache = memoryCache();
    const online = hubSource(MODEL, { endpoint: hub.url, cache });
    await openWeights(online);
    await online.json('config.json');
    const n = hub.log.length;
    // Same endpoint string (the cache key includes it), but fetch now fails like an offline browser.
    const offline = hubSource(MODEL, { endpoint: hub.url, cache, fetch: () => Promise.reject(new TypeError('fetch failed')) });
    const events: DownloadProgress[] = [];
    const again = hubSource(MODEL, { endpoint: hub.url, cache, fetch: () => Promise.reject(new TypeError('fetch failed')), onProgress: (p) => events.push(p) });
    expect(parseModelConfig(await offline.json('config.json')).headDim).toBe(32);
    const w = await openWeights(again);
    expect((await w.readTensor('model.norm.weight')).shape).toEqual([64]);
    expect(events.find((e) => e.file === 'model.safetensors')?.cached).toBe(true);
    expect(hub.log.length).toBe(n);
    // A file never fetched while online is reported clearly.
    await expect(offline.file('tokenizer.json')).rejects.toThrow(/not in the cache/);
  });

  test('a dropped connection is resumed with a Range request (same call)', async () => {
    const size = golden('model.safetensors').length;
    hub.dropNext('model.safetensors', 100_000, 2);
    const src = hubSource(MODEL, { endpoint: hub.url });
    const bytes = await readAll((await src.file('model.safetensors'))!);
    expect(same(bytes, golden('model.safetensors'))).toBe(true);
    const reqs = hub.log.filter((l) => l.path.endsWith('/model.safetensors'));
    expect(reqs.map((r) => [r.range ?? null, r.status])).toEqual([
      [null, 200],
      ['bytes=100000-', 206],
      ['bytes=200000-', 206],
    ]);
    expect(size).toBeGreaterThan(200_000);
  });

  test('gives up after the retries, keeps the partial bytes, and a later call resumes', async () => {
    const dir = tempDir();
    hub.dropNext('model.safetensors', 150_000, 1);
    const first = hubSource(MODEL, { endpoint: hub.url, cache: nodeDirCache(dir), retries: 0 });
    await expect(first.file('model.safetensors')).rejects.toThrow(/downloading model\.safetensors was interrupted 1 times .*; 150000 bytes are kept and the download resumes from there/);
    // A new source over the same cache folder (as after a restart) continues from byte 150000.
    const events: DownloadProgress[] = [];
    const second = hubSource(MODEL, { endpoint: hub.url, cache: nodeDirCache(dir), onProgress: (p) => events.push(p) });
    const bytes = await readAll((await second.file('model.safetensors'))!);
    expect(same(bytes, golden('model.safetensors'))).toBe(true);
    expect(hub.log.filter((l) => l.path.endsWith('/model.safetensors')).map((l) => l.range ?? null)).toEqual([null, 'bytes=150000-']);
    expect(events[0].loaded).toBe(150_000);
  });

  test('a file that changed since the partial download restarts from zero', async () => {
    const cache = memoryCache();
    hub.dropNext('model.safetensors', 50_000, 1);
    await expect(hubSource(MODEL, { endpoint: hub.url, cache, retries: 0 }).file('model.safetensors')).rejects.toThrow(/interrupted/);
    const changed = golden('model.safetensors').slice();
    changed[changed.length - 1] ^= 0xff;
    hub.repos.get(MODEL)!.files['model.safetensors'] = changed;
    try {
      const bytes = await readAll((await hubSource(MODEL, { endpoint: hub.url, cache }).file('model.safetensors'))!);
      expect(same(bytes, changed)).toBe(true);
      // The tail came with another ETag, so it was dropped and the whole file fetched again.
      expect(hub.log.slice(-2).map((l) => [l.range ?? null, l.status])).toEqual([
        ['bytes=50000-', 206],
        [null, 200],
      ]);
    } finally {
      hub.repos.get(MODEL)!.files['model.safetensors'] = golden('model.safetensors');
    }
  });

  test('an empty file downloads and caches', async () => {
    hub.repos.get(MODEL)!.files['empty.txt'] = new Uint8Array(0);
    try {
      const cache = nodeDirCache(tempDir());
      const f = await hubSource(MODEL, { endpoint: hub.url, cache }).file('empty.txt');
      expect(await f!.size()).toBe(0);
      expect(await cache.get(`hub/${hub.url.replace(/[^\w.-]+/g, '_')}/${MODEL}/main/empty.txt`)).not.toBeNull();
    } finally {
      delete hub.repos.get(MODEL)!.files['empty.txt'];
    }
  });

  test('concurrent requests for one file share a download', async () => {
    const src = hubSource(MODEL, { endpoint: hub.url });
    const [a, b] = await Promise.all([src.file('model.safetensors'), src.file('model.safetensors')]);
    expect(same(await readAll(a!), await readAll(b!))).toBe(true);
    expect(hub.log.filter((l) => l.path.endsWith('/model.safetensors')).length).toBe(1);
  });
});

describe('local folders', () => {
  test('Node directory: files, nested names, list, and no escaping the folder', async () => {
    const dir = tempDir();
    for (const [n, b] of Object.entries(files())) writeFileSync(join(dir, n), b);
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'x.txt'), 'hi');
    const src = nodeDirSource(dir);
    expect(await src.list!()).toEqual(['config.json', 'model.safetensors', 'sub/x.txt']);
    expect(await src.text('sub/x.txt')).toBe('hi');
    expect(await src.file('missing.json')).toBeNull();
    await expect(src.file('../etc/passwd')).rejects.toThrow(/outside the model folder/);
    const w = await openWeights(src);
    checkWeights(w, parseModelConfig(await src.json('config.json')), src.id);
    expect((await w.readTensor('model.embed_tokens.weight')).shape).toEqual([288, 64]);
  });

  test('browser FileList (webkitdirectory) strips the picked folder name', async () => {
    const mk = (name: string, body: Uint8Array<ArrayBuffer>) => {
      const f = new File([body], name.split('/').pop()!);
      Object.defineProperty(f, 'webkitRelativePath', { value: name });
      return f;
    };
    const src = folderSource(Object.entries(files()).map(([n, b]) => mk(`Qwen3-tiny/${n}`, b)));
    expect(src.id).toBe('folder:Qwen3-tiny');
    expect(await src.list!()).toEqual(['config.json', 'model.safetensors']);
    const w = await openWeights(src);
    checkWeights(w, parseModelConfig(await src.json('config.json')), src.id);
    expect(await src.file('tokenizer.json')).toBeNull();
  });

  test('a corrupted config.json is named', async () => {
    const src = folderSource([new File(['{"model_type": '], 'config.json')], 'folder:x');
    await expect(src.json('config.json')).rejects.toThrow(/folder:x: config\.json is not valid JSON/);
  });
});
