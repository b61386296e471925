// Tasks, live: GET /tasks every second, newest first, with status, duration and the reason of a failure.
import { api } from '../api/client.ts';
import type { Page, Task } from '../api/types.ts';
import { ErrorNote } from '../ui/error-note.tsx';
import { formatDateTime, formatDuration } from '../ui/format.ts';
import { useI18n, type MessageKey } from '../ui/i18n.ts';
import { usePoll } from '../ui/use-poll.ts';

const STATUS_LABEL: Record<Task['status'], MessageKey> = {
  enqueued: 'task.enqueued',
  processing: 'task.processing',
  succeeded: 'task.succeeded',
  failed: 'task.failed',
  canceled: 'task.canceled',
};

export function StatusBadge({ status }: { status: Task['status'] }) {
  const { t } = useI18n();
  return <span class={`badge ${status}`}>{t(STATUS_LABEL[status])}</span>;
}

export function TasksPanel() {
  const { t, locale } = useI18n();
  const tasks = usePoll(() => api<Page<Task>>('GET', '/tasks?limit=30'), 1000, []);
  return (
    <section aria-labelledby="tasks-heading">
      <h2 id="tasks-heading">{t('admin.tabTasks')}</h2>
      <p class="muted">{t('tasks.live')}</p>
      {tasks.error !== null && <ErrorNote error={tasks.error} onRetry={tasks.reload} />}
      <div class="table-scroll">
        <table class="tasks">
          <thead>
            <tr>
              <th scope="col" class="number">
                #
              </th>
              <th scope="col">{t('tasks.type')}</th>
              <th scope="col">{t('tasks.index')}</th>
              <th scope="col">{t('tasks.status')}</th>
              <th scope="col">{t('tasks.enqueued')}</th>
              <th scope="col" class="number">
                {t('tasks.duration')}
              </th>
            </tr>
          </thead>
          <tbody>
            {(tasks.data?.results ?? []).map((task) => (
              <tr key={task.uid}>
                <td class="number">{task.uid}</td>
                <td>{task.type}</td>
                <td>{task.indexUid ?? '—'}</td>
                <td>
                  <StatusBadge status={task.status} />
                  {task.error && <p class="error small">{task.error.message}</p>}
                </td>
                <td>{formatDateTime(task.enqueuedAt, locale)}</td>
                <td class="number">{formatDuration(task.duration)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {tasks.data?.results.length === 0 && <p>{t('tasks.none')}</p>}
    </section>
  );
}
