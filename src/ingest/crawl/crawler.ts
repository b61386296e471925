// `crawlSite`: a polite, resumable crawl of one site into passages. This file runs the frontier; each
// page is handled by crawl-page.ts.
import type { KachiIndex } from '../../engine-types.ts';
import { KachiError } from '../../errors.ts';
import { PassageWriter, preparePassageIndex } from '../passage-writer.ts';
import { IngestProblem } from '../problems.ts';
import { emptyReport, recordProblem, type IngestReport } from '../report.ts';
import { ANY_ADDRESS, PUBLIC_ONLY, type AddressPolicy } from './address-guard.ts';
import { canonicalUrl, sameSite } from './canonical-url.ts';
import { loadState, newState, saveState, type CrawlState, type QueuedUrl } from './crawl-state.ts';
import { crawlPage, DEFAULT_USER_AGENT, politeFetch, type CrawlContext } from './crawl-page.ts';
import { HostPacer } from './host-pacer.ts';
import { ALLOW_ALL, DISALLOW_ALL, parseRobots } from './robots.ts';
import { parseSitemap } from './sitemap.ts';
import type { SourceOptions } from '../ingest-source.ts';

export interface CrawlOptions extends SourceOptions {
  /** Most pages fetched in one run; a run stopped here resumes from its saved frontier. Default 1000. */
  maxPages?: number;
  /** Most links followed from the start page. Default 10. */
  maxDepth?: number;
  /** Least time between two requests to one host, in ms; robots.txt Crawl-delay can raise it. Default 1000. */
  delayMs?: number;
  /** Most requests in flight per host. Default 2. */
  concurrency?: number;
  /** Deadline per request, in ms. Default 15000. */
  timeoutMs?: number;
  /** Larger pages are skipped as too_large. Default 20 MB. */
  maxPageBytes?: number;
  /** Connect to private, loopback and link-local addresses too. Default false (SSRF guard). */
  allowPrivate?: boolean;
  /** Overrides allowPrivate with an address check of your own (tests). */
  addressPolicy?: AddressPolicy;
  /** Default 'KachiBot/0.1 (+https://github.com/kachi-search/kachi)'. */
  userAgent?: string;
  /** JSON file keeping the frontier and page validators; null keeps them in memory only. Default null. */
  statePath?: string | null;
  /** Read robots.txt's Sitemap lines and /sitemap.xml for more pages. Default true. */
  useSitemap?: boolean;
  onProgress?: (progress: { pages: number; maxPages: number; queued: number }) => void;
}

/**
 * Crawls the site of `start` into `index`.
 * `await crawlSite(index, 'https://example.kr/', { statePath: '.kachi-crawl.json' })` → an IngestReport of pages.
 */
export async function crawlSite(index: KachiIndex, start: string, options: CrawlOptions = {}): Promise<IngestReport> {
  const startUrl = canonicalUrl(start);
  if (startUrl === null) throw new KachiError('bad_request', `\`${start}\` is not an http(s) URL; pass one like https://example.kr/.`);
  const started = performance.now();
  preparePassageIndex(index);
  const state = (options.statePath ? await loadState(options.statePath, startUrl.href) : null) ?? newState(startUrl.href);
  if (!state.running || (state.queue.length === 0 && state.visited.length > 0)) Object.assign(state, { running: true, queue: [], visited: [] });
  const freshRun = state.queue.length === 0;
  if (freshRun) state.queue.push({ url: startUrl.href, depth: 0 });
  const ctx: CrawlContext = {
    index,
    start: startUrl,
    options,
    state,
    report: emptyReport(),
    writer: new PassageWriter(index, { batchPassages: 500 }),
    pacer: new HostPacer({ delayMs: options.delayMs ?? 1000, concurrency: options.concurrency ?? 2 }),
    policy: options.addressPolicy ?? (options.allowPrivate ? ANY_ADDRESS : PUBLIC_ONLY),
    robots: ALLOW_ALL,
    visited: new Set(state.visited),
    queued: new Set(state.queue.map((item) => item.url)),
    contentHashes: new Map(),
    fetched: 0,
    inFlight: new Map(),
    enqueue: (url, depth) => enqueue(ctx, url, depth),
  };
  const blocked = await readRobots(ctx);
  if (blocked === null) {
    if (freshRun && (options.useSitemap ?? true)) await readSitemaps(ctx);
    await runWorkers(ctx);
  }
  ctx.writer.flush();
  state.running = state.queue.length > 0;
  state.visited = [...ctx.visited];
  if (options.statePath) await saveState(options.statePath, state);
  ctx.report.seconds = (performance.now() - started) / 1000;
  return ctx.report;
}

