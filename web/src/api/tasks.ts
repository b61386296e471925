// Waiting for a task: polls GET /tasks/:uid until it has finished, reporting each status on the way.
import { api } from './client.ts';
import type { Task } from './types.ts';

const FINISHED = new Set(['succeeded', 'failed', 'canceled']);

export interface WaitOptions {
  /** Called with every status seen. */
  onUpdate?: (task: Task) => void;
  /** Poll interval. Default 150 ms. */
  intervalMs?: number;
  /** Give up after this long. Default 5 minutes. */
  timeoutMs?: number;
}

/** Resolves with the finished task (succeeded, failed or canceled); the caller reads `status` and `error`. */
export async function waitForTask(taskUid: number, options: WaitOptions = {}): Promise<Task> {
  const deadline = Date.now() + (options.timeoutMs ?? 300_000);
  for (;;) {
    const task = await api<Task>('GET', `/tasks/${taskUid}`);
    options.onUpdate?.(task);
    if (FINISHED.has(task.status)) return task;
    if (Date.now() > deadline) return task;
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 150));
  }
}
