// Workspaces (master key only): each workspace's documents, storage and indexes against its limits, and its
// searches, asks and ingested bytes over the last 30 days and today, from GET /workspaces/:id/usage.
import { api, ApiError } from '../api/client.ts';
import type { Page, WorkspaceInfo, WorkspaceUsage } from '../api/types.ts';
import { ErrorNote } from '../ui/error-note.tsx';
import { formatBytes } from '../ui/format.ts';
import { useI18n } from '../ui/i18n.ts';
import { usePoll } from '../ui/use-poll.ts';

async function loadUsage(): Promise<WorkspaceUsage[]> {
  const list = await api<Page<WorkspaceInfo>>('GET', '/workspaces?limit=1000');
  return Promise.all(list.results.map((w) => api<WorkspaceUsage>('GET', `/workspaces/${encodeURIComponent(w.id)}/usage`)));
}

/** `1,234 / 10,000`, or just the count when there is no limit. */
function ofLimit(value: string, limit: string | null): string {
  return limit === null ? value : `${value} / ${limit}`;
}

export function WorkspacesPanel() {
  const { t, locale } = useI18n();
  const usage = usePoll(loadUsage, 10_000, []);
  const masterOnly = usage.error instanceof ApiError && ['invalid_api_key', 'missing_master_key'].includes(usage.error.code);
  const count = (n: number) => n.toLocaleString(locale);
  const today = new Date().toISOString().slice(0, 10);
  return (
    <section aria-labelledby="workspaces-heading">
      <h2 id="workspaces-heading">{t('admin.tabWorkspaces')}</h2>
      <p class="muted">{t('workspaces.hint')}</p>
      {masterOnly ? (
        <p class="notice">{t('workspaces.masterOnly')}</p>
      ) : (
        usage.error !== null && <ErrorNote error={usage.error} onRetry={usage.reload} />
      )}
      {usage.data !== null && usage.data.length === 0 && <p class="muted">{t('workspaces.none')}</p>}
      {usage.data !== null && usage.data.length > 0 && (
        <div class="table-scroll">
          <table class="workspaces">
            <thead>
              <tr>
                <th scope="col">{t('workspaces.id')}</th>
                <th scope="col" class="number">{t('workspaces.documents')}</th>
                <th scope="col" class="number">{t('workspaces.storage')}</th>
                <th scope="col" class="number">{t('workspaces.indexes')}</th>
                <th scope="col" class="number">{t('workspaces.searches')}</th>
                <th scope="col" class="number">{t('workspaces.asks')}</th>
                <th scope="col" class="number">{t('workspaces.ingested')}</th>
                <th scope="col" class="number">{t('workspaces.today')}</th>
              </tr>
            </thead>
            <tbody>
              {usage.data.map((w) => {
                const todays = w.days.find((day) => day.date === today);
                const limit = (n: number | null, format: (n: number) => string) => (n === null ? null : format(n));
                return (
                  <tr key={w.workspaceId}>
                    <th scope="row">{w.workspaceId}</th>
                    <td class="number">{ofLimit(count(w.current.documents), limit(w.limits.maxDocuments, count))}</td>
                    <td class="number">
                      {ofLimit(formatBytes(w.current.storedBytes, locale), limit(w.limits.maxStoredBytes, (n) => formatBytes(n, locale)))}
                    </td>
                    <td class="number">{ofLimit(count(w.current.indexes), limit(w.limits.maxIndexes, count))}</td>
                    <td class="number">{count(w.totals.searches)}</td>
                    <td class="number">{count(w.totals.asks)}</td>
                    <td class="number">{formatBytes(w.totals.ingestedBytes, locale)}</td>
                    <td class="number">{count((todays?.searches ?? 0) + (todays?.asks ?? 0))}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
