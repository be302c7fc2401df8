// train:toy's checkpoint file (scripts/toy-checkpoint.ts): what the run writes is what resume
// reads, and the probe reads it as the model folder the weights make.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { readAll } from '../../src/model/sources/byte-source';
import { readSafetensors } from '../../src/model/safetensors';
import { TOY_RECIPE, type ToyCheckpoint } from '../../src/toy/pretrain';
import { nodeDirSource } from '../../src/host/node-files';
import { loadTokenizer } from '../../src/tokenizer/tokenizer';
import { readToyCheckpoint, toyCheckpointBytes, toyCheckpointSource, writeToyCheckpointFolder } from '../../scripts/toy-checkpoint';

const dir = new URL('../../public/models/dust-toy/', import.meta.url).pathname;
const modelFile = `${dir}model.safetensors`;
const committed = readSafetensors(new Uint8Array(readFileSync(modelFile)), modelFile);
const tmp = mkdtempSync(join(tmpdir(), 'toy-ckpt-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const weights = new Map([...committed].map(([n, t]) => [n, t.data]));
const moment = (k: number) => new Map([...weights].map(([n, w]) => [n, w.map((x, i) => x * k + i * 1e-7)]));
const ckpt: ToyCheckpoint = { step: 7, weights, m: moment(0.5), v: moment(0.25) };
const log = { steps: [{ step: 1, loss: 6.2 }], finished: false };

test('written and read back: step, weights, moments, recipe and log', () => {
  const back = readToyCheckpoint(toyCheckpointBytes(ckpt, TOY_RECIPE, log), 'ckpt');
  expect(back.ckpt.step).toBe(7);
  expect(JSON.parse(back.recipeJson)).toEqual(TOY_RECIPE);
  expect(back.log).toEqual(log);
  for (const key of ['weights', 'm', 'v'] as const) {
    expect([...back.ckpt[key].keys()].sort()).toEqual([...ckpt[key].keys()].sort());
    for (const [n, w] of ckpt[key]) expect(back.ckpt[key].get(n)).toEqual(w);
  }
});

test('read as a model folder: the committed config, the weights in their HF shapes, the toy tokenizer', async () => {
  const file = join(tmp, 'train-checkpoint.safetensors');
  writeFileSync(file, toyCheckpointBytes(ckpt, TOY_RECIPE, log));
  const { source, step } = toyCheckpointSource(file);
  expect(step).toBe(7);
  expect(await source.json('config.json')).toEqual(JSON.parse(readFileSync(`${dir}config.json`, 'utf8')));
  const st = await source.file('model.safetensors');
  const tensors = readSafetensors(await readAll(st!), 'probe view');
  expect(tensors.size).toBe(committed.size);
  for (const [n, t] of committed) {
    expect(tensors.get(n)!.shape).toEqual(t.shape);
    expect(tensors.get(n)!.data).toEqual(t.data);
  }
  expect(await source.text('tokenizer.json')).toBe(readFileSync(`${dir}tokenizer.json`, 'utf8'));
  expect(await source.file('generation_config.json')).toBeNull();
});

test('exported as a model folder (toy:export): the committed config, weights, generation config and tokenizer', async () => {
  const file = join(tmp, 'export-checkpoint.safetensors');
  writeFileSync(file, toyCheckpointBytes(ckpt, TOY_RECIPE, log));
  const out = join(tmp, 'exported');
  expect(await writeToyCheckpointFolder(file, out)).toBe(7);
  for (const f of ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json']) {
    expect(JSON.parse(readFileSync(join(out, f), 'utf8'))).toEqual(JSON.parse(readFileSync(`${dir}${f}`, 'utf8')));
  }
  const tensors = readSafetensors(new Uint8Array(readFileSync(join(out, 'model.safetensors'))), 'exported');
  for (const [n, t] of committed) expect(tensors.get(n)!.data).toEqual(t.data);
  // the folder loads as a model folder does: its tokenizer and chat template work
  const tok = await loadTokenizer(nodeDirSource(out));
  expect(tok.decode(tok.encode('function f(a) { return a; }'))).toBe('function f(a) { return a; }');
});

test('a file that is not a train:toy checkpoint is refused by name', () => {
  expect(() => toyCheckpointSource(modelFile)).toThrow(/model\.safetensors: not a train:toy checkpoint \(no step, recipe and log in its metadata\)/);
});
