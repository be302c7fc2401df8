// The browser's PipelineHost, built inside the engine worker: the GPU context, model
// folders by id ("dust-toy" → the app's own files, "owner/name" → the Hub through the
// IndexedDB model cache, "folder:<name>" → a folder the user picked), problem sets
// ("builtin", "toy", "import:<name>" → a file the user imported, kept in IndexedDB), a
// sandbox pool of Web Workers, the run folder and the checkpoint store in IndexedDB.
import { get, set } from 'idb-keyval';
import type { GpuContext } from '../gpu';
import { sandboxLimits, type RunConfig } from '../dust/config';
import type { PipelineHost } from '../dust/pipeline-host';
import { splitProblems } from '../dust/problem-split';
import { isNamedProblemSet, namedProblemSet } from '../dust/problem-sets';
import { folderSource } from '../model/sources/browser-folder';
import { hubSource, type DownloadProgress } from '../model/sources/hub';
import type { ModelSource } from '../model/sources/model-source';
import { urlFolderSource } from '../model/sources/url-folder';
import { loadProblemFile } from '../problems/load';
import type { Problem, ProblemSet } from '../problems/schema';
import { SandboxPool } from '../sandbox/pool';
import { openBrowserStore, type BrowserStore } from '../store/browser-store';
import { openIdbStore } from '../store/idb';
import { idbRunStore } from '../store/idb-run-folder';
import { TOY_MODEL_ID } from './models';

export const IMPORT_PREFIX = 'import:';
export const FOLDER_PREFIX = 'folder:';

let browserStore: BrowserStore | null = null;
export function stores(): BrowserStore {
  if (!browserStore) {
    browserStore = openBrowserStore();
    // A tab killed mid-write leaves invisible partial checkpoints: clear old ones at start.
    browserStore.checkpoints.collectGarbage().catch(() => undefined);
  }
  return browserStore;
}

const folders = new Map<string, ModelSource>();

/** Registers a picked folder; returns the id a config names it by. */
export function registerFolder(folder: FileSystemDirectoryHandle | File[]): string {
  const name = 'kind' in folder ? folder.name : ((folder[0] as File & { webkitRelativePath?: string })?.webkitRelativePath?.split('/')[0] ?? 'folder');
  const id = `${FOLDER_PREFIX}${name}`;
  folders.set(id, folderSource(folder, id));
  return id;
}

/** Whether a picked folder is registered in this worker (it is not after a reload). */
export function isFolderOpen(id: string): boolean {
  return folders.has(id);
}

/** The model folder a config's model.id names. */
export function modelSourceFor(id: string, revision = 'main', onProgress?: (p: DownloadProgress) => void): ModelSource {
  if (id === TOY_MODEL_ID) return urlFolderSource(`${import.meta.env.BASE_URL}models/dust-toy/`, { id: 'dust-toy (built in)' });
  if (id.startsWith(FOLDER_PREFIX)) {
    const src = folders.get(id);
    if (!src) {
      const name = id.slice(FOLDER_PREFIX.length);
      throw new Error(`the local folder "${name}" is not open in this tab (browsers ask again after a reload): press "Reopen ${name}" in Setup, or choose the folder again`);
    }
    return src;
  }
  return hubSource(id, { revision, cache: stores().models, ...(onProgress ? { onProgress } : {}) });
}

// Imported problem sets, by name, in their own small database.
const problemDb = openIdbStore('dust-problem-sets');

export async function saveImportedSet(name: string, problems: ProblemSet): Promise<void> {
  await set(name, problems, problemDb.use);
}

async function importedSet(name: string): Promise<ProblemSet> {
  const s = (await get(name, problemDb.use)) as ProblemSet | undefined;
  if (!s) throw new Error(`the imported problem set "${name}" is not stored in this browser: import the file again in Setup`);
  return s;
}

/** The whole problem set a config names. */
export async function problemSetFor(setName: string, format: RunConfig['problems']['format'] = 'auto'): Promise<ProblemSet> {
  if (isNamedProblemSet(setName)) return namedProblemSet(setName);
  if (setName.startsWith(IMPORT_PREFIX)) return importedSet(setName.slice(IMPORT_PREFIX.length));
  if (/^https?:\/\//.test(setName)) {
    const res = await fetch(setName);
    if (!res.ok) throw new Error(`problem set ${setName}: HTTP ${res.status}`);
    return loadProblemFile(new Uint8Array(await res.arrayBuffer()), format, setName);
  }
  throw new Error(`problems.set "${setName}": use "builtin", "toy", or import a file in Setup`);
}

export async function problemsFor(cfg: RunConfig): Promise<{ train: Problem[]; eval: Problem[] }> {
  return splitProblems((await problemSetFor(cfg.problems.set, cfg.problems.format)).problems, cfg);
}

/** The host for one run; `close` ends its sandbox pool. */
export async function createBrowserHost(ctx: GpuContext, runId: string, cfg: RunConfig, onDownload?: (p: DownloadProgress) => void): Promise<PipelineHost & { close(): Promise<void> }> {
  const pool = await SandboxPool.create({
    ...(cfg.sandbox.workers ? { workers: cfg.sandbox.workers } : {}),
    limits: sandboxLimits(cfg.sandbox),
  });
  return {
    ctx,
    modelSource: async (c) => modelSourceFor(c.model.id, c.model.revision, onDownload),
    problems: problemsFor,
    pool,
    store: idbRunStore(runId),
    runId,
    checkpoints: stores().checkpoints,
    close: () => pool.close(),
  };
}
