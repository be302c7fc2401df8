// Kernel parameters. Each dispatch's parameters go into a 256-byte slot of a shared
// uniform arena bound with a dynamic offset, so bind groups stay cacheable while the
// values change every dispatch (see recorder.ts).

/** Largest parameter struct a kernel may use, and the arena slot stride. */
export const UNIFORM_SLOT_BYTES = 256;

/**
 * Builds a uniform struct of 4-byte scalars in declaration order:
 * `params().u32(n).u32(offset).f32(scale)` matches
 * `struct P { n: u32, offset: u32, scale: f32 }`. Vector or matrix members need WGSL
 * alignment padding; use scalars.
 */
export class Params {
  // Most kernels pass a handful of scalars: start at 64 bytes, grow on demand.
  private view = new DataView(new ArrayBuffer(64));
  private n = 0;

  u32(v: number): this {
    this.check(v, 0, 2 ** 32 - 1);
    const at = this.next(); // may grow (replace) the view: take the offset first
    this.view.setUint32(at, v, true);
    return this;
  }

  i32(v: number): this {
    this.check(v, -(2 ** 31), 2 ** 31 - 1);
    const at = this.next();
    this.view.setInt32(at, v, true);
    return this;
  }

  f32(v: number): this {
    const at = this.next();
    this.view.setFloat32(at, v, true);
    return this;
  }

  /** The struct bytes, padded to 16 (WGSL uniform structs are 16-byte aligned). */
  bytes(): Uint8Array {
    return new Uint8Array(this.view.buffer, 0, Math.max(16, Math.ceil(this.n / 16) * 16));
  }

  private next(): number {
    if (this.n + 4 > UNIFORM_SLOT_BYTES) throw new Error(`Params: more than ${UNIFORM_SLOT_BYTES} bytes`);
    if (this.n + 4 > this.view.byteLength) {
      const bigger = new Uint8Array(UNIFORM_SLOT_BYTES);
      bigger.set(new Uint8Array(this.view.buffer));
      this.view = new DataView(bigger.buffer);
    }
    const at = this.n;
    this.n += 4;
    return at;
  }

  private check(v: number, lo: number, hi: number): void {
    if (!Number.isInteger(v) || v < lo || v > hi) throw new RangeError(`Params: ${v} is not an integer in [${lo}, ${hi}]`);
  }
}

export function params(): Params {
  return new Params();
}
