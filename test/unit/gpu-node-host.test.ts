// The Node host's choice of Vulkan driver (DUST_GPU): unknown values and forced drivers
// that are not installed fail with a message that says what to run.
import { describe, expect, test } from 'vitest';
import { type IcdEnvironment, nodeGPU, pickVulkanIcd } from '../../src/host/node';

const LVP = '/repo/.cache/mesa/lvp_icd.json';
const SWS = '/usr/lib/chromium/vk_swiftshader_icd.json';
function env(files: string[], hardware = false): IcdEnvironment {
  return { lavapipeIcd: LVP, swiftshaderIcd: SWS, exists: (p) => files.includes(p), hasHardwareIcd: () => hardware };
}

describe('pickVulkanIcd', () => {
  test('auto: real GPU first, then lavapipe, then SwiftShader, else the system default', () => {
    expect(pickVulkanIcd(undefined, env([LVP, SWS], true))).toBeUndefined();
    expect(pickVulkanIcd('auto', env([LVP, SWS]))).toBe(LVP);
    expect(pickVulkanIcd('', env([SWS]))).toBe(SWS);
    expect(pickVulkanIcd('auto', env([]))).toBeUndefined();
  });

  test('forced drivers', () => {
    expect(pickVulkanIcd('lavapipe', env([LVP], true))).toBe(LVP);
    expect(pickVulkanIcd('swiftshader', env([LVP, SWS]))).toBe(SWS);
    expect(pickVulkanIcd('system', env([LVP, SWS]))).toBeUndefined();
  });

  test('DUST_GPU=lavapipe without the ICD names the file and scripts/setup-test-env.sh', () => {
    expect(() => pickVulkanIcd('lavapipe', env([SWS]))).toThrow(
      'DUST_GPU=lavapipe but /repo/.cache/mesa/lvp_icd.json is missing: run `bash scripts/setup-test-env.sh`',
    );
  });

  test('DUST_GPU=swiftshader without Chromium says what to install', () => {
    expect(() => pickVulkanIcd('swiftshader', env([LVP]))).toThrow(/DUST_GPU=swiftshader but .*vk_swiftshader_icd\.json is missing: install Chromium/);
  });

  test('an unknown value is rejected with the allowed ones', () => {
    expect(() => pickVulkanIcd('lavapip', env([LVP]))).toThrow('DUST_GPU must be one of auto, lavapipe, swiftshader, system; got "lavapip"');
  });

  test('nodeGPU() refuses a misspelt DUST_GPU', () => {
    const saved = process.env.DUST_GPU;
    process.env.DUST_GPU = 'lavapip';
    try {
      expect(() => nodeGPU()).toThrow(/DUST_GPU must be one of/);
    } finally {
      if (saved === undefined) delete process.env.DUST_GPU;
      else process.env.DUST_GPU = saved;
    }
  });
});
