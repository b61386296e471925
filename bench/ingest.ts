// Ingestion throughput: a generated folder of mixed Korean documents (MB/s, files/s; then the re-ingest
// that skips every unchanged file), and the crawler against a local 1,000-page site (pages/s, MB/s).
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEngine } from '../src/engine.ts';
import { crawlSite } from '../src/ingest/crawl/crawler.ts';
import { extractDocument } from '../src/ingest/extract.ts';
import { ingestPaths } from '../src/ingest/ingest-files.ts';
import { splitPassages } from '../src/ingest/passages.ts';
import { walkPaths } from '../src/ingest/walk-files.ts';
import type { IngestReport } from '../src/ingest/report.ts';
import { makeDocx, makeKoreanPdf } from '../test/fixtures/ingest/make-documents.ts';
import { describeMachine, formatMachine, sourceRevision } from './lib/machine.ts';
import { formatTable, replaceSection } from './lib/markdown.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const HWP = join(ROOT, '../shared/fixtures/hwp');
const WORDS =
  '검색 엔진 까치 한국어 형태소 분석 문서 회의 규정 휴가 출장 보고서 예산 고객 서비스 개발 팀 일정 계획 결과 자료 질문 답변 사용자 서버 색인 문단 제목'.split(
    ' ',
  );
const ENDINGS = ['입니다.', '합니다.', '했습니다.', '있습니다.', '됩니다.'];

/** Deterministic text, so every run ingests the same bytes. */
function createText(seed: number): (sentences: number) => string {
  let state = seed;
  const next = (): number => (state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)] as T;
  return (sentences) =>
    Array.from(
      { length: sentences },
      () =>
        `${Array.from({ length: 4 + Math.floor(next() * 6) }, () => pick(WORDS)).join(' ')} ${pick(ENDINGS)}`,
    ).join(' ');
}

async function generateFolder(folder: string): Promise<void> {
  const text = createText(42);
  const paragraphs = (n: number): string[] => Array.from({ length: n }, () => text(6));
  for (let i = 0; i < 60; i++) {
    writeFileSync(join(folder, `note-${i}.txt`), paragraphs(20).join('\n\n'));
    writeFileSync(
      join(folder, `page-${i}.md`),
      `# 문서 ${i}\n\n${paragraphs(10).join('\n\n')}\n\n## 부록\n\n${paragraphs(10).join('\n\n')}`,
    );
    writeFileSync(
      join(folder, `web-${i}.html`),
      `<html><head><title>문서 ${i}</title></head><body><nav>메뉴</nav><article><h1>문서 ${i}</h1>${paragraphs(
        20,
      )
        .map((p) => `<p>${p}</p>`)
        .join('')}</article></body></html>`,
    );
  }
  for (let i = 0; i < 20; i++) {
    writeFileSync(
      join(folder, `table-${i}.csv`),
      `이름,부서,메모\n${Array.from({ length: 100 }, (_, r) => `직원${r},팀${r % 7},"${text(2)}"`).join('\n')}`,
    );
    writeFileSync(
      join(folder, `records-${i}.json`),
      JSON.stringify(Array.from({ length: 50 }, (_, r) => ({ id: r, title: `기록 ${r}`, body: text(3) }))),
    );
    writeFileSync(
      join(folder, `lines-${i}.jsonl`),
      Array.from({ length: 50 }, (_, r) => JSON.stringify({ id: r, body: text(3) })).join('\n'),
    );
  }
  for (let i = 0; i < 30; i++) {
    writeFileSync(
      join(folder, `report-${i}.docx`),
      makeDocx(paragraphs(20).map((p, k) => [k % 5 === 0 ? 'h1' : 'p', p] as ['h1' | 'p', string])),
    );
    writeFileSync(
      join(folder, `scan-${i}.pdf`),
      await makeKoreanPdf(Array.from({ length: 5 }, () => text(4))),
    );
  }
  if (existsSync(HWP))
    for (const name of ['example', 'selfintroduce', 'lists', 'footnote-endnote', 'hyperlink', 'headerfooter'])
      for (let i = 0; i < 5; i++)
        for (const ext of ['hwp', 'hwpx'])
          copyFileSync(join(HWP, `${name}.${ext}`), join(folder, `${name}-${i}.${ext}`));
}

