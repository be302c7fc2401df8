// Caches bind groups by (layout, buffers, ranges). A training step binds the same
// buffers every step, so after the first step no bind group is created.
import type { Kernel } from './pipeline-cache';

export interface BufferRange {
  buffer: GPUBuffer;
  offset: number;
  size: number;
}

const MAX_ENTRIES = 16384;

export class BindGroupCache {
  private ids = new WeakMap<GPUBuffer, number>();
  private nextId = 1;
  /** key → the group and the ids of the buffers it binds (to unlink it on forget). */
  private groups = new Map<string, { group: GPUBindGroup; ids: number[] }>();
  private byBuffer = new Map<number, Set<string>>();
  readonly stats = { hits: 0, misses: 0 };

  constructor(private readonly device: GPUDevice) {}

  get(kernel: Kernel, entries: readonly BufferRange[]): GPUBindGroup {
    let key = `${kernel.layoutId}`;
    const ids: number[] = [];
    for (const e of entries) {
      const id = this.idOf(e.buffer);
      ids.push(id);
      key += `|${id}:${e.offset}:${e.size}`;
    }
    const hit = this.groups.get(key);
    if (hit) {
      this.stats.hits++;
      return hit.group;
    }
    this.stats.misses++;
    if (this.groups.size >= MAX_ENTRIES) this.clear();
    const group = this.device.createBindGroup({
      label: kernel.label,
      layout: kernel.layout,
      entries: entries.map((e, binding) => ({ binding, resource: { buffer: e.buffer, offset: e.offset, size: e.size } })),
    });
    this.groups.set(key, { group, ids });
    for (const id of ids) {
      let keys = this.byBuffer.get(id);
      if (!keys) this.byBuffer.set(id, (keys = new Set()));
      keys.add(key);
    }
    return group;
  }

  /** Drops every bind group that references `buffer` (call before destroying it). */
  forget(buffer: GPUBuffer): void {
    const id = this.ids.get(buffer);
    if (id === undefined) return;
    const keys = this.byBuffer.get(id);
    this.byBuffer.delete(id);
    for (const key of keys ?? []) {
      const entry = this.groups.get(key);
      this.groups.delete(key);
      // Also unlink the group from the other buffers it binds, or their sets keep
      // growing with keys of groups that no longer exist.
      for (const other of entry?.ids ?? []) {
        const set = this.byBuffer.get(other);
        set?.delete(key);
        if (set?.size === 0) this.byBuffer.delete(other);
      }
    }
  }

  /** Keys indexed by buffer, summed over buffers (each group counts once per distinct buffer). */
  get indexedKeys(): number {
    let n = 0;
    for (const keys of this.byBuffer.values()) n += keys.size;
    return n;
  }

  clear(): void {
    this.groups.clear();
    this.byBuffer.clear();
  }

  get size(): number {
    return this.groups.size;
  }

  private idOf(buffer: GPUBuffer): number {
    let id = this.ids.get(buffer);
    if (id === undefined) this.ids.set(buffer, (id = this.nextId++));
    return id;
  }
}
