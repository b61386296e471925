// The crawler against a fixture site on 127.0.0.1 (crawled with allowPrivate): encodings, robots.txt,
// sitemap, redirect loop, 500, timeout, canonical dedup, ETag recrawl, resume, politeness and SSRF.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { crawlSite, type CrawlOptions } from '../src/ingest/crawl/crawler.ts';
import type { IngestReport } from '../src/ingest/report.ts';
import { startFixtureSite, warmAnalyzer } from './fixtures/ingest/fixture-site.ts';
import { tempDir, withEngine } from './helpers/temp-engine.ts';

// The site runs in this process, whose event loop the synchronous engine blocks while indexing: keep slack.
const FAST: CrawlOptions = { allowPrivate: true, delayMs: 5, timeoutMs: 1500 };
before(warmAnalyzer);

const reasons = (report: IngestReport, base: string): Record<string, string> =>
  Object.fromEntries([...report.failed, ...report.skipped].map((entry) => [entry.source.replace(base, '/'), entry.reason]));

test('crawl: pages in UTF-8 and EUC-KR indexed; robots, loop, 500, timeout and duplicate reported', async () => {
  const site = await startFixtureSite({ slowMs: 6000 });
  try {
    await withEngine(async (engine) => {
      const index = engine.createIndex('web');
      const report = await crawlSite(index, site.url, FAST);
      assert.deepEqual(reasons(report, site.url), {
        '/private/secret': 'robots',
        '/loop-a': 'redirect',
        '/error': 'http_error',
        '/slow': 'timeout',
        '/copy': 'duplicate',
      });
      assert.equal(report.indexed, 5, '/, /about, /from-sitemap and the two EUC-KR pages');
      assert.ok(!site.requests.some((request) => request.path.startsWith('/private')), 'a disallowed page is never requested');
      assert.ok(site.requests.some((request) => request.path === '/from-sitemap'), 'the sitemap adds pages no link reaches');
      assert.equal(site.requests.filter((request) => request.path.startsWith('/about')).length, 1, '/about?utm_source=…#team is /about');
      const meta = index.search({ q: '똠방각하', limit: 1 }).hits[0];
      assert.deepEqual([meta?.title, meta?.source], ['옛 인코딩', `${site.url}euckr-meta`], 'charset from <meta>');
      assert.equal(index.search({ q: '까치발', limit: 1 }).hits[0]?.title, '헤더 인코딩', 'charset from the Content-Type header');
      assert.ok(site.requests.every((request) => String(request.headers['user-agent']).startsWith('KachiBot/')));
    });
  } finally {
    await site.close();
  }
});

test('recrawl: ETag answers 304, unchanged bodies are skipped, a changed page is replaced', async () => {
  const site = await startFixtureSite({ slowMs: 6000 });
  const dir = tempDir('kachi-crawl-');
  try {
    await withEngine(async (engine) => {
      const index = engine.createIndex('web');
      const options = { ...FAST, statePath: join(dir.path, 'state.json') };
      await crawlSite(index, site.url, options);
      site.setPage('/about', '<html><head><title>까치 소개</title></head><body><p>새로 고친 소개: 이제 답변도 합니다.</p></body></html>');
      const second = await crawlSite(index, site.url, options);
      const got = reasons(second, site.url);
      assert.equal(got['/'], 'not_modified');
      assert.equal(got['/euckr-meta'], 'unchanged', 'no validator: fetched again, skipped by hash');
      assert.equal(second.indexed, 1, 'only the changed page');
      assert.ok(site.requests.some((request) => request.path === '/' && request.headers['if-none-match'] !== undefined));
      assert.deepEqual(index.search({ q: '형태소 분석으로' }).hits.map((hit) => hit.source), [], 'the old /about passages are gone');
      assert.equal(index.search({ q: '답변' }).hits.length, 1);
      assert.ok(site.requests.some((request) => request.path === '/from-sitemap' && request.headers['if-none-match']), 'links of a 304 page are still followed');
    });
  } finally {
    dir.remove();
    await site.close();
  }
});

test('resume: a run stopped at --max-pages continues from its saved frontier', async () => {
  const site = await startFixtureSite({ extraPages: 30 });
  const dir = tempDir('kachi-crawl-');
  try {
    await withEngine(async (engine) => {
      const index = engine.createIndex('web');
      const statePath = join(dir.path, 'state.json');
      const first = await crawlSite(index, site.url, { ...FAST, statePath, maxPages: 10 });
      assert.equal(first.seen, 10);
      const saved = JSON.parse(readFileSync(statePath, 'utf8')) as { running: boolean; queue: unknown[] };
      assert.ok(saved.running && saved.queue.length > 0, 'the frontier is saved');
      const requestsBefore = site.requests.length;
      const second = await crawlSite(index, site.url, { ...FAST, statePath, maxPages: 1000 });
      assert.equal(first.indexed + second.indexed, 32, 'every page once: the list, /p/0…/p/29 and the sitemap page');
      const paths = site.requests.slice(requestsBefore).map((request) => request.path);
      assert.ok(!paths.includes('/'), 'pages of the first run are not fetched again');
      assert.equal(index.stats().numberOfDocuments, 32);
    });
  } finally {
    dir.remove();
    await site.close();
  }
});

test('politeness: one request at a time per host, starts at least delayMs apart', async () => {
  const site = await startFixtureSite({ extraPages: 6 });
  try {
    await withEngine(async (engine) => {
      await crawlSite(engine.createIndex('web'), site.url, { ...FAST, delayMs: 80, concurrency: 1 });
      const times = site.requests.map((request) => request.at);
      assert.ok(times.length >= 8);
      // Arrival times, not send times (connection setup, a busy CI machine), hence the slack per gap.
      for (let i = 1; i < times.length; i++) assert.ok((times[i] ?? 0) - (times[i - 1] ?? 0) >= 40, `gap ${i}: ${(times[i] ?? 0) - (times[i - 1] ?? 0)} ms`);
      assert.ok((times.at(-1) ?? 0) - (times[0] ?? 0) >= 80 * (times.length - 1) * 0.95, 'on average at least delayMs apart');
    });
  } finally {
    await site.close();
  }
});

test('SSRF: loopback refused without allowPrivate, by literal IP, after DNS, and on a redirect hop', async () => {
  const site = await startFixtureSite();
  try {
    await withEngine(async (engine) => {
      const index = engine.createIndex('web');
      const literal = await crawlSite(index, site.url, { delayMs: 0 });
      assert.deepEqual(literal.failed.map((entry) => entry.reason), ['blocked_address']);
      const port = new URL(site.url).port;
      const dns = await crawlSite(index, `http://localhost:${port}/`, { delayMs: 0 });
      assert.deepEqual(dns.failed.map((entry) => entry.reason), ['blocked_address']);
      assert.match(dns.failed[0]?.message ?? '', /resolves to/);
      assert.equal(site.requests.length, 0, 'no request reached the server');
      // 127.0.0.1 allowed, 127.0.0.2 not: the redirect hop is checked on its own.
      const hop = await crawlSite(index, `${site.url}to-private`, { delayMs: 0, useSitemap: false, addressPolicy: (address) => address === '127.0.0.1' });
      assert.equal(reasons(hop, site.url)['/to-private'], 'redirect', 'off-site (another host) is refused before connecting');
    });
  } finally {
    await site.close();
  }
});
