// Test helper for workspaces: a server with a master key, workspaces made through the API, their default keys.
import assert from 'node:assert/strict';
import type { Meilisearch } from 'meilisearch';
import type { TestServer } from './server.ts';

export const MASTER = 'kachi-workspaces-master-key-0123456789';
export const PASSPHRASE = '까치가 우는 아침에 떠나요';

export interface TestWorkspace {
  id: string;
  adminKey: string;
  adminUid: string;
  searchKey: string;
  searchUid: string;
  /** The official client with the workspace's admin key. */
  admin: Meilisearch;
}

interface KeyView {
  name: string;
  key: string;
  uid: string;
}

/** `POST /workspaces` with the master key, and the workspace's two default keys. */
export async function createWorkspace(t: TestServer, id: string, extra: Record<string, unknown> = {}): Promise<TestWorkspace> {
  const created = await t.request('POST', '/workspaces', { body: JSON.stringify({ id, ...extra }) });
  assert.equal(created.status, 201, created.text);
  const keys = (created.body as { keys: KeyView[] }).keys;
  const admin = keys.find((key) => key.name === 'Default Admin API Key');
  const search = keys.find((key) => key.name === 'Default Search API Key');
  assert.ok(admin !== undefined && search !== undefined, 'default keys');
  return { id, adminKey: admin.key, adminUid: admin.uid, searchKey: search.key, searchUid: search.uid, admin: t.clientWith(admin.key) };
}

/** Waits for a task of the root queue (workspace exports and imports) through the master key. */
export async function waitRootTask(t: TestServer, taskUid: number): Promise<{ status: string; details?: Record<string, unknown>; error?: { code: string } | null }> {
  const task = await t.client.tasks.waitForTask(taskUid, { timeout: 30_000, interval: 20 });
  return task as unknown as { status: string; details?: Record<string, unknown>; error?: { code: string } | null };
}
