import { describe, expect, test } from 'vitest';
import { params } from '../../src/gpu';
import { getTestContext, randomArray } from '../helpers/gpu';

const ADD_ONE = /* wgsl */ `
struct P { n: u32, add: f32 }
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<uniform> p: P;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3<u32>) {
  if (g.x < p.n) { y[g.x] = x[g.x] + p.add; }
}`;

describe('runtime smoke', () => {
  test('upload, dispatch, read back', async () => {
    const ctx = await getTestContext();
    const k = ctx.kernel({ label: 'add_one', code: ADD_ONE, bindings: ['read', 'write', 'uniform'] });
    const data = randomArray(100);
    const x = ctx.tensor([100], 'f32', data, 'x');
    const y = ctx.tensor([100], 'f32', undefined, 'y');
    const rec = ctx.recorder();
    rec.dispatch(k, [x, y, params().u32(100).f32(2)], 2);
    const out = rec.read(y);
    rec.submit();
    const got = await out;
    for (let i = 0; i < 100; i++) expect(got[i]).toBeCloseTo(data[i] + 2, 5);
  });
});
