// Specialises a kernel family's WGSL for an element type. Shader files in shaders/ use
// `T` for the storage element type, `V` for the unit they load (T or vec4<T>) and `F` for
// its f32 counterpart (math happens in f32 even for f16 data); they get these aliases,
// `VEC`, widen, hsum/hmax (of V), hsumf/hmaxf (of F), linear_group() and `enable f16;` (when needed) from this header, so one file
// serves f32/f16 and scalar/vec4 variants.
import type { DType } from './dtype';
import { WGSL_LINEAR_GROUP } from './workgroups';

export interface Variant {
  dtype: DType;
  /** Elements per load: 1 (any shape) or 4 (needs the row length divisible by 4). */
  vec?: 1 | 4;
}

const memo = new Map<string, Map<string, string>>();

/**
 * Memoised: the same (code, variant) returns the same string object, so pipeline-cache
 * lookups hash it once rather than per dispatch.
 */
export function specialize(code: string, v: Variant): string {
  const key = `${v.dtype}/${v.vec ?? 1}`;
  let perCode = memo.get(code);
  if (!perCode) memo.set(code, (perCode = new Map()));
  let out = perCode.get(key);
  if (out === undefined) perCode.set(key, (out = build(code, v)));
  return out;
}

function build(code: string, v: Variant): string {
  const vec = v.vec ?? 1;
  const head: string[] = [];
  if (v.dtype === 'f16') head.push('enable f16;');
  head.push(`alias T = ${v.dtype};`);
  head.push(vec === 4 ? 'alias V = vec4<T>;' : 'alias V = T;');
  head.push(vec === 4 ? 'alias F = vec4<f32>;' : 'alias F = f32;');
  head.push(`const VEC: u32 = ${vec}u;`);
  // Horizontal sum / max of a unit, always in f32 (f16 data accumulates in f32).
  if (vec === 4) {
    head.push('fn hsumf(w: F) -> f32 { return (w.x + w.y) + (w.z + w.w); }');
    head.push('fn hmaxf(w: F) -> f32 { return max(max(w.x, w.y), max(w.z, w.w)); }');
  } else {
    head.push('fn hsumf(w: F) -> f32 { return w; }');
    head.push('fn hmaxf(w: F) -> f32 { return w; }');
  }
  head.push('fn widen(v: V) -> F { return F(v); }');
  head.push('fn hsum(v: V) -> f32 { return hsumf(widen(v)); }');
  head.push('fn hmax(v: V) -> f32 { return hmaxf(widen(v)); }');
  head.push(WGSL_LINEAR_GROUP);
  return `${head.join('\n')}\n${code}`;
}
