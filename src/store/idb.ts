// One IndexedDB database with one object store, usable by idb-keyval's functions (get,
// set, del...) through a custom UseStore. We open the database ourselves for two things
// idb-keyval cannot do: transactions with durability "strict" (Chrome's default is
// "relaxed": a committed transaction may be lost on power failure, and a checkpoint must
// not be reported saved before it is on disk), and transactions that touch several
// records at once (publish a manifest only if all its chunks are present; delete a key
// range), which is what makes writes atomic.
import { promisifyRequest, type UseStore } from 'idb-keyval';

export interface IdbStore {
  readonly dbName: string;
  /** For idb-keyval calls: get(key, store.use). */
  readonly use: UseStore;
  /** One transaction over the object store; resolves when it commits (durably for "strict"). */
  tx<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => T, durability?: IDBTransactionDurability): Promise<T>;
  close(): Promise<void>;
}

const STORE = 'records';

export function openIdbStore(dbName: string): IdbStore {
  let dbp: Promise<IDBDatabase> | null = null;
  const db = (): Promise<IDBDatabase> => {
    if (!dbp) {
      const req = indexedDB.open(dbName, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE);
      dbp = promisifyRequest(req).then((d) => {
        // Another tab deleting or upgrading the database: let it, and reopen on next use.
        d.onversionchange = () => {
          d.close();
          dbp = null;
        };
        d.onclose = () => {
          dbp = null;
        };
        return d;
      });
      dbp.catch(() => {
        dbp = null;
      });
    }
    return dbp;
  };
  const tx = async <T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => T, durability: IDBTransactionDurability = 'default'): Promise<T> => {
    const t = (await db()).transaction(STORE, mode, { durability });
    let out: T;
    try {
      out = fn(t.objectStore(STORE));
    } catch (e) {
      // Requests already queued would otherwise commit: all or nothing.
      t.abort();
      throw e;
    }
    await promisifyRequest(t);
    return out;
  };
  return {
    dbName,
    use: async (mode, cb) => {
      const t = (await db()).transaction(STORE, mode);
      return cb(t.objectStore(STORE));
    },
    tx,
    async close() {
      if (dbp) (await dbp).close();
      dbp = null;
    },
  };
}

/** All keys [tag, ...rest] with the given leading elements (array keys sort element-wise; [] sorts after every string/number). */
export function prefixRange(...prefix: IDBValidKey[]): IDBKeyRange {
  return IDBKeyRange.bound(prefix, [...prefix, []]);
}