function enqueue(ctx: CrawlContext, url: URL, depth: number): void {
  if (!sameSite(url, ctx.start) || depth > (ctx.options.maxDepth ?? 10)) return;
  if (ctx.visited.has(url.href) || ctx.queued.has(url.href)) return;
  ctx.queued.add(url.href);
  ctx.state.queue.push({ url: url.href, depth });
}

/** Fetches robots.txt first. Returns the problem that stops the crawl (the site's address is refused), or null. */
async function readRobots(ctx: CrawlContext): Promise<IngestProblem | null> {
  const url = new URL('/robots.txt', ctx.start);
  try {
    const result = await politeFetch(ctx, url);
    if (result.status >= 200 && result.status < 300) ctx.robots = parseRobots(result.body.toString('utf8'), ctx.options.userAgent ?? DEFAULT_USER_AGENT);
    else if (result.status >= 500) ctx.robots = DISALLOW_ALL;
  } catch (error) {
    const problem = error instanceof IngestProblem ? error : new IngestProblem('network', String(error));
    if (problem.reason === 'blocked_address') {
      ctx.report.seen++;
      recordProblem(ctx.report, { source: ctx.start.href, reason: problem.reason, message: problem.message });
      return problem;
    }
    // An unreachable robots.txt means "assume everything is disallowed" (RFC 9309).
    ctx.robots = DISALLOW_ALL;
  }
  if (ctx.robots === DISALLOW_ALL) recordProblem(ctx.report, { source: url.href, reason: 'robots', message: 'robots.txt is unreachable, so nothing may be crawled (RFC 9309); try again later' });
  if (ctx.robots.crawlDelay !== null) ctx.pacer.setDelay(ctx.start.host, Math.min(ctx.robots.crawlDelay, 60) * 1000);
  return null;
}

async function readSitemaps(ctx: CrawlContext): Promise<void> {
  const pending = [...ctx.robots.sitemaps, new URL('/sitemap.xml', ctx.start).href];
  const read = new Set<string>();
  while (pending.length > 0 && read.size < 20) {
    const url = canonicalUrl(pending.shift() ?? '');
    if (url === null || read.has(url.href) || !sameSite(url, ctx.start)) continue;
    read.add(url.href);
    try {
      const result = await politeFetch(ctx, url);
      if (result.status < 200 || result.status > 299) continue;
      const sitemap = parseSitemap(result.body.toString('utf8'));
      pending.push(...sitemap.sitemaps);
      for (const page of sitemap.pages) {
        const pageUrl = canonicalUrl(page);
        if (pageUrl !== null) enqueue(ctx, pageUrl, 1);
      }
    } catch {
      // A missing or broken sitemap only means fewer seeds; the links still lead to the pages.
    }
  }
}

/** `concurrency` workers share the frontier; one that finds it empty waits while others may still add to it. */
async function runWorkers(ctx: CrawlContext): Promise<void> {
  const maxPages = ctx.options.maxPages ?? 1000;
  let inFlight = 0;
  let wake: Array<() => void> = [];
  let saving: Promise<void> = Promise.resolve();
  const worker = async (): Promise<void> => {
    while (ctx.fetched < maxPages) {
      const item: QueuedUrl | undefined = ctx.state.queue.shift();
      if (item === undefined) {
        if (inFlight === 0) return;
        await new Promise<void>((resolve) => wake.push(resolve));
        continue;
      }
      ctx.queued.delete(item.url);
      if (ctx.visited.has(item.url)) continue;
      ctx.visited.add(item.url);
      inFlight++;
      ctx.inFlight.set(item.url, item);
      try {
        await crawlPage(ctx, item);
      } finally {
        inFlight--;
        ctx.inFlight.delete(item.url);
        const waiting = wake;
        wake = [];
        for (const resolve of waiting) resolve();
      }
      ctx.options.onProgress?.({ pages: ctx.fetched, maxPages, queued: ctx.state.queue.length });
      if (ctx.options.statePath && ctx.fetched % 20 === 0) saving = saving.then(() => checkpoint(ctx));
    }
  };
  await Promise.all(Array.from({ length: ctx.options.concurrency ?? 2 }, worker));
  await saving;
}

/**
 * Commits the passages written so far, then saves the frontier with pages still in flight put back in the
 * queue, so a crawl killed at any moment resumes without skipping a page it had not finished.
 */
async function checkpoint(ctx: CrawlContext): Promise<void> {
  ctx.writer.flush();
  const state: CrawlState = {
    ...ctx.state,
    queue: [...ctx.inFlight.values(), ...ctx.state.queue],
    visited: [...ctx.visited].filter((url) => !ctx.inFlight.has(url)),
  };
  if (ctx.options.statePath) await saveState(ctx.options.statePath, state);
}
