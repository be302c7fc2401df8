// Specialises a kernel family's WGSL for an element type. Shader files in shaders/ use
// `T` for the storage element type and `V` for the vector unit they load (T or vec4<T>);
// they get these aliases (and `enable f16;` when needed) from this header, so one file
// serves f32/f16 and scalar/vec4 variants.
import type { DType } from './dtype';

export interface Variant {
  dtype: DType;
  /** Elements per load: 1 (any shape) or 4 (needs the row length divisible by 4). */
  vec?: 1 | 4;
}

export function specialize(code: string, v: Variant): string {
  const vec = v.vec ?? 1;
  const head: string[] = [];
  if (v.dtype === 'f16') head.push('enable f16;');
  head.push(`alias T = ${v.dtype};`);
  head.push(vec === 4 ? 'alias V = vec4<T>;' : 'alias V = T;');
  head.push(`const VEC: u32 = ${vec}u;`);
  // Horizontal sum / max of a loaded unit, always in f32 (f16 data accumulates in f32).
  if (vec === 4) {
    head.push('fn hsum(v: V) -> f32 { let w = vec4<f32>(v); return (w.x + w.y) + (w.z + w.w); }');
    head.push('fn hmax(v: V) -> f32 { let w = vec4<f32>(v); return max(max(w.x, w.y), max(w.z, w.w)); }');
    head.push('fn widen(v: V) -> vec4<f32> { return vec4<f32>(v); }');
  } else {
    head.push('fn hsum(v: V) -> f32 { return f32(v); }');
    head.push('fn hmax(v: V) -> f32 { return f32(v); }');
    head.push('fn widen(v: V) -> f32 { return f32(v); }');
  }
  return `${head.join('\n')}\n${code}`;
}
