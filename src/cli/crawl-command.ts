// `kachi crawl <url> --index NAME`: a polite crawl of one site, resumable through a state file kept in
// the data folder, then the same report as `kachi ingest`.
import { join } from 'node:path';
import { crawlSite } from '../ingest/crawl/crawler.ts';
import { formatReport } from '../ingest/report.ts';
import { openFromFlags, parse, resolveDbPath } from './common.ts';
import { parseCount, parseSize } from './ingest-command.ts';

export const CRAWL_USAGE =
  'kachi crawl   <url> --index NAME [--max-pages 1000] [--max-depth 10] [--delay 1000] [--concurrency 2] [--timeout 15000] [--max-page-size 20MB] [--state FILE] [--allow-private] [--no-sitemap] [--json]';

export async function crawlCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    index: { type: 'string' },
    'max-pages': { type: 'string' },
    'max-depth': { type: 'string' },
    delay: { type: 'string' },
    concurrency: { type: 'string' },
    timeout: { type: 'string' },
    'max-page-size': { type: 'string' },
    state: { type: 'string' },
    'allow-private': { type: 'boolean' },
    'no-sitemap': { type: 'boolean' },
    'user-agent': { type: 'string' },
    json: { type: 'boolean' },
  });
  const [start] = positionals;
  if (!start || !values.index) {
    console.error(`usage: ${CRAWL_USAGE}`);
    return 2;
  }
  const dbPath = resolveDbPath(values['db-path']);
  const host = URL.canParse(start) ? new URL(start).host.replace(/[^\w.-]/g, '_') : 'site';
  const engine = openFromFlags(values['db-path']);
  try {
    const index = engine.hasIndex(values.index) ? engine.getIndex(values.index) : engine.createIndex(values.index, { primaryKey: 'id' });
    const maxPages = parseCount(values['max-pages'], 'max-pages', 1000);
    const tty = process.stderr.isTTY;
    const report = await crawlSite(index, start, {
      maxPages,
      maxDepth: parseCount(values['max-depth'], 'max-depth', 10),
      delayMs: parseCount(values.delay, 'delay', 1000),
      concurrency: Math.max(1, parseCount(values.concurrency, 'concurrency', 2)),
      timeoutMs: parseCount(values.timeout, 'timeout', 15_000),
      maxPageBytes: values['max-page-size'] ? parseSize(values['max-page-size']) : 20 * 1024 * 1024,
      allowPrivate: values['allow-private'] ?? false,
      useSitemap: !(values['no-sitemap'] ?? false),
      userAgent: values['user-agent'],
      statePath: values.state ?? join(dbPath, 'crawl', `${values.index}-${host}.json`),
      // A page count, not bytes, so this is its own line rather than the byte-based ProgressBar.
      onProgress: ({ pages, queued }) => {
        if (tty) process.stderr.write(`\rcrawling: ${pages}/${maxPages} pages, ${queued} queued\x1b[K`);
      },
    });
    if (tty) process.stderr.write('\n');
    console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report, 'pages'));
    return 0;
  } finally {
    engine.close();
  }
}
