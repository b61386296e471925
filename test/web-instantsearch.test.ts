// InstantSearch.js over @meilisearch/instant-meilisearch, unchanged, against a real Kachi server: a page written
// for Meilisearch renders Kachi's hits, highlights and facet counts in headless Chromium, and its facets filter.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, openTab, screenshot, skipWithoutChromium, WAIT } from './helpers/chromium.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MODULES = join(ROOT, 'node_modules');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'instantsearch');
const MASTER_KEY = 'instantsearch-test-master-key-0123';

/** What the page's origin serves: the fixture page and the libraries' own dist files, as a site would host them. */
const FILES: Record<string, string> = {
  '/': join(FIXTURE, 'index.html'),
  '/search-page.js': join(FIXTURE, 'search-page.js'),
  '/lib/instantsearch.js': join(MODULES, 'instantsearch.js/dist/instantsearch.production.min.js'),
  '/lib/instant-meilisearch.js': join(MODULES, '@meilisearch/instant-meilisearch/dist/index.js'),
  '/lib/meilisearch.js': join(MODULES, 'meilisearch/dist/index.js'),
};

/** Korean articles with a category facet; only title and body are searchable, so `ㄱㅅ` cannot match 기술. */
const ARTICLES = [
  {
    id: 'a1',
    title: '검색엔진의 원리',
    body: '역색인은 낱말마다 그 낱말이 나오는 문서의 목록을 적어 둔다.',
    category: '기술',
  },
  {
    id: 'a2',
    title: '가을 산행 안내',
    body: '단풍이 드는 시월에는 설악산 등산로가 붐빈다.',
    category: '여행',
  },
  {
    id: 'a3',
    title: '검색 기록 지우기',
    body: '브라우저 설정에서 지난 검색 기록을 지울 수 있다.',
    category: '생활',
  },
  {
    id: 'a4',
    title: '형태소 분석기 비교',
    body: '형태소 분석기마다 조사를 떼는 방식이 달라 검색 품질이 달라진다.',
    category: '기술',
  },
  {
    id: 'a5',
    title: '김치 담그는 법',
    body: '배추를 소금에 절인 뒤 양념을 고루 버무린다.',
    category: '생활',
  },
  { id: 'a6', title: '제주 바다 여행', body: '제주 바다는 한여름에도 물이 맑고 푸르다.', category: '여행' },
];

