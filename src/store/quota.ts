// Storage space: ask the browser to keep our data (persist), check the estimate before a
// large write, and turn a full disk or quota into an error that says how much is needed
// and what can be deleted to make room.

import { formatBytes } from '../util/bytes';

export { formatBytes };

export interface Deletable {
  /** What the user would delete, e.g. "model Qwen/Qwen3-0.6B@main" or "checkpoint run-1 step 400". */
  what: string;
  bytes: number;
}

export interface SpaceEstimate {
  usage: number;
  quota: number;
}

export type EstimateFn = () => Promise<SpaceEstimate | null>;

/** Not enough room; nothing of the refused write is left behind. */
export class StoreQuotaError extends Error {
  constructor(
    readonly what: string,
    readonly needed: number,
    readonly available: number | null,
    readonly deletable: Deletable[],
    /** True when `needed` is only the next piece of a write of unknown total size (a download). */
    readonly atLeast = false,
  ) {
    const list = deletable
      .slice()
      .sort((a, b) => b.bytes - a.bytes)
      .map((d) => `${d.what} (${formatBytes(d.bytes)})`);
    super(
      `Not enough storage to save ${what}: it needs ${atLeast ? 'at least ' : ''}${formatBytes(needed)}${atLeast ? ' more' : ''}` +
        (available === null ? '' : `, and only ${formatBytes(Math.max(0, available))} is free for this site`) +
        '. ' +
        (list.length ? `You can free space by deleting: ${list.join('; ')}.` : 'Nothing stored by DuST can be deleted to make room: free disk space, or allow this site more storage.') +
        ' Nothing was half-written; the store is unchanged.',
    );
    this.name = 'StoreQuotaError';
  }
}

/** navigator.storage.estimate(), or null where the host has none (Node). */
export const browserEstimate: EstimateFn = async () => {
  const s = (globalThis as { navigator?: Navigator }).navigator?.storage;
  if (!s?.estimate) return null;
  const e = await s.estimate();
  return e.quota === undefined ? null : { usage: e.usage ?? 0, quota: e.quota };
};

/**
 * Asks the browser not to evict our storage under pressure. Returns whether it is persisted
 * (Chrome grants it silently to installed or engaged sites, and may refuse otherwise).
 */
export async function requestPersistence(): Promise<boolean> {
  const s = (globalThis as { navigator?: Navigator }).navigator?.storage;
  if (!s?.persist) return false;
  try {
    return (await s.persisted?.()) || (await s.persist());
  } catch {
    return false;
  }
}

export function isQuotaError(e: unknown): boolean {
  const name = (e as { name?: unknown } | null)?.name;
  const code = (e as { code?: unknown } | null)?.code;
  return name === 'QuotaExceededError' || code === 'ENOSPC' || code === 'EDQUOT';
}

/** What every store needs to speak about space. */
export interface SpacePolicy {
  estimate: EstimateFn;
  deletable: () => Promise<Deletable[]>;
  /** Headroom kept free beyond the write itself (the browser needs some for its own bookkeeping). */
  marginBytes: number;
}

export function spacePolicy(p: Partial<SpacePolicy> = {}): SpacePolicy {
  return { estimate: p.estimate ?? browserEstimate, deletable: p.deletable ?? (async () => []), marginBytes: p.marginBytes ?? 1024 * 1024 };
}

/** Throws StoreQuotaError when the estimate says `bytes` will not fit. */
export async function ensureSpace(policy: SpacePolicy, what: string, bytes: number, atLeast = false): Promise<void> {
  const e = await policy.estimate();
  if (!e) return;
  const free = e.quota - e.usage;
  // The margin is part of what the write needs, so the message's numbers add up.
  const need = bytes + policy.marginBytes;
  if (free < need) throw new StoreQuotaError(what, need, free, await policy.deletable(), atLeast);
}

/** The StoreQuotaError for a write refused by the storage itself (after rolling it back). */
export async function quotaErrorAfter(policy: SpacePolicy, what: string, bytes: number, atLeast = false): Promise<StoreQuotaError> {
  let free: number | null = null;
  try {
    const e = await policy.estimate();
    if (e) free = e.quota - e.usage;
  } catch {
    // The estimate is only decoration for the message.
  }
  let deletable: Deletable[] = [];
  try {
    deletable = await policy.deletable();
  } catch {
    // Same: the error must still be thrown.
  }
  return new StoreQuotaError(what, bytes, free, deletable, atLeast);
}
