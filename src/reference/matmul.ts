// Float64 CPU reference for the matmul and matvec kernels: the same contract as
// src/kernels/matmul.ts (transposes, batch strides, leading dims, offsets, bias,
// accumulate, alpha), computed straightforwardly in double precision.

export interface MatmulRefOptions {
  m: number;
  n: number;
  k: number;
  transA?: boolean;
  transB?: boolean;
  batch?: number;
  strideA?: number;
  strideB?: number;
  strideC?: number;
  /** Defaults: the stored row length of each operand (K or M for A, N or K for B, N for C). */
  lda?: number;
  ldb?: number;
  ldc?: number;
  offsetA?: number;
  offsetB?: number;
  offsetC?: number;
  bias?: ArrayLike<number>;
  alpha?: number;
  /** Prior contents of C to add to (accumulate); absent = C is overwritten. */
  c?: ArrayLike<number>;
  /** Length of the returned C buffer; default: just large enough. */
  cLength?: number;
}

/** Returns C (float64) = alpha * op(A) op(B) (+ bias) (+ c). Elements of C the problem does not touch keep c's value (or 0). */
export function matmulRef(a: ArrayLike<number>, b: ArrayLike<number>, o: MatmulRefOptions): Float64Array {
  const { m, n, k } = o;
  const batch = o.batch ?? 1;
  const lda = o.lda ?? (o.transA ? m : k);
  const ldb = o.ldb ?? (o.transB ? k : n);
  const ldc = o.ldc ?? n;
  const alpha = o.alpha ?? 1;
  const offC = o.offsetC ?? 0;
  const need = offC + (batch - 1) * (o.strideC ?? 0) + (m - 1) * ldc + n;
  const out = new Float64Array(Math.max(o.cLength ?? need, need));
  if (o.c) for (let i = 0; i < Math.min(o.c.length, out.length); i++) out[i] = o.c[i]!;
  for (let z = 0; z < batch; z++) {
    const oa = (o.offsetA ?? 0) + z * (o.strideA ?? 0);
    const ob = (o.offsetB ?? 0) + z * (o.strideB ?? 0);
    const oc = offC + z * (o.strideC ?? 0);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) {
          const av = o.transA ? a[oa + p * lda + i]! : a[oa + i * lda + p]!;
          const bv = o.transB ? b[ob + j * ldb + p]! : b[ob + p * ldb + j]!;
          s += av * bv;
        }
        let v = alpha * s + (o.bias ? o.bias[j]! : 0);
        if (o.c) v += out[oc + i * ldc + j]!;
        out[oc + i * ldc + j] = v;
      }
    }
  }
  return out;
}

/** y[v, o] = Σ_i W[o, i] x[v, i] (+ bias[o]) for `vectors` inputs; W is [out, in]. */
export function matvecRef(w: ArrayLike<number>, x: ArrayLike<number>, out: number, inDim: number, vectors: number, bias?: ArrayLike<number>): Float64Array {
  return matmulRef(x, w, { m: vectors, n: out, k: inDim, transB: true, bias });
}

/**
 * Tolerance for comparing an f32 GPU result with this reference: f32 rounding of a
 * K-term dot product grows like sqrt(K) * eps * Σ|a_i b_i|; `scale` is that sum's bound.
 */
export function matmulTolerance(k: number, scale: number, f16Inputs = false): number {
  const eps = f16Inputs ? 2 ** -11 : 2 ** -24;
  return 8 * Math.sqrt(k) * eps * scale + 1e-6;
}
