// Loads the sample index the way any client would: the bundle from GET /web/demo.json, then settings and documents.
import { api, indexPath } from '../api/client.ts';
import { waitForTask } from '../api/tasks.ts';
import type { Doc, EnqueuedTask, Settings, Task } from '../api/types.ts';

/** Served by src/server/routes/web.ts from src/demo (Kachi's own Korean user guide). */
export const DEMO_BUNDLE_PATH = '/web/demo.json';

interface DemoBundle {
  indexUid: string;
  primaryKey: string;
  settings: Settings;
  documents: Doc[];
}

export type DemoStep = 'fetching' | 'indexing' | 'done';

/** Resolves with the new index's uid; rejects with the server's error (or a failed task's). */
export async function loadDemo(onStep: (step: DemoStep, task?: Task) => void): Promise<string> {
  onStep('fetching');
  const bundle = await api<DemoBundle>('GET', DEMO_BUNDLE_PATH);
  const base = indexPath(bundle.indexUid);
  const settingsTask = await api<EnqueuedTask>('PATCH', `${base}/settings`, { body: bundle.settings });
  const documentsTask = await api<EnqueuedTask>(
    'POST',
    `${base}/documents?primaryKey=${encodeURIComponent(bundle.primaryKey)}`,
    {
      body: bundle.documents,
    },
  );
  onStep('indexing');
  for (const uid of [settingsTask.taskUid, documentsTask.taskUid]) {
    const task = await waitForTask(uid, { onUpdate: (update) => onStep('indexing', update) });
    if (task.status !== 'succeeded') throw new Error(task.error?.message ?? `task ${uid} ${task.status}`);
  }
  onStep('done');
  return bundle.indexUid;
}
