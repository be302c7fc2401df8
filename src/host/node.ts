// Node host entry for WebGPU: Dawn through the npm package `webgpu`. Used by the CLI,
// the benchmarks and the tests; nothing else in src/ may import it (the browser host is
// simply `navigator.gpu`).
import { existsSync, readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { create, globals } from 'webgpu';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Where scripts/setup-test-env.sh unpacks Mesa 25 lavapipe. */
export const LAVAPIPE_ICD = resolve(repoRoot, '.cache/mesa/lvp_icd.json');
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

let gpu: GPU | undefined;

/**
 * Returns a `navigator.gpu`-compatible object backed by Dawn. Unless the caller chose a
 * Vulkan driver with VK_ICD_FILENAMES, prefers a real GPU, then the project's lavapipe,
 * then Chromium's SwiftShader. DUST_GPU=lavapipe|swiftshader|system forces one.
 */
export function nodeGPU(): GPU {
  if (gpu) return gpu;
  const want = process.env.DUST_GPU ?? 'auto';
  if (!process.env.VK_ICD_FILENAMES) {
    if ((want === 'auto' || want === 'lavapipe') && existsSync(LAVAPIPE_ICD)) {
      // Only pick software when no hardware ICD is installed system-wide.
      if (want === 'lavapipe' || !hasHardwareIcd()) process.env.VK_ICD_FILENAMES = LAVAPIPE_ICD;
    } else if (want === 'swiftshader' || (want === 'auto' && existsSync(SWIFTSHADER_ICD) && !hasHardwareIcd())) {
      process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
    }
  }
  // Dawn's WebGPU globals (GPUBufferUsage, GPUMapMode, ...) are needed by code written
  // for the browser.
  Object.assign(globalThis, globals);
  gpu = create([]) as unknown as GPU;
  return gpu;
}

function hasHardwareIcd(): boolean {
  // Debian's mesa-vulkan-drivers installs intel/radeon ICD files even without such a GPU,
  // so look for a device node instead: a real GPU exposes /dev/nvidia* or a DRM render node.
  if (existsSync('/dev/nvidia0')) return true;
  try {
    return readdirSync('/dev/dri').some((n) => n.startsWith('renderD'));
  } catch {
    return false;
  }
}
