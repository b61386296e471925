// Test helper: Debian's headless Chromium through playwright-core, for the browser tests (skipped without it).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** Screenshots land here (ignored by git) so a failing run can be looked at. */
export const ARTIFACTS = join(fileURLToPath(new URL('../..', import.meta.url)), 'test-artifacts');
export const DESKTOP = { width: 1280, height: 900 };
export const WAIT = { timeout: 15_000 };

/** `false` when Chromium is installed, else the reason to give `describe(…, { skip })`. */
export const skipWithoutChromium: string | false = existsSync(CHROMIUM)
  ? false
  : `headless Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium); the browser tests need it`;

/** Starts Chromium without a sandbox, GPU or background traffic (the tests talk to 127.0.0.1 only). */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A fresh Korean desktop tab with its own storage, whose uncaught page errors fail the test. */
export async function openTab(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'ko-KR' });
  context.setDefaultTimeout(WAIT.timeout);
  const page = await context.newPage();
  page.on('pageerror', (error) => assert.fail(`page error: ${error.message}`));
  return { context, page };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}
