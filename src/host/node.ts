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

const SETUP = 'bash scripts/setup-test-env.sh';

/** What to do when Dawn finds no adapter here (passed to createGpuContext as `advice`). */
export const NODE_GPU_ADVICE =
  `Dawn found no usable Vulkan adapter on this machine. Run \`${SETUP}\` (installs Mesa 25 ` +
  'lavapipe into .cache/mesa; Debian 12\'s own Mesa 22 is too old for Dawn), or set ' +
  'DUST_GPU=swiftshader where Chromium\'s SwiftShader is installed, or DUST_GPU=system to use ' +
  'the system Vulkan driver of a real GPU.';

export const DUST_GPU_VALUES = ['auto', 'lavapipe', 'swiftshader', 'system'] as const;
export type DustGpu = (typeof DUST_GPU_VALUES)[number];

export interface IcdEnvironment {
  lavapipeIcd: string;
  swiftshaderIcd: string;
  exists: (path: string) => boolean;
  hasHardwareIcd: () => boolean;
}

/**
 * The Vulkan ICD file for VK_ICD_FILENAMES given DUST_GPU (`want`), or undefined to leave
 * the loader's default (system drivers). Throws on an unknown value or a forced driver
 * that is not installed, instead of silently falling through to a driver Dawn rejects.
 */
export function pickVulkanIcd(want: string | undefined, env: IcdEnvironment): string | undefined {
  const choice = checkDustGpu(want);
  switch (choice) {
    case 'system':
      return undefined;
    case 'lavapipe':
      if (!env.exists(env.lavapipeIcd)) {
        throw new Error(`DUST_GPU=lavapipe but ${env.lavapipeIcd} is missing: run \`${SETUP}\` (installs Mesa lavapipe into .cache/mesa)`);
      }
      return env.lavapipeIcd;
    case 'swiftshader':
      if (!env.exists(env.swiftshaderIcd)) {
        throw new Error(
          `DUST_GPU=swiftshader but ${env.swiftshaderIcd} is missing: install Chromium (apt-get install chromium), ` +
            `or use DUST_GPU=lavapipe after \`${SETUP}\``,
        );
      }
      return env.swiftshaderIcd;
    case 'auto':
      // Only pick software when no hardware ICD is installed system-wide.
      if (env.hasHardwareIcd()) return undefined;
      if (env.exists(env.lavapipeIcd)) return env.lavapipeIcd;
      if (env.exists(env.swiftshaderIcd)) return env.swiftshaderIcd;
      return undefined;
  }
}

function checkDustGpu(want: string | undefined): DustGpu {
  const v = want === undefined || want === '' ? 'auto' : want;
  if (!(DUST_GPU_VALUES as readonly string[]).includes(v)) {
    throw new Error(`DUST_GPU must be one of ${DUST_GPU_VALUES.join(', ')}; got "${v}"`);
  }
  return v as DustGpu;
}

let gpu: GPU | undefined;

/**
 * Returns a `navigator.gpu`-compatible object backed by Dawn. Unless the caller chose a
 * Vulkan driver with VK_ICD_FILENAMES, prefers a real GPU, then the project's lavapipe,
 * then Chromium's SwiftShader. DUST_GPU=lavapipe|swiftshader|system forces one (and
 * throws if it is not installed); any other value throws. Pass NODE_GPU_ADVICE as
 * createGpuContext's `advice`.
 */
export function nodeGPU(): GPU {
  if (gpu) return gpu;
  const want = process.env.DUST_GPU;
  if (process.env.VK_ICD_FILENAMES) checkDustGpu(want);
  else {
    const icd = pickVulkanIcd(want, { lavapipeIcd: LAVAPIPE_ICD, swiftshaderIcd: SWIFTSHADER_ICD, exists: existsSync, hasHardwareIcd });
    if (icd) process.env.VK_ICD_FILENAMES = icd;
  }
  // Dawn's WebGPU globals (GPUBufferUsage, GPUMapMode, ...) are needed by code written
  // for the browser.
  Object.assign(globalThis, globals);
  // Dawn quantizes timestamp queries (a browser's defence against timing attacks); in Node the
  // numbers are the benchmarks' own, and on a fast GPU the quantum (seen on an H100: every
  // kernel time a power of two of nanoseconds, small ones 0) swamps them.
  gpu = create(['disable-dawn-features=timestamp_quantization']) as unknown as GPU;
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
