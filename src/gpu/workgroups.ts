// Turns a 1-D workgroup count into a dispatch grid that respects
// maxComputeWorkgroupsPerDimension (65535 on most GPUs). Shaders recover the linear
// index as `wid.x + wid.y * nwg.x + wid.z * nwg.x * nwg.y` (see WGSL_LINEAR_GROUP) and
// must skip groups past the real count, because the grid can overshoot a little.
import { GpuLimitError } from './errors';

export type Grid = [number, number, number];

export function gridFor(groups: number, maxPerDim: number): Grid {
  if (!Number.isInteger(groups) || groups < 0) throw new Error(`gridFor: bad workgroup count ${groups}`);
  if (groups <= maxPerDim) return [groups, 1, 1];
  const y = Math.ceil(groups / maxPerDim);
  if (y <= maxPerDim) return [Math.ceil(groups / y), y, 1];
  const plane = maxPerDim * maxPerDim;
  const z = Math.ceil(groups / plane);
  if (z > maxPerDim) {
    throw new GpuLimitError('workgroups', groups, plane * maxPerDim, 'A dispatch');
  }
  const perZ = Math.ceil(groups / z);
  const yy = Math.ceil(perZ / maxPerDim);
  return [Math.ceil(perZ / yy), yy, z];
}

/** WGSL helper: the linear workgroup index of a grid made by gridFor. */
export const WGSL_LINEAR_GROUP = /* wgsl */ `
fn linear_group(wid: vec3<u32>, nwg: vec3<u32>) -> u32 {
  return wid.x + wid.y * nwg.x + wid.z * nwg.x * nwg.y;
}
`;
