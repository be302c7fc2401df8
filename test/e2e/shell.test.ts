// The app shell in real Chromium: adapter report, kernel self-test through the engine
// worker, and the page a user sees without WebGPU.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { evalWithModule, launchChromium } from '../helpers/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
  mkdirSync('test-results/screenshots', { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

test('the page reports the adapter and every kernel passes its self-test in the worker', async () => {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(inject('appUrl'));
  const adapter = await page.locator('#adapter').textContent({ timeout: 60_000 });
  expect(adapter?.length).toBeGreaterThan(3);
  expect(await page.locator('#verdict').textContent()).toMatch(/GPU/);
  const summary = page.locator('#selftest-summary[data-state]');
  await summary.waitFor({ timeout: 400_000 });
  const rows = await page.locator('#selftest-table tr').count();
  await page.screenshot({ path: 'test-results/screenshots/shell.png', fullPage: true });
  expect(await summary.getAttribute('data-state')).toBe('pass');
  expect(rows).toBeGreaterThan(3);
  expect(errors).toEqual([]);
});

test('without WebGPU the page says why and what to try', async () => {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    delete (Navigator.prototype as unknown as { gpu?: unknown }).gpu;
  });
  const page = await context.newPage();
  await page.goto(inject('appUrl'));
  const card = page.locator('#no-webgpu');
  await card.waitFor({ timeout: 30_000 });
  const text = await card.textContent();
  expect(text).toContain('WebGPU is not available');
  expect(text).toMatch(/Chrome or Edge/);
  await context.close();
});

test('library modules load in the browser through the dev server', async () => {
  const page = await browser.newPage();
  await page.goto(new URL('test/e2e/harness.html', inject('devUrl')).href);
  const hasGpu = await evalWithModule<boolean>(page, '/src/problems/schema.ts', "return typeof mod === 'object' && 'gpu' in navigator;");
  expect(hasGpu).toBe(true);
});
