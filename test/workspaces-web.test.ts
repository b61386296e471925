// The admin view's workspaces tab: with the master key, each workspace's documents (against its limit),
// storage, indexes and 30-day searches, from the usage API; in headless Chromium.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium, openTab, screenshot, skipWithoutChromium } from './helpers/chromium.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { createWorkspace, MASTER } from './helpers/workspaces.ts';

describe('the admin view’s workspaces tab', { skip: skipWithoutChromium }, () => {
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    server = await startTestServer({ masterKey: MASTER });
    const acme = await createWorkspace(server, 'acme', { limits: { maxDocuments: 1000 } });
    await createWorkspace(server, 'beta');
    await acme.admin.index('docs').addDocuments([{ id: 1, title: '까치 검색' }, { id: 2, title: '까치 둥지' }]).waitTask();
    for (let i = 0; i < 3; i++) await acme.admin.index('docs').search('까치');
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lists each workspace with its usage and limits', async () => {
    const { context, page } = await openTab(browser);
    try {
      await page.goto(`${server.url}/#/admin`);
      await page.getByLabel('마스터 키 또는 관리자 API 키', { exact: true }).fill(MASTER);
      await page.keyboard.press('Enter');
      await page.getByRole('tab', { name: '워크스페이스' }).click();
      const acme = page.getByRole('row', { name: /acme/ });
      await acme.waitFor();
      const cells = await acme.getByRole('cell').allTextContents();
      assert.equal(cells[0], '2 / 1,000', 'documents against the limit');
      assert.equal(cells[3], '3', 'searches over 30 days');
      assert.ok((await page.getByRole('row', { name: /beta/ }).getByRole('cell').allTextContents())[0] === '0');
      await screenshot(page, 'workspaces-admin-usage');
    } finally {
      await context.close();
    }
  });
});
