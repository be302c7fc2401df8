// SwiGLU forward/backward vs the float64 reference and finite differences. ~0.5 s.
import { describe, expect, test } from 'vitest';
import { swigluBackward as refBackward, swigluForward as refForward } from '../../src/reference/ops/swiglu';
import { swigluBackward, swigluForward } from '../../src/kernels/swiglu';
import { getTestContext, maxAbsDiff, randomArray } from '../helpers/gpu';

describe('swiglu', () => {
  test('vec4 path (size a multiple of 4) = reference', async () => {
    const ctx = await getTestContext();
    const n = 4 * 37;
    const g = randomArray(n, 11, -6, 6);
    const u = randomArray(n, 12);
    const dhData = randomArray(n, 13);
    const [gate, up, h, dh, dGate, dUp] = [g, u, null, dhData, null, null].map((d, i) => ctx.tensor([4, 37], 'f32', d ?? undefined, `t${i}`));
    ctx.run((rec) => {
      swigluForward(rec, gate, up, h);
      swigluBackward(rec, dh, gate, up, dGate, dUp);
    });
    expect(maxAbsDiff(await h.read(), refForward(g, u))).toBeLessThan(1e-5);
    const ref = refBackward(dhData, g, u);
    expect(maxAbsDiff(await dGate.read(), ref.dGate)).toBeLessThan(1e-5);
    expect(maxAbsDiff(await dUp.read(), ref.dUp)).toBeLessThan(1e-5);
  });

  test('forward and backward = reference (odd size: scalar path; large |gate| included), accumulate adds', async () => {
    const ctx = await getTestContext();
    const n = 7 * 37;
    const g = randomArray(n, 1, -6, 6);
    g[0] = -120; g[1] = 95; // saturated sigmoid must stay finite
    const u = randomArray(n, 2);
    const dhData = randomArray(n, 3);
    const [gate, up, h, dh, dGate, dUp] = [g, u, null, dhData, null, null].map((d, i) => ctx.tensor([7, 37], 'f32', d ?? undefined, `t${i}`));
    ctx.run((rec) => {
      swigluForward(rec, gate, up, h);
      swigluBackward(rec, dh, gate, up, dGate, dUp);
    });
    expect(maxAbsDiff(await h.read(), refForward(g, u))).toBeLessThan(1e-5);
    const ref = refBackward(dhData, g, u);
    expect(maxAbsDiff(await dGate.read(), ref.dGate)).toBeLessThan(1e-5);
    expect(maxAbsDiff(await dUp.read(), ref.dUp)).toBeLessThan(1e-5);
    ctx.run((rec) => swigluBackward(rec, dh, gate, up, dGate, dUp, { accumulate: true }));
    expect(maxAbsDiff(await dUp.read(), ref.dUp.map((v) => 2 * v))).toBeLessThan(2e-5);
    // finite differences through the reference at a few points
    const hStep = 1e-6;
    const got = await dGate.read();
    for (const i of [2, 50, 200]) {
      const gp = Float64Array.from(g); gp[i] += hStep;
      const gm = Float64Array.from(g); gm[i] -= hStep;
      const fd = ((refForward(gp, u)[i] - refForward(gm, u)[i]) / (2 * hStep)) * dhData[i];
      expect(got[i] / 2).toBeCloseTo(fd, 5);
    }
  });

  test('size mismatch is refused', async () => {
    const ctx = await getTestContext();
    const rec = ctx.recorder();
    expect(() => swigluForward(rec, ctx.tensor([4], 'f32', undefined, 'gate'), ctx.tensor([5], 'f32', undefined, 'up'), ctx.tensor([4], 'f32'))).toThrow(/"up" has 5 elements, "gate" has 4/);
    rec.submit();
  });
});
