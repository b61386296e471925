// Notification bodies: one per alert per succeeded task (instant), or one per schedule (digest). The
// idempotency key is derived from what the notification is about, so recording it twice is a no-op.
import type { Alert, AlertHit, AlertPayload } from './types.ts';

/** Most hits in one notification; a task matching more sends several parts. */
export const HITS_PER_NOTIFICATION = 100;

function header(alert: Alert): AlertPayload['alert'] {
  return {
    uid: alert.uid,
    name: alert.name,
    indexUid: alert.indexUid,
    q: alert.q,
    filter: alert.filter,
    mode: alert.mode,
  };
}

/** The notifications of one task for one alert: `<alert>:task-<uid>:<part>`. */
export function instantPayloads(
  alert: Alert,
  taskUid: number,
  hits: readonly AlertHit[],
  now: number,
): AlertPayload[] {
  const out: AlertPayload[] = [];
  for (let part = 0; part * HITS_PER_NOTIFICATION < hits.length; part++) {
    const slice = hits.slice(part * HITS_PER_NOTIFICATION, (part + 1) * HITS_PER_NOTIFICATION);
    out.push({
      type: 'alert.matched',
      id: `${alert.uid}:task-${taskUid}:${part}`,
      alert: header(alert),
      taskUid,
      createdAt: new Date(now).toISOString(),
      hits: slice,
      totalHits: slice.length,
    });
  }
  return out;
}

/** One digest (`<alert>:digest-<scheduled time>`): the first HITS_PER_NOTIFICATION hits, and how many there were. */
export function digestPayload(
  alert: Alert,
  scheduledAt: number,
  hits: readonly AlertHit[],
  now: number,
): AlertPayload {
  return {
    type: 'alert.digest',
    id: `${alert.uid}:digest-${scheduledAt}`,
    alert: header(alert),
    taskUid: null,
    createdAt: new Date(now).toISOString(),
    hits: hits.slice(0, HITS_PER_NOTIFICATION),
    totalHits: hits.length,
  };
}