/** A 1,000-page site: each page links to five others, so the crawl reaches all of them. */
async function startSite(pages: number): Promise<{ url: string; close: () => Promise<void> }> {
  const text = createText(7);
  const bodies = Array.from({ length: pages }, (_, i) => {
    const links = [1, 2, 3, 17, 101]
      .map((step) => `<a href="/p/${(i + step) % pages}">다음 ${step}</a>`)
      .join(' ');
    return `<!doctype html><html><head><meta charset="utf-8"><title>페이지 ${i}</title></head><body><main><h1>페이지 ${i}</h1><p>${text(12)}</p><p>${text(12)}</p>${links}</main></body></html>`;
  });
  const server = createServer((request, response) => {
    const match = /^\/p\/(\d+)$/.exec(request.url ?? '');
    const body = request.url === '/' ? bodies[0] : match ? bodies[Number(match[1])] : undefined;
    if (body === undefined) return response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Parsing and splitting alone, without the engine: how much of the time is ingestion's own. */
async function parseOnly(folder: string): Promise<IngestReport> {
  const started = performance.now();
  const report: IngestReport = {
    seen: 0,
    indexed: 0,
    skipped: [],
    failed: [],
    removed: [],
    passages: 0,
    bytes: 0,
    seconds: 0,
  };
  for (const file of (await walkPaths([folder])).files) {
    const bytes = readFileSync(file.path);
    report.seen++;
    report.bytes += bytes.length;
    report.passages += splitPassages(await extractDocument(bytes, file.format)).spans.length;
  }
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

function row(label: string, report: IngestReport, units: string): string[] {
  const count = units === 'pages' ? report.seen : report.seen;
  return [
    label,
    String(count),
    (report.bytes / 1e6).toFixed(2),
    String(report.passages),
    report.seconds.toFixed(2),
    (report.bytes / 1e6 / report.seconds).toFixed(2),
    (count / report.seconds).toFixed(1),
  ];
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'kachi-bench-ingest-'));
  try {
    const folder = join(work, 'docs');
    mkdirSync(folder);
    await generateFolder(folder);
    const engine = openEngine({ dbPath: join(work, 'db') });
    // Warm-up: the first analysis loads the morphology dictionary, which is not ingestion's cost.
    writeFileSync(join(work, 'warm.txt'), createText(1)(20));
    await ingestPaths(engine.createIndex('warm'), [join(work, 'warm.txt')]);
    const parsed = await parseOnly(folder);
    const index = engine.createIndex('docs');
    const cold = await ingestPaths(index, [folder]);
    const again = await ingestPaths(index, [folder]);
    const site = await startSite(1000);
    const crawl = await crawlSite(engine.createIndex('web'), site.url, {
      allowPrivate: true,
      delayMs: 0,
      concurrency: 4,
      maxPages: 1000,
      maxDepth: 1000,
    });
    await site.close();
    engine.close();
    const columns = ['run', 'files/pages', 'MB', 'passages', 'seconds', 'MB/s', 'files/s'].map(
      (header, i) => ({ header, align: i === 0 ? ('left' as const) : ('right' as const) }),
    );
    const table = formatTable(columns, [
      row('folder, parse + split only (no engine)', parsed, 'files'),
      row('folder, first ingest', cold, 'files'),
      row('folder, re-ingest (all unchanged)', again, 'files'),
      row('crawl, 1,000-page local site', crawl, 'pages'),
    ]);
    const failures = [...cold.failed, ...crawl.failed].length;
    const section = [
      '## Ingestion throughput',
      '',
      `- Date: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
      `- Command: \`npm run bench:ingest\` (\`node --import tsx bench/ingest.ts\`), source ${sourceRevision(ROOT, ['src/ingest', 'bench/ingest.ts'])}`,
      `- Machine: ${formatMachine(describeMachine())}`,
      `- Folder: ${cold.seen} generated files (txt, md, html, csv, json, jsonl ×60/20; docx and Korean PDFs ×30; the six HWP/HWPX samples ×5 each), ${(cold.bytes / 1e6).toFixed(2)} MB; passages of ≤1000 chars, 150 overlap, written to a fresh data folder. ${failures} failures.`,
      '- Crawl: 1,000 HTML pages of Korean text on 127.0.0.1, five links each, `delayMs 0`, 4 requests in flight (a real site gets the default 1 s delay, 2 in flight: about 2 pages/s at most).',
      '- files/s counts files (pages) looked at; MB/s the bytes parsed. A warm-up ingest loads the morphology dictionary first.',
      '',
      table,
    ].join('\n');
    console.log(section);
    const path = join(ROOT, 'BENCHMARKS.md');
    writeFileSync(path, replaceSection(readFileSync(path, 'utf8'), 'ingest', section));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
