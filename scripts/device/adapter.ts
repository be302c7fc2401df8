// Prints the WebGPU adapter Dawn gives this process and fails (exit 3) when it is a software
// one while a real GPU was asked for (DUST_GPU=system): a lent GPU session must not spend its
// minutes training on a CPU rasteriser because the Vulkan driver was not found.
import { createGpuContext } from '../../src/gpu';
import { NODE_GPU_ADVICE, nodeGPU } from '../../src/host/node';

const ctx = await createGpuContext(nodeGPU(), { advice: NODE_GPU_ADVICE });
const summary = ctx.adapter.summary;
console.log(`[adapter] ${summary}`);
ctx.destroy();
if (process.env.DUST_GPU === 'system' && /llvmpipe|lavapipe|swiftshader/i.test(summary)) {
  console.error('[adapter] a software adapter, not the GPU: check VK_ICD_FILENAMES and libvulkan (scripts/device/README.md)');
  process.exit(3);
}
process.exit(0);
