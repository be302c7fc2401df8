// The device limits this project asks for. WebGPU devices get conservative defaults
// (e.g. 128 MiB storage bindings, 256 invocations) unless the adapter's real limits are
// requested explicitly, so ask for everything compute work can use.

export const REQUESTED_LIMITS = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxUniformBufferBindingSize',
  'maxStorageBuffersPerShaderStage',
  'maxUniformBuffersPerShaderStage',
  'maxBindGroups',
  'maxBindingsPerBindGroup',
  'maxDynamicUniformBuffersPerPipelineLayout',
  'maxDynamicStorageBuffersPerPipelineLayout',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupSizeY',
  'maxComputeWorkgroupSizeZ',
  'maxComputeWorkgroupsPerDimension',
  'minStorageBufferOffsetAlignment',
  'minUniformBufferOffsetAlignment',
] as const;

export type LimitName = (typeof REQUESTED_LIMITS)[number];
export type GpuLimits = Readonly<Record<LimitName, number>>;

export function pickLimits(source: GPUSupportedLimits): Record<LimitName, number> {
  const out = {} as Record<LimitName, number>;
  for (const name of REQUESTED_LIMITS) {
    const v = (source as unknown as Record<string, number | undefined>)[name];
    if (typeof v === 'number') out[name] = v;
  }
  return out;
}

/** Optional features the kernels can use; every kernel keeps a path without them. */
export const OPTIONAL_FEATURES = ['shader-f16', 'subgroups', 'timestamp-query'] as const;
export type OptionalFeature = (typeof OPTIONAL_FEATURES)[number];
