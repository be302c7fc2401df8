import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/browser';

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
