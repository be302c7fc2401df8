// f32 ↔ f16 conversion on the GPU (needs shader-f16). f32 → f16 rounds to nearest and
// saturates to ±65504.
import src from '../../shaders/cast.wgsl?raw';
import { type Recorder, type Tensor, WGSL_LINEAR_GROUP, params } from '../gpu';
import { expectSameShape, kernelFor, segmentsOf, vecWidth } from './launch';

const WG = 256;
const codes = new Map<string, string>();

function code(to: 'f16' | 'f32', vec: 1 | 4): string {
  const key = `${to}${vec}`;
  let c = codes.get(key);
  if (!c) {
    const from = to === 'f16' ? 'f32' : 'f16';
    const unit = (t: string) => (vec === 4 ? `vec4<${t}>` : t);
    c = `enable f16;\nalias SV = ${unit(from)};\nalias DV = ${unit(to)};\n${WGSL_LINEAR_GROUP}\n${src}`;
    codes.set(key, c);
  }
  return c;
}

/** out = x converted to out's dtype (f32 → f16 or f16 → f32); same dtype copies. */
export function cast(rec: Recorder, x: Tensor, out: Tensor): void {
  expectSameShape('cast', x, out);
  if (x.dtype === out.dtype) {
    rec.copy(x, out);
    return;
  }
  const pair = `${x.dtype}->${out.dtype}`;
  if (pair !== 'f32->f16' && pair !== 'f16->f32') throw new Error(`cast: ${pair} is not supported (only f32 <-> f16)`);
  if (!rec.ctx.features.f16) throw new Error('cast: f16 needs the shader-f16 feature, which this GPU does not have');
  const to = out.dtype as 'f16' | 'f32';
  const vec = vecWidth([x, out]);
  const label = `cast.${pair}x${vec}`;
  const k = kernelFor(rec.ctx, label, () => ({
    label,
    code: code(to, vec),
    entryPoint: to === 'f16' ? 'to_f16' : 'to_f32',
    constants: { WG },
    bindings: ['read', 'write', 'uniform'],
  }));
  for (const seg of segmentsOf([x, out])) {
    const [px, po] = seg.parts;
    const n = (seg.rows * x.rowLength) / vec;
    const u = params()
      .u32(n)
      .u32((px.rowOffset * x.rowLength) / vec)
      .u32((po.rowOffset * x.rowLength) / vec);
    rec.dispatch(k, [px.shard, po.shard, u], rec.ctx.grid(Math.ceil(n / WG)));
  }
}