/** Serves FILES on 127.0.0.1: the page lives on another origin than Kachi, so every search is a CORS request. */
async function startPageServer(): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const path = FILES[new URL(request.url ?? '/', 'http://page').pathname];
    if (path === undefined) return void response.writeHead(404).end();
    const type = path.endsWith('.html') ? 'text/html; charset=utf-8' : 'text/javascript; charset=utf-8';
    readFile(path).then(
      (bytes) => response.writeHead(200, { 'content-type': type }).end(bytes),
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

let kachi: TestServer;
let site: { url: string; server: Server };
let browser: Browser;
let context: BrowserContext;
let page: Page;

/** The hit titles on screen, in order. */
function titles(): Promise<string[]> {
  return page.locator('.ais-Hits-item .hit-title').allTextContents();
}

/** Waits until the hit titles on screen are exactly `expected` (in any order). */
async function hitsAre(expected: string[]): Promise<void> {
  const want = JSON.stringify([...expected].sort());
  await page.waitForFunction(
    `JSON.stringify([...document.querySelectorAll('.ais-Hits-item .hit-title')].map((e) => e.textContent).sort()) === ${JSON.stringify(want)}`,
    undefined,
    WAIT,
  );
}

/** The refinement list as `{value: count}`. */
async function facetCounts(): Promise<Record<string, number>> {
  const items = page.locator('#category .ais-RefinementList-item');
  const counts: Record<string, number> = {};
  for (const item of await items.all()) {
    const label = await item.locator('.ais-RefinementList-labelText').textContent();
    const count = await item.locator('.ais-RefinementList-count').textContent();
    counts[label ?? ''] = Number(count);
  }
  return counts;
}

async function typeQuery(q: string): Promise<void> {
  await page.locator('#searchbox input.ais-SearchBox-input').fill(q);
}

describe(
  'InstantSearch.js with instant-meilisearch against Kachi',
  { skip: skipWithoutChromium, timeout: 60_000 },
  () => {
    before(async () => {
      const launching = launchChromium();
      kachi = await startTestServer({ masterKey: MASTER_KEY });
      const articles = kachi.client.index('articles');
      await articles
        .updateSettings({ searchableAttributes: ['title', 'body'], filterableAttributes: ['category'] })
        .waitTask();
      await articles.addDocuments(ARTICLES, { primaryKey: 'id' }).waitTask();
      site = await startPageServer();
      browser = await launching;
      ({ context, page } = await openTab(browser));
      // The page gets the default search key, as a public site would: it can search and nothing else.
      const { results } = await kachi.client.getKeys();
      const searchKey = results.find((key) => key.name === 'Default Search API Key')?.key;
      assert.ok(searchKey);
      const query = new URLSearchParams({ host: kachi.url, key: searchKey, index: 'articles' });
      await page.goto(`${site.url}/?${query}`);
    });

    after(async () => {
      await context?.close();
      await browser?.close();
      await kachi?.close();
      site?.server.close();
    });

    it('shows every document and the category counts before anything is typed', async () => {
      await hitsAre(ARTICLES.map((article) => article.title));
      assert.deepEqual(await facetCounts(), { 기술: 2, 여행: 2, 생활: 2 });
    });

    it('a Korean query: hits with <mark> highlights, facet counts of the matching documents', async () => {
      await typeQuery('검색');
      await hitsAre(['검색엔진의 원리', '검색 기록 지우기', '형태소 분석기 비교']);
      const marks = await page.locator('.ais-Hits-item mark.ais-Highlight-highlighted').allTextContents();
      assert.ok(marks.includes('검색') || marks.includes('검색엔진'), `title marks: ${marks.join(', ')}`);
      const snippetMarks = await page.locator('.ais-Hits-item .hit-body mark').allTextContents();
      assert.ok(snippetMarks.includes('검색'), `body marks: ${snippetMarks.join(', ')}`);
      assert.deepEqual(await facetCounts(), { 기술: 2, 생활: 1 });
      assert.match((await page.locator('#stats').textContent()) ?? '', /3/);
      await screenshot(page, 'instantsearch-query');
    });

    it('clicking a facet value filters the hits, and clicking it again brings them back', async () => {
      await page.locator('#category .ais-RefinementList-item', { hasText: '기술' }).locator('input').click();
      await hitsAre(['검색엔진의 원리', '형태소 분석기 비교']);
      assert.ok((await titles()).every((title) => !title.includes('기록')));
      // A disjunctive facet keeps the other values' counts, so the user can widen the choice.
      assert.deepEqual(await facetCounts(), { 기술: 2, 생활: 1 });
      await page.locator('#category .ais-RefinementList-item', { hasText: '기술' }).locator('input').click();
      await hitsAre(['검색엔진의 원리', '검색 기록 지우기', '형태소 분석기 비교']);
    });

    it('a chosung query (ㄱㅅ) finds 검색, highlighted', async () => {
      await typeQuery('ㄱㅅ');
      await page.locator('.ais-Hits-item mark', { hasText: '검색' }).first().waitFor(WAIT);
      const shown = await titles();
      for (const title of ['검색엔진의 원리', '검색 기록 지우기'])
        assert.ok(shown.includes(title), shown.join(', '));
      assert.equal(await page.locator('.ais-Hits-item mark', { hasText: 'ㄱㅅ' }).count(), 0);
      await screenshot(page, 'instantsearch-chosung');
    });

    it('searching inside the facet list (facet search) narrows the values', async () => {
      await typeQuery('');
      await hitsAre(ARTICLES.map((article) => article.title));
      await page.locator('#category input.ais-SearchBox-input').fill('생');
      await page.waitForFunction(
        `document.querySelectorAll('#category .ais-RefinementList-item').length === 1`,
        undefined,
        WAIT,
      );
      assert.deepEqual(await facetCounts(), { 생활: 2 });
      await page.locator('#category .ais-RefinementList-item input').click();
      await hitsAre(['검색 기록 지우기', '김치 담그는 법']);
      assert.equal(await page.evaluate('document.body.dataset.searchError ?? null'), null);
    });
  },
);
