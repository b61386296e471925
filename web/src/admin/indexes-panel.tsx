// Indexes with document counts and sizes; delete one, or load the sample guide when it is missing.
import { useState } from 'preact/hooks';
import { api, indexPath } from '../api/client.ts';
import { waitForTask } from '../api/tasks.ts';
import type { EnqueuedTask } from '../api/types.ts';
import { FirstStart } from '../demo/first-start.tsx';
import { ErrorNote, errorMessage } from '../ui/error-note.tsx';
import { formatBytes, formatDateTime } from '../ui/format.ts';
import { useI18n } from '../ui/i18n.ts';
import type { AdminIndexes } from './use-admin-indexes.ts';

export function IndexesPanel({ state }: { state: AdminIndexes }) {
  const { t, locale } = useI18n();
  const [message, setMessage] = useState<string | null>(null);
  const remove = async (uid: string) => {
    if (!window.confirm(t('indexes.confirmDelete', { uid }))) return;
    try {
      const task = await api<EnqueuedTask>('DELETE', indexPath(uid));
      const done = await waitForTask(task.taskUid);
      setMessage(
        done.status === 'succeeded' ? t('indexes.deleted', { uid }) : (done.error?.message ?? done.status),
      );
      state.reload();
    } catch (error) {
      setMessage(errorMessage(error));
    }
  };
  return (
    <section aria-labelledby="indexes-heading">
      <h2 id="indexes-heading">{t('admin.tabIndexes')}</h2>
      {state.error !== null && <ErrorNote error={state.error} onRetry={state.reload} />}
      <p class="muted">
        {t('indexes.total', {
          count: state.list.length.toLocaleString(locale),
          size: formatBytes(state.stats?.databaseSize, locale),
        })}
      </p>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('indexes.uid')}</th>
              <th scope="col" class="number">
                {t('indexes.documents')}
              </th>
              <th scope="col" class="number">
                {t('indexes.size')}
              </th>
              <th scope="col">{t('indexes.primaryKey')}</th>
              <th scope="col">{t('indexes.updated')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('indexes.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {state.list.map((info) => {
              const stats = state.stats?.indexes[info.uid];
              const size = stats ? (stats.indexSizeOnDisk ?? 0) + (stats.rawDocumentDbSize ?? 0) : undefined;
              return (
                <tr key={info.uid}>
                  <th scope="row">
                    {info.uid}
                    {stats?.isIndexing && <span class="badge processing">{t('indexes.indexing')}</span>}
                  </th>
                  <td class="number">{stats ? stats.numberOfDocuments.toLocaleString(locale) : '—'}</td>
                  <td class="number">{formatBytes(size, locale)}</td>
                  <td>{info.primaryKey ?? '—'}</td>
                  <td>{formatDateTime(info.updatedAt, locale)}</td>
                  <td>
                    <button
                      type="button"
                      class="danger small"
                      onClick={() => remove(info.uid)}
                      aria-label={t('indexes.deleteLabel', { uid: info.uid })}
                    >
                      {t('indexes.delete')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {state.list.length === 0 && <p>{t('indexes.none')}</p>}
      {message && (
        <p class="status" role="status">
          {message}
        </p>
      )}
      {!state.uids.includes('kachi-guide') && <FirstStart compact onLoaded={() => state.reload()} />}
    </section>
  );
}
