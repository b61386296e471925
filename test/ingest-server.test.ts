// POST /indexes/:uid/ingest on a real server: multipart uploads become a documentIngestion task whose
// details report each file; the passages are then searchable like any document.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { makeDocx, truncate } from './fixtures/ingest/make-documents.ts';
import { startTestServer } from './helpers/server.ts';

const HWP = new URL('../../shared/fixtures/hwp/', import.meta.url);

async function waitTask(url: string, uid: number): Promise<Record<string, unknown>> {
  for (let i = 0; i < 300; i++) {
    const task = (await (await fetch(`${url}/tasks/${uid}`)).json()) as Record<string, unknown>;
    if (task.status === 'succeeded' || task.status === 'failed') return task;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('task did not finish');
}

test('POST /indexes/:uid/ingest: files in, a task out, passages searchable, bad files reported', async () => {
  const server = await startTestServer({ httpPayloadSizeLimit: 200_000 });
  try {
    const form = new FormData();
    form.append('file', new Blob([readFileSync(new URL('selfintroduce.hwpx', HWP))]), 'selfintroduce.hwpx');
    form.append('file', new Blob([makeDocx([['h1', '출장 규정'], ['p', '출장비는 다녀온 뒤 일주일 안에 청구한다.']])]), '출장.docx');
    form.append('file', new Blob([truncate(makeDocx([['p', '잘림']]))]), 'broken.docx');
    form.append('file', new Blob([new Uint8Array(250_000)]), 'big.txt');
    const response = await fetch(`${server.url}/indexes/files/ingest`, { method: 'POST', body: form });
    assert.equal(response.status, 202);
    const summary = (await response.json()) as { taskUid: number; type: string };
    assert.equal(summary.type, 'documentIngestion');
    const task = await waitTask(server.url, summary.taskUid);
    assert.equal(task.status, 'succeeded', JSON.stringify(task.error));
    const details = task.details as { receivedFiles: number; indexedFiles: number; failedFiles: Array<{ file: string; reason: string }>; skippedFiles: Array<{ file: string; reason: string }> };
    assert.deepEqual([details.receivedFiles, details.indexedFiles], [4, 2]);
    assert.deepEqual(details.failedFiles.map((entry) => [entry.file, entry.reason]), [['broken.docx', 'truncated']]);
    assert.deepEqual(details.skippedFiles.map((entry) => [entry.file, entry.reason]), [['big.txt', 'too_large']]);
    const search = (await (await fetch(`${server.url}/indexes/files/search?q=${encodeURIComponent('출장비')}`)).json()) as { hits: Array<{ source: string; section: string }> };
    assert.deepEqual(search.hits.map((hit) => [hit.source, hit.section]), [['출장.docx', '출장 규정']]);
    const wrong = await fetch(`${server.url}/indexes/files/ingest`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(wrong.status, 415);
  } finally {
    await server.close();
  }
});
