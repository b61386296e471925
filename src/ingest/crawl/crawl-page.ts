// One page of a crawl: robots check, conditional GET, then index it and queue its links.
import type { KachiIndex } from '../../engine-types.ts';
import { charsetFromContentType, charsetFromMeta, decodeText } from '../encoding.ts';
import { formatOfContentType, formatOfPath } from '../extract.ts';
import { extractHtmlDocument, loadHtml } from '../formats/html.ts';
import { ingestSource } from '../ingest-source.ts';
import { sha256 } from '../passage-documents.ts';
import { deleteSources, type PassageWriter } from '../passage-writer.ts';
import { IngestProblem } from '../problems.ts';
import { recordProblem, type IngestReport } from '../report.ts';
import type { ExtractedDocument } from '../types.ts';
import type { AddressPolicy } from './address-guard.ts';
import { canonicalUrl, sameSite, siteOf } from './canonical-url.ts';
import type { CrawlState, QueuedUrl } from './crawl-state.ts';
import type { CrawlOptions } from './crawler.ts';
import type { HostPacer } from './host-pacer.ts';
import { fetchPage, type FetchResult } from './http-fetch.ts';
import { readPageDirectives } from './page-links.ts';
import type { RobotsRules } from './robots.ts';

/** Everything one crawl shares between its workers. */
export interface CrawlContext {
  index: KachiIndex;
  start: URL;
  options: CrawlOptions;
  state: CrawlState;
  report: IngestReport;
  writer: PassageWriter;
  pacer: HostPacer;
  policy: AddressPolicy;
  robots: RobotsRules;
  visited: Set<string>;
  queued: Set<string>;
  /** Body hash → the URL indexed with it in this run: mirrors and print views are indexed once. */
  contentHashes: Map<string, string>;
  /** Pages requested in this run (robots.txt and sitemaps not counted). */
  fetched: number;
  inFlight: Map<string, QueuedUrl>;
  enqueue(url: URL, depth: number): void;
}

export const DEFAULT_USER_AGENT = 'KachiBot/0.1 (+https://github.com/kachi-search/kachi)';

/** A GET that waits its turn with the host pacer; redirects may not leave the site. */
export async function politeFetch(ctx: CrawlContext, url: URL, headers: Record<string, string> = {}): Promise<FetchResult> {
  const release = await ctx.pacer.acquire(url.host);
  try {
    return await fetchPage(url, {
      policy: ctx.policy,
      userAgent: ctx.options.userAgent ?? DEFAULT_USER_AGENT,
      timeoutMs: ctx.options.timeoutMs ?? 15_000,
      maxBytes: ctx.options.maxPageBytes ?? 20 * 1024 * 1024,
      headers,
      allowRedirect: (next) => sameSite(next, ctx.start),
    });
  } finally {
    release();
  }
}

export async function crawlPage(ctx: CrawlContext, item: QueuedUrl): Promise<void> {
  const url = new URL(item.url);
  ctx.report.seen++;
  if (!ctx.robots.isAllowed(url.pathname + url.search)) {
    recordProblem(ctx.report, { source: url.href, reason: 'robots', message: 'disallowed by robots.txt' });
    return;
  }
  ctx.fetched++;
  const previous = ctx.state.pages[url.href];
  const conditional: Record<string, string> = {};
  if (previous?.etag) conditional['if-none-match'] = previous.etag;
  if (previous?.lastModified) conditional['if-modified-since'] = previous.lastModified;
  let result: FetchResult;
  try {
    result = await politeFetch(ctx, url, conditional);
  } catch (error) {
    const problem = error instanceof IngestProblem ? error : new IngestProblem('network', String(error));
    recordProblem(ctx.report, { source: url.href, reason: problem.reason, message: problem.message });
    return;
  }
  if (result.status === 304 && previous !== undefined) {
    recordProblem(ctx.report, { source: url.href, reason: 'not_modified', message: 'not modified since the last crawl' });
    for (const link of previous.links) ctx.enqueue(new URL(link), item.depth + 1);
    return;
  }
  if (result.status < 200 || result.status > 299) {
    if (result.status === 404 || result.status === 410) forgetPage(ctx, url.href);
    recordProblem(ctx.report, { source: url.href, reason: 'http_error', message: `HTTP ${result.status}` });
    return;
  }
  await indexPage(ctx, item, result);
}

