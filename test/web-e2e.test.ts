// The web UI end to end: headless Chromium (Debian's, through playwright-core) against a real Kachi server on
// 127.0.0.1 holding Korean documents — the sample guide loaded by its one-click button, and files uploaded in the admin view.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  ARTIFACTS,
  DESKTOP,
  launchChromium,
  openTab,
  screenshot,
  skipWithoutChromium,
  WAIT,
} from './helpers/chromium.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** A real HWPX document (소개하는 글), read from the shared fixtures beside the project, never copied into it. */
const HWPX = join(ROOT, '../shared/fixtures/hwp/selfintroduce.hwpx');
const MASTER_KEY = 'web-test-master-key-0123456789';
const PHONE = { width: 390, height: 844 };

/** Korean notes uploaded as NDJSON from the admin view, then searched for from the search page. */
const NOTES = [
  {
    id: 'n1',
    title: '회의록: 검색 품질 점검',
    body: '다음 분기에는 초성 검색과 자판 변환의 정확도를 다시 재기로 했다.',
  },
  { id: 'n2', title: '텃밭 가꾸기 모임', body: '주말마다 옥상 텃밭에서 상추와 깻잎을 기른다.' },
];

// Browser-side checks are written as expressions: the project's TypeScript program has Node's types, not the DOM's.
/** Form controls without an accessible name (no label, aria-label or aria-labelledby, and no text for buttons). */
const UNLABELLED_CONTROLS = `[...document.querySelectorAll('input, select, textarea, button')]
  .filter((c) => !((c.labels?.length ?? 0) > 0 || c.getAttribute('aria-label') || c.getAttribute('aria-labelledby') || (c.tagName === 'BUTTON' && c.textContent.trim())))
  .map((c) => c.outerHTML.slice(0, 80))`;
const NO_SIDEWAYS_SCROLL = 'document.documentElement.scrollWidth <= window.innerWidth';

function inPage<T>(on: Page, expression: string): Promise<T> {
  return on.evaluate(expression) as Promise<T>;
}

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** A second tab for the admin view, with its own (empty) session storage. */
let adminContext: BrowserContext;
let admin: Page;

/** Resolves once some hit title contains `text`. */
async function hitTitled(on: Page, text: string): Promise<void> {
  await on.locator('.hits .hit-title', { hasText: text }).first().waitFor(WAIT);
}

/** Types `q` and waits until the hits on screen are the answer to it (the list carries its query). */
async function search(on: Page, q: string): Promise<void> {
  await on.getByRole('searchbox', { name: '검색어' }).fill(q);
  await on.locator(`ol.hits[data-query=${JSON.stringify(q)}]`).waitFor(WAIT);
}

