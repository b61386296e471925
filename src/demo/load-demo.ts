// Loading the sample index: straight into a data folder through the engine, or into a running server over HTTP.
import type { Engine } from '../engine-types.ts';
import { KachiError } from '../errors.ts';
import { DEMO_BUNDLE } from './kachi-guide.ts';

export interface DemoLoadResult {
  indexUid: string;
  documents: number;
}

/**
 * Creates (or refreshes) the sample index in an open engine. Idempotent: documents are replaced by id.
 * `loadDemoIntoEngine(openEngine({ dbPath: './kachi-data' }))` → `{ indexUid: 'kachi-guide', documents: 28 }`
 */
export function loadDemoIntoEngine(engine: Engine): DemoLoadResult {
  const { indexUid, primaryKey, settings, documents } = DEMO_BUNDLE;
  const index = engine.hasIndex(indexUid)
    ? engine.getIndex(indexUid)
    : engine.createIndex(indexUid, { primaryKey });
  index.updateSettings(settings);
  index.addDocuments([...documents], { primaryKey });
  return { indexUid, documents: documents.length };
}

export interface HttpDemoOptions {
  /** The server's base URL, e.g. `http://127.0.0.1:7700`. */
  url: string;
  /** The master key or a key allowed to add documents and update settings; none for an open server. */
  apiKey?: string;
  /** How long to wait for the server's tasks. Default 60 000 ms. */
  timeoutMs?: number;
}

interface TaskView {
  taskUid?: number;
  uid?: number;
  status?: string;
  error?: { message?: string } | null;
}

async function call(
  options: HttpDemoOptions,
  method: string,
  path: string,
  body?: unknown,
): Promise<TaskView> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  const response = await fetch(new URL(path, options.url), {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as TaskView & { message?: string };
  if (!response.ok)
    throw new KachiError(
      'bad_request',
      `The server at ${options.url} refused ${method} ${path}: ${json.message ?? response.status}`,
    );
  return json;
}

async function waitForTask(options: HttpDemoOptions, taskUid: number): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    const task = await call(options, 'GET', `/tasks/${taskUid}`);
    if (task.status === 'succeeded') return;
    if (task.status === 'failed' || task.status === 'canceled')
      throw new KachiError(
        'bad_request',
        `Task ${taskUid} ${task.status}: ${task.error?.message ?? 'no reason given'}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new KachiError('bad_request', `Task ${taskUid} did not finish in time; see GET /tasks/${taskUid}.`);
}

/** Loads the sample through the ordinary API (settings, then documents), as the web UI does, and waits for it. */
export async function loadDemoOverHttp(options: HttpDemoOptions): Promise<DemoLoadResult> {
  const { indexUid, primaryKey, settings, documents } = DEMO_BUNDLE;
  const base = `/indexes/${encodeURIComponent(indexUid)}`;
  const settingsTask = await call(options, 'PATCH', `${base}/settings`, settings);
  const documentsTask = await call(options, 'POST', `${base}/documents?primaryKey=${primaryKey}`, documents);
  await waitForTask(options, settingsTask.taskUid ?? -1);
  await waitForTask(options, documentsTask.taskUid ?? -1);
  return { indexUid, documents: documents.length };
}
