// Exports stream in bounded memory: a workspace larger than the exporting process's whole JavaScript heap is
// exported page by page, and RSS grows by a fraction of the archive. (Measured in child processes, so the
// test runner's own memory does not blur it; 1 GB works the same way, it just takes longer.)
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, it } from 'node:test';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'kachi-export-memory-'));
const script = join(import.meta.dirname, 'fixtures', 'workspace-export-memory.ts');
const HEAP_MB = 32;

after(() => rmSync(dir, { recursive: true, force: true }));

interface ExportMeasure {
  archiveBytes: number;
  documents: number;
  rssGrowth: number;
  seconds: number;
}

async function buildAndExport(name: string, documents: number): Promise<ExportMeasure> {
  const folder = join(dir, name);
  await run(process.execPath, ['--import', 'tsx', script, 'build', folder, String(documents), '100000'], { env: { ...process.env, KACHI_ANALYSIS_THREADS: '1' } });
  const { stdout } = await run(process.execPath, [
    '--expose-gc',
    `--max-old-space-size=${HEAP_MB}`,
    '--max-semi-space-size=4',
    '--import',
    'tsx',
    script,
    'export',
    folder,
  ]);
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as ExportMeasure;
}

// Any export costs ~10 MB of RSS whatever its size (the heap growing to its working size, code compiled on first
// use), and that fixed part wobbles by a few MB with the machine's load. So the test compares two exports: what
// matters is that ten times the archive costs only a little more memory.
it('exports a 42 MB workspace with a 32 MB heap, RSS growing by a fraction of the archive', async () => {
  const small = await buildAndExport('small', 42);
  const large = await buildAndExport('large', 420);
  assert.equal(large.documents, 420);
  assert.ok(large.archiveBytes > HEAP_MB * 1.25 * 1024 * 1024, `archive of ${large.archiveBytes} bytes is larger than the heap`);
  const extraArchive = large.archiveBytes - small.archiveBytes;
  const extraGrowth = large.rssGrowth - small.rssGrowth;
  const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);
  assert.ok(
    extraGrowth < extraArchive / 4,
    `RSS grew ${mb(small.rssGrowth)} MB for a ${mb(small.archiveBytes)} MB archive and ${mb(large.rssGrowth)} MB for ${mb(large.archiveBytes)} MB`,
  );
  assert.ok(large.rssGrowth < large.archiveBytes / 2, `RSS grew ${mb(large.rssGrowth)} MB for a ${mb(large.archiveBytes)} MB archive`);
});