describe('web UI in headless Chromium', { skip: skipWithoutChromium }, () => {
  before(async () => {
    const launch = launchChromium();
    server = await startTestServer({ masterKey: MASTER_KEY });
    // Loads the Korean dictionary while Chromium starts, so the first-start click measures the UI, not that.
    const warmUp = (async () => {
      await server.client
        .index('warm-up')
        .addDocuments([{ id: 1, text: '사전을 미리 읽어 둔다' }])
        .waitTask();
      await server.client.deleteIndex('warm-up').waitTask();
    })();
    [browser] = await Promise.all([launch, warmUp]);
    ({ context, page } = await openTab(browser));
    ({ context: adminContext, page: admin } = await openTab(browser));
    admin.on('dialog', (dialog) => void dialog.accept());
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('first start: asks for a key, then loads the sample guide with one click', async () => {
    await page.goto(`${server.url}/`);
    await page.getByLabel('API 키', { exact: true }).fill('not-the-key');
    await page.getByRole('button', { name: '확인' }).click();
    await page.getByRole('alert').filter({ hasText: 'The provided API key is invalid.' }).waitFor(WAIT);
    await page.getByLabel('API 키', { exact: true }).fill(MASTER_KEY);
    await page.getByRole('button', { name: '확인' }).click();
    await page.getByRole('button', { name: /샘플 색인 불러오기/ }).click();
    await page.getByRole('searchbox', { name: '검색어' }).waitFor({ timeout: 60_000 });
    await page
      .getByRole('status')
      .filter({ hasText: /결과 28개 · 검색 \d+ms/ })
      .waitFor(WAIT);
  });

  it('chosung: ㄱㅅㅇㅈ finds the document about 검색엔진, highlighted', async () => {
    await search(page, 'ㄱㅅㅇㅈ');
    await hitTitled(page, '검색엔진');
    const marks = await page.locator('.hits mark').allTextContents();
    assert.ok(marks.includes('검색엔진'), `marks: ${marks.join(', ')}`);
    await screenshot(page, 'web-desktop-search');
  });

  it('keyboard layout: rjator finds 검색', async () => {
    await search(page, 'rjator');
    await page.locator('.hits mark', { hasText: '검색' }).first().waitFor(WAIT);
    assert.equal(await page.locator('.hits mark', { hasText: 'rjator' }).count(), 0);
  });

  it('keyboard navigation: ↓ into the hits, Enter opens one, Esc closes it and goes back to the box', async () => {
    await search(page, 'ㄱㅅㅇㅈ');
    await hitTitled(page, '검색엔진');
    const box = page.getByRole('searchbox', { name: '검색어' });
    await box.press('ArrowDown');
    const first = await inPage<string>(page, "document.activeElement?.textContent ?? ''");
    assert.equal(first, await page.locator('.hits .hit-title').first().textContent());
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    assert.equal(await inPage<string>(page, "document.activeElement?.textContent ?? ''"), first);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor(WAIT);
    assert.equal(await dialog.getByRole('heading').first().textContent(), first);
    assert.ok((await dialog.locator('mark').count()) > 0, 'the opened document shows its matches');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', ...WAIT });
    await page.keyboard.press('Escape');
    assert.equal(await inPage<string>(page, 'document.activeElement?.id'), 'q');
  });

  it('facets, sort and pages come from the index settings', async () => {
    await search(page, '');
    await page.getByRole('status').filter({ hasText: '결과 28개' }).waitFor(WAIT);
    await page.getByRole('navigation', { name: '페이지' }).getByRole('button', { name: '3쪽' }).click();
    await page.getByRole('button', { name: '3쪽' }).and(page.locator('[aria-current="page"]')).waitFor(WAIT);
    await page.getByRole('checkbox', { name: /AI 친구/ }).check();
    await page.getByRole('status').filter({ hasText: '결과 3개' }).waitFor(WAIT);
    await hitTitled(page, 'AI 친구에게 물어보기');
    await page.getByRole('button', { name: '필터 모두 지우기' }).click();
    await page.getByLabel('정렬', { exact: true }).selectOption('order:desc');
    await page.getByRole('status').filter({ hasText: '결과 28개' }).waitFor(WAIT);
    await page.locator('.hits .hit-title').first().filter({ hasText: '검색 결과가 이상할 때' }).waitFor(WAIT);
  });

  it('English toggle, labels on every control, and a phone width without sideways scrolling', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('searchbox', { name: 'Search' }).waitFor(WAIT);
    // The page's language is set by an effect after the render that relabels the controls: wait for it too.
    await page.waitForFunction("document.documentElement.lang === 'en'", undefined, WAIT);
    await page.getByRole('button', { name: '한국어' }).click();
    const unlabelled = await inPage<string[]>(page, UNLABELLED_CONTROLS);
    assert.deepEqual(unlabelled, []);
    await page.setViewportSize(PHONE);
    await search(page, 'ㄱㅅㅇㅈ');
    await hitTitled(page, '검색엔진');
    assert.ok(await inPage<boolean>(page, NO_SIDEWAYS_SCROLL), 'no horizontal scroll');
    await screenshot(page, 'web-phone-search');
    await page.setViewportSize(DESKTOP);
  });

  it('admin: log in, see indexes, upload a file with progress, wait for its task, then find its text', async () => {
    const on = admin;
    await on.goto(`${server.url}/#/admin`);
    await on.getByLabel('마스터 키 또는 관리자 API 키', { exact: true }).fill('wrong');
    await on.getByRole('button', { name: '확인' }).click();
    await on.getByRole('alert').filter({ hasText: 'The provided API key is invalid.' }).waitFor(WAIT);
    await on.getByLabel('마스터 키 또는 관리자 API 키', { exact: true }).fill(MASTER_KEY);
    await on.getByRole('button', { name: '확인' }).click();
    const guideRow = on.getByRole('row', { name: /kachi-guide/ });
    await guideRow.getByRole('cell', { name: '28', exact: true }).waitFor(WAIT);

    await on.getByRole('tab', { name: '파일 올리기' }).click();
    await on.getByLabel('넣을 색인 (없으면 새로 만들어요)', { exact: true }).fill('notes');
    const ndjson = NOTES.map((note) => JSON.stringify(note)).join('\n');
    await on
      .getByLabel('파일', { exact: true })
      .setInputFiles({ name: 'notes.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(ndjson) });
    await on.getByRole('button', { name: '올리기' }).click();
    await on.locator('.uploads .badge.succeeded').waitFor(WAIT);
    assert.equal(
      await on.getByRole('progressbar', { name: 'notes.jsonl 올리기 진행률' }).getAttribute('value'),
      '100',
    );
    await screenshot(on, 'web-desktop-admin-upload');

    await on.getByRole('tab', { name: '작업' }).click();
    await on
      .getByRole('row', { name: /documentAdditionOrUpdate.*notes.*성공/ })
      .first()
      .waitFor(WAIT);

    await on.getByRole('link', { name: '검색', exact: true }).click();
    await on.getByLabel('색인', { exact: true }).selectOption('notes');
    await search(on, 'ㅌㅂ');
    await hitTitled(on, '텃밭 가꾸기 모임');
    await on.getByRole('link', { name: '관리', exact: true }).click();
  });

  it('admin: a .hwpx upload is ingested by its task, and its text is found from the search page', async () => {
    assert.ok(existsSync(HWPX), `the fixture ${HWPX} is missing`);
    const on = admin;
    await on.getByRole('tab', { name: '파일 올리기' }).click();
    await on.getByLabel('넣을 색인 (없으면 새로 만들어요)', { exact: true }).fill('hwp-docs');
    await on.getByLabel('파일', { exact: true }).setInputFiles(HWPX);
    await on.getByRole('button', { name: '올리기' }).click();
    const row = on.locator('.uploads .upload', { hasText: 'selfintroduce.hwpx' });
    await row.locator('.badge.succeeded').waitFor({ timeout: 30_000 });
    assert.equal(await row.getByRole('progressbar').getAttribute('value'), '100');
    await on.getByRole('link', { name: '검색', exact: true }).click();
    await on.getByLabel('색인', { exact: true }).selectOption('hwp-docs');
    await search(on, '텃밭');
    await hitTitled(on, '나를 소개 합니다');
    assert.ok((await on.locator('.hits mark', { hasText: '텃밭' }).count()) > 0);
    await screenshot(on, 'web-desktop-search-hwpx');
    await on.getByRole('link', { name: '관리', exact: true }).click();
  });

  it('admin: the settings editor shows the server’s validation message, and saves the korean switches', async () => {
    const on = admin;
    await on.getByRole('tab', { name: '설정' }).click();
    await on.getByLabel('색인', { exact: true }).selectOption('kachi-guide');
    const editor = on.getByLabel('설정 (JSON)', { exact: true });
    await on.waitForFunction(
      `(document.querySelector('#settings-json')?.value ?? '').includes('"chapter"')`,
      undefined,
      WAIT,
    );
    await on.getByRole('checkbox', { name: /jamoTypo/ }).uncheck();
    assert.match(await editor.inputValue(), /"jamoTypo": false/);
    await on.getByRole('button', { name: '저장' }).click();
    await on.getByRole('status').filter({ hasText: '저장했어요.' }).waitFor(WAIT);
    const saved = await server.request('GET', '/indexes/kachi-guide/settings/korean');
    assert.equal((saved.body as { jamoTypo: boolean }).jamoTypo, false);
    await on.getByRole('checkbox', { name: /jamoTypo/ }).check();
    await on.getByRole('button', { name: '저장' }).click();
    await on.getByRole('status').filter({ hasText: '저장했어요.' }).waitFor(WAIT);

    await editor.fill('{ "rankingRules": ["bogus"] ');
    await on.getByText('JSON으로 읽을 수 없어요').first().waitFor(WAIT);
    await editor.fill('{ "rankingRules": ["bogus"] }');
    await on.getByRole('button', { name: '저장' }).click();
    await on.getByRole('alert').filter({ hasText: '`bogus` ranking rule is invalid' }).waitFor(WAIT);
    await screenshot(on, 'web-desktop-admin-settings');
  });

  it('admin: API keys are created, copied and revoked', async () => {
    const on = admin;
    await on.setViewportSize(PHONE);
    await on.getByRole('tab', { name: 'API 키' }).click();
    await on.getByLabel('설명', { exact: true }).fill('사내 위키 검색창');
    await on.getByRole('button', { name: '키 만들기' }).click();
    const value = (await on.locator('.key-full').textContent({ timeout: WAIT.timeout })) ?? '';
    assert.match(value, /^[0-9a-f]{64}$/);
    const card = on.locator('.key', { hasText: '사내 위키 검색창' });
    await card.waitFor(WAIT);
    assert.equal(await card.locator('.key-value').textContent(), `${value.slice(0, 8)}…`);
    const searchOnly = await server.request('POST', '/indexes/kachi-guide/search', {
      body: '{"q":"까치"}',
      key: value,
    });
    assert.equal(searchOnly.status, 200);
    assert.ok(await inPage<boolean>(on, NO_SIDEWAYS_SCROLL), 'no horizontal scroll');
    await screenshot(on, 'web-phone-admin-keys');
    await card.getByRole('button', { name: '폐기' }).click();
    await card.waitFor({ state: 'detached', ...WAIT });
    const revoked = await server.request('POST', '/indexes/kachi-guide/search', {
      body: '{"q":"까치"}',
      key: value,
    });
    assert.equal(revoked.status, 403);
  });

  it('keeps its screenshots', async () => {
    for (const name of [
      'web-desktop-search',
      'web-phone-search',
      'web-desktop-admin-upload',
      'web-desktop-admin-settings',
      'web-phone-admin-keys',
      'web-desktop-search-hwpx',
    ])
      assert.ok(existsSync(join(ARTIFACTS, `${name}.png`)), name);
    await Promise.all([context.close(), adminContext.close()]);
  });
});
