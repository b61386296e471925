// Crawler parts on their own: robots.txt rules, URL canonicalization, the SSRF address table, sitemaps,
// and the per-host pacer under a fake clock.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isBlockedAddress } from '../src/ingest/crawl/address-guard.ts';
import { canonicalUrl, sameSite } from '../src/ingest/crawl/canonical-url.ts';
import { HostPacer } from '../src/ingest/crawl/host-pacer.ts';
import { parseRobots } from '../src/ingest/crawl/robots.ts';
import { parseSitemap } from '../src/ingest/crawl/sitemap.ts';

test('robots.txt: our group over *, longest match, Allow wins ties, wildcards and $', () => {
  const robots = parseRobots(
    `User-agent: *\nDisallow: /\n\nUser-agent: KachiBot\nUser-agent: OtherBot\nDisallow: /private\nAllow: /private/open\nDisallow: /*.pdf$\nDisallow: /tmp/\nAllow: /tmp/\nCrawl-delay: 2\nSitemap: https://a.kr/s.xml`,
    'KachiBot/0.1 (+https://x)',
  );
  const table: Array<[string, boolean]> = [
    ['/', true], ['/private', false], ['/private/x', false], ['/private/open/page', true],
    ['/doc.pdf', false], ['/doc.pdf?x=1', true], ['/tmp/a', true], ['/robots.txt', true],
  ];
  for (const [path, allowed] of table) assert.equal(robots.isAllowed(path), allowed, path);
  assert.equal(robots.crawlDelay, 2);
  assert.deepEqual(robots.sitemaps, ['https://a.kr/s.xml']);
  assert.equal(parseRobots('User-agent: *\nDisallow: /', 'KachiBot').isAllowed('/a'), false, 'falls back to *');
  assert.equal(parseRobots('', 'KachiBot').isAllowed('/a'), true);
});

test('canonical URLs: fragments, tracking parameters, parameter order, default ports; same site', () => {
  const table: Array<[string, string | null]> = [
    ['HTTP://Example.COM:80/a/../b?utm_source=x&b=2&a=1#top', 'http://example.com/b?a=1&b=2'],
    ['https://example.com:443/검색?q=까치', 'https://example.com/%EA%B2%80%EC%83%89?q=%EA%B9%8C%EC%B9%98'],
    ['https://user:pw@example.com/', 'https://example.com/'],
    ['mailto:a@b.c', null],
    ['javascript:void(0)', null],
  ];
  for (const [raw, expected] of table) assert.equal(canonicalUrl(raw)?.href ?? null, expected, raw);
  assert.ok(sameSite(new URL('https://www.a.kr/x'), new URL('http://a.kr/')));
  assert.ok(!sameSite(new URL('https://b.a.kr/'), new URL('https://a.kr/')));
});

test('SSRF table: private, loopback, link-local, mapped and reserved addresses are blocked', () => {
  const blocked = ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', 'not-an-ip'];
  const open = ['8.8.8.8', '211.234.10.1', '2001:4860:4860::8888', '::ffff:8.8.8.8'];
  for (const address of blocked) assert.equal(isBlockedAddress(address), true, address);
  for (const address of open) assert.equal(isBlockedAddress(address), false, address);
});

test('sitemaps: urlset pages and sitemapindex children, entities decoded', () => {
  assert.deepEqual(parseSitemap('<urlset><url><loc> https://a.kr/x?a=1&amp;b=2 </loc></url><url><loc>https://a.kr/y</loc></url></urlset>'), {
    pages: ['https://a.kr/x?a=1&b=2', 'https://a.kr/y'],
    sitemaps: [],
  });
  assert.deepEqual(parseSitemap('<sitemapindex><sitemap><loc>https://a.kr/s1.xml</loc></sitemap></sitemapindex>').sitemaps, ['https://a.kr/s1.xml']);
});

test('pacer: starts delayMs apart and at most `concurrency` at once, on a fake clock', async () => {
  let now = 0;
  // The fake sleep advances the clock on the next macrotask, after the woken request has recorded its start.
  const sleep = (ms: number): Promise<void> => new Promise((resolve) => setImmediate(() => resolve(void (now += ms))));
  const pacer = new HostPacer({ delayMs: 100, concurrency: 2, now: () => now, sleep });
  const starts: number[] = [];
  let active = 0;
  let most = 0;
  await Promise.all(
    Array.from({ length: 5 }, async () => {
      const release = await pacer.acquire('a.kr');
      starts.push(now);
      most = Math.max(most, ++active);
      await Promise.resolve();
      active--;
      release();
    }),
  );
  assert.deepEqual(starts, [0, 100, 200, 300, 400]);
  assert.ok(most <= 2);
  pacer.setDelay('a.kr', 1000);
  const release = await pacer.acquire('a.kr');
  release();
  assert.equal(now, 500, 'the delay set by the previous request still applies');
  await (await pacer.acquire('a.kr'))();
  assert.equal(now, 1500, 'then Crawl-delay raises it');
});
