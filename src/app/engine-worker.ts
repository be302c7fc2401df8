// Browser host entry for the engine: a dedicated worker that owns the WebGPU device, the
// sandbox pool and the stores, so long GPU work never blocks the page. Exposed to the page
// through comlink (engine-api.ts).
import * as Comlink from 'comlink';
import { createGpuContext, type GpuContext } from '../gpu';
import { runKernelSelfTest } from '../kernels/selftest';
import { resolveConfig } from '../dust/config';
import { parseModelConfig } from '../model/config';
import { readAll } from '../model/sources/byte-source';
import { loadProblemFile } from '../problems/load';
import { checkpointBlob, checkpointFileName, importCheckpoint } from '../store/checkpoint-file';
import { blobSource } from '../model/sources/byte-source';
import { deleteRun as deleteStoredRun, idbRunStore } from '../store/idb-run-folder';
import { countParameters } from '../train/memory-plan';
import { messageOf } from '../util/errors';
import { splitProblems } from '../dust/problem-split';
import { DEFAULT_CONFIG } from '../dust/config';
import type { AdapterReport, CheckpointInfoRow, EngineApi, EngineUnavailable, ImportResult, ProblemSetInfo } from './engine-api';
import { memoryVerdict } from './worker-memory';
import * as runs from './worker-runs';
import { IMPORT_PREFIX, isFolderOpen, modelSourceFor, problemSetFor, registerFolder, saveImportedSet, stores } from './worker-host';

let ctx: GpuContext | undefined;

function needCtx(): GpuContext {
  if (!ctx) throw new Error('the GPU is not initialised (init() first)');
  return ctx;
}

const row = (c: { id: string; run: string; step: number; createdAt: string; bytes: number; problem?: string }): CheckpointInfoRow => ({
  id: c.id,
  run: c.run,
  step: c.step,
  createdAt: c.createdAt,
  bytes: c.bytes,
  ...(c.problem ? { problem: c.problem } : {}),
});

function splitInfo(name: string, problems: Parameters<typeof splitProblems>[0], doc?: unknown): ProblemSetInfo {
  let train = 0;
  let evalN = 0;
  let split: 'field' | 'hash' = problems.some((p) => p.split === 'eval') ? 'field' : 'hash';
  try {
    const cfg = doc ? resolveConfig(doc) : { ...DEFAULT_CONFIG, problems: { ...DEFAULT_CONFIG.problems, split } };
    split = cfg.problems.split;
    const s = splitProblems(problems, cfg as typeof DEFAULT_CONFIG);
    train = s.train.length;
    evalN = s.eval.length;
  } catch {
    train = problems.filter((p) => p.split !== 'eval').length;
    evalN = problems.length - train;
  }
  return { name, problems: problems.length, train, eval: evalN, split };
}

