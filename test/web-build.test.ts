// The built web UI: web/dist matches web/src, it type-checks, and `kachi serve` serves it beside the API.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { hashWebSources, SOURCE_HASH_FILE } from '../web/source-hash.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WEB = join(ROOT, 'web');
const DIST = join(WEB, 'dist');

describe('web/dist, the committed build', () => {
  it('was built from the current web sources (else: npm run build:web, and commit web/dist)', () => {
    const recorded = readFileSync(join(DIST, SOURCE_HASH_FILE), 'utf8').trim();
    assert.equal(
      recorded,
      hashWebSources(WEB),
      'web/dist is stale: run `npm run build:web` and commit web/dist',
    );
  });

  it('links only assets that exist, relatively (so a reverse proxy may mount Kachi under a path)', () => {
    const html = readFileSync(join(DIST, 'index.html'), 'utf8');
    const assets = [...html.matchAll(/(?:src|href)="(\.\/assets\/[^"]+)"/g)].map((match) => match[1] ?? '');
    assert.ok(
      assets.some((asset) => asset.endsWith('.js')) && assets.some((asset) => asset.endsWith('.css')),
      html,
    );
    for (const asset of assets) assert.ok(existsSync(join(DIST, asset)), asset);
    assert.doesNotMatch(html, /(?:src|href)="\/assets/);
  });

  it('type-checks web/src with the DOM types (the root tsconfig has only Node’s)', async () => {
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    await promisify(execFile)(process.execPath, [tsc, '--noEmit', '-p', WEB], { cwd: ROOT }).catch(
      (error: { stdout?: string }) => assert.fail(`tsc -p web failed:\n${error.stdout ?? String(error)}`),
    );
  });
});

describe('serving the UI', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ masterKey: 'web-build-test-master-key' });
  });
  after(async () => {
    await t?.close();
  });

  it('serves index.html at / without a key, revalidated on every load', async () => {
    const response = await fetch(`${t.url}/`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/html/);
    assert.equal(response.headers.get('cache-control'), 'no-cache');
    assert.match(await response.text(), /<div id="app">/);
  });

  it('serves the hashed assets as immutable', async () => {
    const html = readFileSync(join(DIST, 'index.html'), 'utf8');
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
    assert.ok(script);
    const response = await fetch(`${t.url}/${script}`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /javascript/);
    assert.match(response.headers.get('cache-control') ?? '', /immutable/);
  });

  it('leaves the API in charge of every other path: auth, JSON and Meilisearch-style 404s', async () => {
    assert.equal((await t.request('GET', '/indexes', { key: null })).status, 401);
    assert.equal((await t.request('GET', '/indexes')).status, 200);
    const missing = await t.request('GET', '/no-such-page');
    assert.equal(missing.status, 404);
    assert.equal((missing.body as { code: string }).code, 'not_found');
    assert.equal((await t.request('GET', '/assets/missing.js')).status, 404);
  });

  it('hands the UI the sample guide to load through the ordinary API', async () => {
    const demo = await t.request('GET', '/web/demo.json', { key: null });
    assert.equal(demo.status, 200);
    const bundle = demo.body as { indexUid: string; primaryKey: string; documents: unknown[] };
    assert.equal(bundle.indexUid, 'kachi-guide');
    assert.equal(bundle.primaryKey, 'id');
    assert.ok(bundle.documents.length >= 20);
  });
});
