/** Read-only numeric input: weights arrive as Float32Array (from safetensors), activations as Float64Array. */
export type Vec = ArrayLike<number>;

/** Throws a clear error when a flat buffer does not hold the expected number of values. */
export function expectLength(name: string, v: Vec, n: number): void {
  if (v.length !== n) {
    throw new Error(`reference: ${name} has ${v.length} values, expected ${n}; check the shape arguments passed with it`);
  }
}