const api: EngineApi = {
  async init(): Promise<AdapterReport | EngineUnavailable> {
    try {
      ctx ??= await createGpuContext((self.navigator as Navigator & { gpu?: GPU }).gpu);
    } catch (e) {
      const err = e as Error & { reason?: string };
      return { error: err.message, reason: err.reason };
    }
    const a = ctx.adapter;
    return {
      summary: a.summary,
      vendor: a.vendor,
      architecture: a.architecture,
      description: a.description,
      isFallbackAdapter: a.isFallbackAdapter,
      features: { ...ctx.features },
      limits: { ...ctx.limits },
    };
  },
  async watchDevice(onLost) {
    // Without this the page learns of a lost device only from its next GPU call.
    void needCtx().lost.then((e) => onLost(e.message));
  },
  async selfTest(onProgress) {
    return runKernelSelfTest(needCtx(), onProgress);
  },

  async memoryPlan(doc) {
    return memoryVerdict(needCtx(), doc);
  },
  async probeModel(modelId) {
    const src = modelSourceFor(modelId);
    const config = await src.json('config.json');
    if (config === null) throw new Error(`${src.id} has no config.json`);
    const m = parseModelConfig(config);
    const names = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];
    // Weights are read whole only for models that are already local (toy, folder).
    if (!modelId.includes('/') || modelId.startsWith('folder:')) names.push('model.safetensors');
    const files: { name: string; bytes: number }[] = [];
    for (const n of names) {
      const f = await src.file(n);
      if (f) files.push({ name: n, bytes: (await readAll(f)).length });
    }
    return { id: src.id, parameters: countParameters(m), layers: m.layers, hidden: m.hidden, vocab: m.vocabSize, files };
  },
  async setLocalFolder(folder) {
    return registerFolder(folder);
  },
  async localFolderOpen(id) {
    return isFolderOpen(id);
  },
  async importProblems(name, bytes): Promise<ImportResult> {
    try {
      const set = await loadProblemFile(bytes, 'auto', name);
      const clean = name.replace(/[^\w.-]+/g, '_');
      await saveImportedSet(clean, set);
      return { ok: true, info: splitInfo(`${IMPORT_PREFIX}${clean}`, set.problems), errors: [] };
    } catch (e) {
      // ProblemFormatError lists one line per problem and field after its first line.
      const lines = messageOf(e).split('\n').map((l) => l.trim()).filter(Boolean);
      return { ok: false, errors: lines.length > 1 ? lines.slice(1) : lines };
    }
  },
  async problemSetInfo(doc) {
    const d = doc as { problems?: { set?: string; format?: 'auto' } };
    const name = d.problems?.set ?? 'builtin';
    const set = await problemSetFor(name, d.problems?.format ?? 'auto');
    return splitInfo(name, set.problems, doc);
  },

  async startRun(doc, onEvent) {
    return runs.startRun(needCtx(), doc, onEvent);
  },
  async resumeRun(id, onEvent) {
    return runs.resumeRun(needCtx(), id, onEvent);
  },
  async stopRun(how) {
    runs.stopRun(how);
  },
  async activeRun() {
    return runs.activeRun();
  },
  async listen(l) {
    runs.listen(l);
  },
  async listRuns() {
    return runs.listRuns();
  },
  async readRunFile(id, name) {
    return idbRunStore(id).read(name);
  },
  async readRunBytes(id, name) {
    const b = await idbRunStore(id).readBytes(name);
    return b ? new Blob([b as BlobPart]) : null;
  },
  async runEvents(id) {
    return runs.runEvents(id);
  },
  async deleteRun(id) {
    if (runs.activeRun()?.id === id) throw new Error('this run is in progress: stop it first');
    await deleteStoredRun(id);
  },
  async runProblems(id) {
    const cfg = await runs.runConfig(id);
    const set = await problemSetFor(cfg.problems.set, cfg.problems.format);
    return set.problems.map((p) => ({ id: p.id, title: p.title, statement: p.statement }));
  },

  async checkpoints() {
    return (await stores().checkpoints.list()).map(row);
  },
  async exportCheckpoint(id) {
    const store = stores().checkpoints;
    const m = await store.manifest(id);
    return { name: checkpointFileName(m), blob: await checkpointBlob(store, id) };
  },
  async importCheckpoint(file) {
    return row(await importCheckpoint(stores().checkpoints, blobSource(file), file.name));
  },
  async deleteCheckpoint(id) {
    await stores().checkpoints.remove(id);
  },
  async cachedModels() {
    return (await stores().models.models()).map((m) => ({ id: m.id, prefix: m.prefix, bytes: m.bytes, files: m.files.length, partial: m.files.some((f) => f.partial) }));
  },
  async deleteCachedModel(prefix) {
    await stores().models.deleteModel(prefix);
  },
  async storageEstimate() {
    const e = await navigator.storage?.estimate?.();
    const persisted = (await navigator.storage?.persisted?.()) ?? false;
    return { usage: e?.usage ?? 0, quota: e?.quota ?? 0, persisted };
  },
};

Comlink.expose(api);
