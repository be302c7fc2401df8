// The Node CLI on a machine where Dawn finds no Vulkan adapter: the error tells the user
// to run the setup script, not to enable Chrome flags. Points the Vulkan loader at a
// missing driver (this file runs in its own process), so there is really no adapter. <1 s.
import { expect, test } from 'vitest';
import { WebGpuUnavailableError } from '../../src/gpu';

test('dust model commands without an adapter give Node advice, not browser advice', async () => {
  process.env.VK_ICD_FILENAMES = '/nonexistent/dust-test-icd.json';
  delete process.env.DUST_GPU;
  const { loadCliModel } = await import('../../src/cli/load-model');
  const err = await loadCliModel('test/fixtures/golden/llama', { quiet: true }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(WebGpuUnavailableError);
  const e = err as WebGpuUnavailableError;
  expect(e.reason).toBe('no-adapter');
  expect(e.message).toMatch(/no GPU adapter was found/);
  expect(e.message).toContain('bash scripts/setup-test-env.sh');
  expect(e.message).toContain('DUST_GPU=swiftshader');
  expect(e.message).not.toMatch(/chrome:\/\/|Chrome or Edge/);
});
