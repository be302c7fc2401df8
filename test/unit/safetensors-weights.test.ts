import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseModelConfig } from '../../src/model/config';
import { readSafetensors, SafetensorsError, writeSafetensors, type StWriteTensor } from '../../src/model/safetensors';
import { openSafetensors } from '../../src/model/safetensors-stream';
import { writeSafetensorsStream } from '../../src/model/safetensors-write-stream';
import { bytesSource, type ByteSource } from '../../src/model/sources/byte-source';
import { ModelFileError, modelSource, type ModelSource } from '../../src/model/sources/model-source';
import { checkWeights, openModelWeights, openWeights } from '../../src/model/weights';
import { checkTensorShapes, expectedTensorShapes, WeightsError } from '../../src/model/weights-shapes';

const fixture = (p: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../fixtures/${p}`, import.meta.url)));
const config = (arch: string) => parseModelConfig(JSON.parse(new TextDecoder().decode(fixture(`golden/${arch}/config.json`))));

function memSource(files: Record<string, Uint8Array | string>, id = 'mem'): ModelSource {
  return modelSource({
    id,
    file: async (n) => {
      const f = files[n];
      if (f === undefined) return null;
      return bytesSource(typeof f === 'string' ? new TextEncoder().encode(f) : f);
    },
    list: async () => Object.keys(files),
  });
}

// Vitest's deep equality walks typed arrays element by element, which is slow for big ones.
const sameF32 = (a: Float32Array, b: Float32Array): boolean => a.length === b.length && Buffer.compare(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), new Uint8Array(b.buffer, b.byteOffset, b.byteLength)) === 0;

function counting(src: ByteSource): ByteSource & { bytesRead: number } {
  const c = {
    bytesRead: 0,
    size: () => src.size(),
    read: async (o: number, n: number) => {
      const b = await src.read(o, n);
      c.bytesRead += b.length;
      return b;
    },
  };
  return c;
}

describe('streamed reader', () => {
  test('reads only the header and the tensor asked for', async () => {
    const bytes = fixture('golden/qwen3/model.safetensors');
    const src = counting(bytesSource(bytes));
    const f = await openSafetensors(src, 'model.safetensors');
    const headerBytes = f.header.dataOffset;
    expect(src.bytesRead).toBe(headerBytes);
    const t = await f.readTensor('model.layers.1.mlp.down_proj.weight');
    expect(t.shape).toEqual([64, 128]);
    expect(src.bytesRead).toBe(headerBytes + 64 * 128 * 4);
    const whole = readSafetensors(bytes).get('model.layers.1.mlp.down_proj.weight')!;
    expect(sameF32(t.data, whole.data)).toBe(true);
    const raw = await f.readRaw('model.norm.weight');
    expect(raw.length).toBe(64 * 4);
  });

  test('keeps f16 bytes raw and converts on readTensor', async () => {
    const data = new Float32Array([1, -2, 0.5, 1024]);
    const f = await openSafetensors(bytesSource(writeSafetensors([{ name: 'h', shape: [4], dtype: 'F16', data }])), 'h.st');
    expect(Array.from(new Uint16Array((await f.readRaw('h')).slice().buffer))).toEqual([0x3c00, 0xc000, 0x3800, 0x6400]);
    expect(Array.from((await f.readTensor('h')).data)).toEqual([1, -2, 0.5, 1024]);
  });

  test('a truncated source is reported with the file and tensor', async () => {
    const bytes = fixture('golden/llama/model.safetensors');
    const header = await openSafetensors(bytesSource(bytes), 'x');
    const last = [...header.header.tensors.values()].sort((a, b) => b.end - a.end)[0];
    // Cut the data short: the header check catches it before any tensor read.
    await expect(openSafetensors(bytesSource(bytes.subarray(0, bytes.length - 10)), 'model.safetensors')).rejects.toThrow(
      new RegExp(`model\\.safetensors, tensor "${last.name.replace(/\./g, '\\.')}": data ends at byte .* truncated`),
    );
    // A source that claims the full size but then delivers short reads.
    const lying: ByteSource = { size: async () => bytes.length, read: async (o, n) => bytes.subarray(o, Math.min(o + n, bytes.length - 10)) };
    const f = await openSafetensors(lying, 'model.safetensors');
    await expect(f.readTensor(last.name)).rejects.toThrow(SafetensorsError);
    await expect(f.readTensor(last.name)).rejects.toThrow(/read \d+ of \d+ bytes; the file is truncated/);
    await expect(f.readTensor('nope')).rejects.toThrow(/has no tensor "nope"/);
  });
});

describe('expected tensors vs config', () => {
  test.each(['llama', 'qwen2', 'qwen3'])('%s golden checkpoint matches its config exactly', (arch) => {
    const cfg = config(arch);
    const t = readSafetensors(fixture(`golden/${arch}/model.safetensors`));
    const expected = expectedTensorShapes(cfg);
    expect(new Set(t.keys())).toEqual(new Set(expected.keys()));
    for (const [n, s] of expected) expect(t.get(n)!.shape).toEqual(s);
  });

  const shapes = (arch: string) => new Map([...readSafetensors(fixture(`golden/${arch}/model.safetensors`))].map(([n, t]) => [n, t.shape]));
  test('missing tensor', () => {
    const s = shapes('qwen2');
    s.delete('model.layers.1.self_attn.k_proj.bias');
    expect(() => checkTensorShapes(s, config('qwen2'), 'ckpt')).toThrow(/ckpt: tensor "model\.layers\.1\.self_attn\.k_proj\.bias" is missing; the checkpoint does not match config\.json \(qwen2, 2 layers\)/);
  });
  test('misshaped tensor', () => {
    const s = shapes('qwen3');
    s.set('model.layers.0.self_attn.q_proj.weight', [64, 64]);
    let err: unknown;
    try { checkTensorShapes(s, config('qwen3'), 'ckpt'); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(WeightsError);
    expect((err as WeightsError).tensor).toBe('model.layers.0.self_attn.q_proj.weight');
    expect((err as Error).message).toMatch(/has shape \[64, 64\] but config\.json implies \[128, 64\]/);
  });
  test('config with fewer layers than the checkpoint', () => {
    const cfg = { ...config('llama'), layers: 1 };
    expect(() => checkTensorShapes(shapes('llama'), cfg, 'ckpt')).toThrow(/unexpected tensor "model\.layers\.1\.[a-z_.]+" for a llama model with 1 layers/);
  });
  test('a tied checkpoint that also stores lm_head is accepted, rotary caches ignored', () => {
    const s = shapes('llama');
    s.set('lm_head.weight', [320, 64]);
    s.set('model.layers.0.self_attn.rotary_emb.inv_freq', [8]);
    expect(checkTensorShapes(s, config('llama'), 'ckpt').ignored.sort()).toEqual(['lm_head.weight', 'model.layers.0.self_attn.rotary_emb.inv_freq']);
  });
});

describe('single and sharded checkpoints', () => {
  function shard(tensors: Map<string, { shape: number[]; data: Float32Array }>, names: string[]): Uint8Array {
    const list: StWriteTensor[] = names.map((name) => ({ name, dtype: 'F32', ...tensors.get(name)! }));
    return writeSafetensors(list, { format: 'pt' });
  }
  const golden = () => readSafetensors(fixture('golden/qwen2/model.safetensors'));

  test('single file', async () => {
    const w = await openWeights(memSource({ 'model.safetensors': fixture('golden/qwen2/model.safetensors') }));
    expect(checkWeights(w, config('qwen2'), 'mem').ignored).toEqual([]);
    expect(sameF32((await w.readTensor('lm_head.weight')).data, golden().get('lm_head.weight')!.data)).toBe(true);
  });

  test('sharded by model.safetensors.index.json', async () => {
    const t = golden();
    const names = [...t.keys()];
    const a = names.slice(0, 10);
    const b = names.slice(10);
    const index = { metadata: { total_size: 0 }, weight_map: Object.fromEntries([...a.map((n) => [n, 'model-00001-of-00002.safetensors']), ...b.map((n) => [n, 'model-00002-of-00002.safetensors'])]) };
    const src = memSource({
      'model.safetensors.index.json': JSON.stringify(index),
      'model-00001-of-00002.safetensors': shard(t, a),
      'model-00002-of-00002.safetensors': shard(t, b),
    });
    const w = await openWeights(src);
    expect(w.files.map((f) => f.fileName)).toEqual(['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors']);
    checkWeights(w, config('qwen2'), src.id);
    for (const n of names) expect(sameF32((await w.readTensor(n)).data, t.get(n)!.data), n).toBe(true);
    expect(w.tensors.get(b[0])!.file.fileName).toBe('model-00002-of-00002.safetensors');
  });

  test('index errors name the shard and tensor', async () => {
    const t = golden();
    const names = [...t.keys()];
    const one = shard(t, names);
    const idx = (wm: Record<string, string>) => JSON.stringify({ weight_map: wm });
    await expect(openWeights(memSource({ 'model.safetensors.index.json': idx({ x: 'model-1.safetensors' }) }, 'repo'))).rejects.toThrow(
      /repo: shard "model-1\.safetensors" listed in model\.safetensors\.index\.json is missing/,
    );
    await expect(openWeights(memSource({ 'model.safetensors.index.json': idx({ ghost: 's.safetensors' }), 's.safetensors': one }, 'repo'))).rejects.toThrow(
      /maps tensor "ghost" to s\.safetensors, but s\.safetensors does not contain it/,
    );
    await expect(
      openWeights(memSource({ 'model.safetensors.index.json': idx({ [names[0]]: 'a.safetensors', [names[1]]: 'b.safetensors' }), 'a.safetensors': one, 'b.safetensors': one }, 'repo')),
    ).rejects.toThrow(/appears in both a\.safetensors and b\.safetensors/);
    await expect(openWeights(memSource({ 'model.safetensors.index.json': '{"weights": {}}' }, 'repo'))).rejects.toThrow(/has no "weight_map" object/);
    await expect(openWeights(memSource({ 'model.safetensors.index.json': '{"weight_map": ' }, 'repo'))).rejects.toThrow(ModelFileError);
    await expect(openWeights(memSource({ 'pytorch_model.bin': new Uint8Array(8) }, 'repo'))).rejects.toThrow(/repo: no model\.safetensors or model\.safetensors\.index\.json; only safetensors/);
  });
});

describe('openModelWeights', () => {
  const files = (arch: string) => ({ 'config.json': fixture(`golden/${arch}/config.json`), 'model.safetensors': fixture(`golden/${arch}/model.safetensors`) });
  test('config parsed, checkpoint opened and checked', async () => {
    const { config: cfg, weights, ignored } = await openModelWeights(memSource(files('qwen3')));
    expect(cfg.headDim).toBe(32);
    expect(weights.tensors.size).toBe(expectedTensorShapes(cfg).size);
    expect(ignored).toEqual([]);
  });
  test('a checkpoint for another config is refused, naming the source and tensor', async () => {
    const mixed = { ...files('qwen3'), 'config.json': fixture('golden/llama/config.json') };
    await expect(openModelWeights(memSource(mixed, 'mixed'))).rejects.toThrow(/mixed: tensor "model\.embed_tokens\.weight" has shape \[288, 64\] but config\.json implies \[320, 64\]/);
  });
  test('no config.json, or an unsupported one', async () => {
    await expect(openModelWeights(memSource({ 'model.safetensors': fixture('golden/qwen3/model.safetensors') }, 'bare'))).rejects.toThrow(/bare: no config\.json/);
    await expect(openModelWeights(memSource({ 'config.json': '{"model_type": "gpt2"}' }, 'gpt'))).rejects.toThrow(/gpt: config\.json: model_type "gpt2" is not supported/);
  });
});

describe('streamed writer', () => {
  test('produces the same bytes as the in-memory writer, fetching data one tensor at a time', async () => {
    const t = readSafetensors(fixture('golden/qwen3/model.safetensors'));
    const list = [...t].map(([name, v], i) => ({ name, shape: v.shape, dtype: (i % 3 === 0 ? 'BF16' : i % 3 === 1 ? 'F16' : 'F32') as 'F32' | 'F16' | 'BF16', data: v.data }));
    const whole = writeSafetensors(list, { format: 'pt' });
    const chunks: Uint8Array[] = [];
    const fetched: string[] = [];
    const size = await writeSafetensorsStream(
      list.map((x) => ({ ...x, data: async () => (fetched.push(x.name), x.data) })),
      async (c) => void chunks.push(c.slice()),
      { format: 'pt' },
    );
    expect(size).toBe(whole.length);
    expect(Buffer.compare(Buffer.concat(chunks), whole)).toBe(0);
    expect(chunks.length).toBe(list.length + 1);
    expect(new Set(fetched)).toEqual(new Set(list.map((x) => x.name)));
    const back = await openSafetensors(bytesSource(whole), 'x');
    expect(back.header.tensors.get(list[0].name)!.dtype).toBe('BF16');
  });
  test('a tensor whose data does not match its shape is named', async () => {
    await expect(writeSafetensorsStream([{ name: 'w', shape: [2, 2], dtype: 'F32', data: () => new Float32Array(3) }], () => {})).rejects.toThrow(/tensor "w": shape \[2, 2\] has 4 elements but data has 3/);
  });
});
