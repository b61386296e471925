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

it('exports a 42 MB workspace with a 32 MB heap, RSS growing by a fraction of the archive', async () => {
  await run(process.execPath, ['--import', 'tsx', script, 'build', dir, '420', '100000'], { env: { ...process.env, KACHI_ANALYSIS_THREADS: '1' } });
  const { stdout } = await run(process.execPath, [
    '--expose-gc',
    `--max-old-space-size=${HEAP_MB}`,
    '--max-semi-space-size=4',
    '--import',
    'tsx',
    script,
    'export',
    dir,
  ]);
  const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { archiveBytes: number; documents: number; rssGrowth: number; seconds: number };
  assert.equal(result.documents, 420);
  assert.ok(result.archiveBytes > HEAP_MB * 1.25 * 1024 * 1024, `archive of ${result.archiveBytes} bytes is larger than the heap`);
  assert.ok(result.rssGrowth < result.archiveBytes / 3, `RSS grew ${(result.rssGrowth / 1e6).toFixed(1)} MB for a ${(result.archiveBytes / 1e6).toFixed(1)} MB archive`);
});