/** A page that is gone (404, 410) takes its passages with it. */
function forgetPage(ctx: CrawlContext, url: string): void {
  if (ctx.state.pages[url] === undefined) return;
  delete ctx.state.pages[url];
  ctx.writer.flush();
  if (deleteSources(ctx.index, [url]) > 0) ctx.report.removed.push(url);
}

async function indexPage(ctx: CrawlContext, item: QueuedUrl, result: FetchResult): Promise<void> {
  const finalUrl = canonicalUrl(result.url.href) ?? result.url;
  ctx.visited.add(finalUrl.href);
  const contentType = String(result.headers['content-type'] ?? '');
  const format = formatOfContentType(contentType) ?? formatOfPath(finalUrl.pathname);
  if (format === null) {
    recordProblem(ctx.report, { source: finalUrl.href, reason: 'unsupported', message: `content type ${contentType || 'unknown'} is not a format Kachi reads` });
    return;
  }
  const charset = charsetFromContentType(contentType);
  let key = finalUrl.href;
  let links: URL[] = [];
  let extracted: ExtractedDocument | undefined;
  let noindex = false;
  if (format === 'html') {
    let document;
    try {
      document = loadHtml(decodeText(result.body, charset ?? charsetFromMeta(result.body)).text);
    } catch (error) {
      const problem = error instanceof IngestProblem ? error : new IngestProblem('corrupt', String(error));
      recordProblem(ctx.report, { source: finalUrl.href, reason: problem.reason, message: problem.message });
      return;
    }
    const directives = readPageDirectives(document, finalUrl);
    if (directives.canonical !== null && sameSite(directives.canonical, ctx.start)) key = directives.canonical.href;
    if (!directives.nofollow) links = directives.links.filter((link) => sameSite(link, ctx.start));
    noindex = directives.noindex;
    extracted = extractHtmlDocument(document);
  }
  for (const link of links) ctx.enqueue(link, item.depth + 1);
  ctx.state.pages[item.url] = {
    status: result.status,
    ...validators(result),
    links: links.map((link) => link.href),
    fetchedAt: new Date().toISOString(),
  };
  if (noindex) {
    recordProblem(ctx.report, { source: key, reason: 'robots', message: 'the page says <meta name="robots" content="noindex">' });
    return;
  }
  const hash = sha256(result.body);
  const twin = ctx.contentHashes.get(hash);
  if ((key !== item.url && key !== finalUrl.href && ctx.visited.has(key)) || (twin !== undefined && twin !== key)) {
    recordProblem(ctx.report, { source: item.url, reason: 'duplicate', message: `same page as ${twin ?? key}` });
    return;
  }
  ctx.contentHashes.set(hash, key);
  ctx.visited.add(key);
  const outcome = await ingestSource(
    ctx.index,
    ctx.writer,
    { source: key, bytes: result.body, format, fallbackTitle: key, charset, extracted, extra: { url: key, site: siteOf(ctx.start) } },
    ctx.options,
  );
  ctx.report.bytes += result.body.length;
  if (outcome.status === 'indexed') {
    ctx.report.indexed++;
    ctx.report.passages += outcome.passages;
  } else recordProblem(ctx.report, { source: key, reason: outcome.reason, message: outcome.message });
}

function validators(result: FetchResult): { etag?: string; lastModified?: string } {
  const out: { etag?: string; lastModified?: string } = {};
  const etag = result.headers.etag;
  const lastModified = result.headers['last-modified'];
  if (typeof etag === 'string') out.etag = etag;
  if (typeof lastModified === 'string') out.lastModified = lastModified;
  return out;
}
