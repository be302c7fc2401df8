import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { evalWithModule, launchChromium } from '../helpers/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

test('the page loads and reports a WebGPU adapter', async () => {
  const page = await browser.newPage();
  await page.goto(inject('appUrl'));
  const text = await page.locator('#adapter').textContent({ timeout: 60_000 });
  expect(text).toBeTruthy();
  expect(text).not.toBe('no adapter');
});

test('library modules load in the browser through the dev server', async () => {
  const page = await browser.newPage();
  await page.goto(new URL('test/e2e/harness.html', inject('devUrl')).href);
  const hasGpu = await evalWithModule<boolean>(page, '/src/problems/schema.ts', "return typeof mod === 'object' && 'gpu' in navigator;");
  expect(hasGpu).toBe(true);
});
