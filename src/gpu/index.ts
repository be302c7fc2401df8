// Public API of the GPU runtime (see README.md).
export { createGpuContext, GpuContext } from './context';
export type { AdapterDescription, GpuContextOptions, GpuFeatures, GpuStats } from './context';
export { bytesPerElement, f16BitsToF32, f32ToF16Bits, fromF16Bits, toF16Bits } from './dtype';
export type { DType, HostArray } from './dtype';
export {
  BROWSER_WEBGPU_ADVICE,
  DeviceLostError,
  GpuLimitError,
  GpuOutOfMemoryError,
  GpuValidationError,
  ShaderError,
  WebGpuUnavailableError,
  formatBytes,
} from './errors';
export type { GpuLimits, OptionalFeature } from './limits';
export type { BindingKind, Kernel, KernelSpec } from './pipeline-cache';
export { Recorder } from './recorder';
export { formatProfile, GpuProfiler } from './profiler';
export type { GpuProfile, KernelTime } from './profiler';
export type { BindArg, RecorderOptions } from './recorder';
export { Tensor, shardSegments } from './tensor';
export type { ElementRange, ReadRange, RowRange, ShardSegment, TensorData, TensorShard } from './tensor';
export { timeGpu, timePerCall } from './timing';
export type { GpuTiming, PerCallTiming, TimingMethod } from './timing';
export { Params, params, UNIFORM_SLOT_BYTES } from './uniforms';
export { gridFor, WGSL_LINEAR_GROUP } from './workgroups';
export type { Grid } from './workgroups';
export { specialize } from './wgsl';
export type { Variant } from './wgsl';
