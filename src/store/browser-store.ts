// The browser's storage in one place: checkpoints and the model cache, each quota message
// listing what both hold, persistence requested once, and the space estimate.
import type { CheckpointStore, CheckpointStoreOptions } from './checkpoint-store';
import { idbCheckpointStore } from './idb-checkpoints';
import { idbModelCache, type IdbModelCache, type IdbModelCacheOptions } from './idb-model-cache';
import { browserEstimate, requestPersistence, type Deletable, type EstimateFn, type SpaceEstimate } from './quota';

export interface BrowserStore {
  checkpoints: CheckpointStore;
  models: IdbModelCache;
  /** Everything that could be deleted, largest first. */
  inventory(): Promise<Deletable[]>;
  estimate(): Promise<SpaceEstimate | null>;
  /** navigator.storage.persist(); true when the browser keeps our data under storage pressure. */
  persisted: Promise<boolean>;
}

export interface BrowserStoreOptions {
  checkpoints?: CheckpointStoreOptions & { dbName?: string };
  models?: IdbModelCacheOptions;
  /** Replaces navigator.storage.estimate (tests: a tiny quota). */
  estimate?: EstimateFn;
}

export function openBrowserStore(opts: BrowserStoreOptions = {}): BrowserStore {
  const estimate = opts.estimate ?? browserEstimate;
  const inventory = async (): Promise<Deletable[]> => {
    const [a, b] = await Promise.all([models.deletable(), checkpoints.deletable()]);
    return [...a, ...b].sort((x, y) => y.bytes - x.bytes);
  };
  const models = idbModelCache({ ...opts.models, space: { estimate, deletable: inventory, ...opts.models?.space } });
  const checkpoints = idbCheckpointStore({ ...opts.checkpoints, space: { estimate, deletable: inventory, ...opts.checkpoints?.space } });
  return { checkpoints, models, inventory, estimate, persisted: requestPersistence() };
}
