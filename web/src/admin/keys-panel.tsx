// API keys: list, create (search-only, documents, admin or custom actions), copy, revoke.
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api/client.ts';
import type { ApiKey, Page } from '../api/types.ts';
import { copyText } from '../ui/copy.ts';
import { ErrorNote, errorMessage } from '../ui/error-note.tsx';
import { formatDateTime } from '../ui/format.ts';
import { useI18n } from '../ui/i18n.ts';
import { usePoll } from '../ui/use-poll.ts';
import { KeyCreateForm } from './key-create-form.tsx';

/** `d3b07384d113edec49eaa6238ad5ff00…` → `d3b07384…`: enough to tell keys apart on screen. */
function masked(key: string): string {
  return `${key.slice(0, 8)}…`;
}

export function KeysPanel() {
  const { t, locale } = useI18n();
  const keys = usePoll(() => api<Page<ApiKey>>('GET', '/keys?limit=1000'), 10_000, []);
  const [status, setStatus] = useState<string | null>(null);
  const noMasterKey = keys.error instanceof ApiError && keys.error.code === 'missing_master_key';
  const copy = async (key: ApiKey) =>
    setStatus(
      (await copyText(key.key))
        ? t('keys.copied', { name: key.name ?? key.description ?? masked(key.key) })
        : t('keys.copyFailed'),
    );
  const revoke = async (key: ApiKey) => {
    if (!window.confirm(t('keys.confirmRevoke', { name: key.name ?? key.description ?? key.uid }))) return;
    try {
      await api('DELETE', `/keys/${encodeURIComponent(key.uid)}`);
      setStatus(t('keys.revoked'));
      keys.reload();
    } catch (error) {
      setStatus(errorMessage(error));
    }
  };
  return (
    <section aria-labelledby="keys-heading">
      <h2 id="keys-heading">{t('admin.tabKeys')}</h2>
      {noMasterKey ? (
        <p class="notice">{t('keys.noMasterKey')}</p>
      ) : (
        keys.error !== null && <ErrorNote error={keys.error} onRetry={keys.reload} />
      )}
      {!noMasterKey && (
        <>
          <ul class="keys">
            {(keys.data?.results ?? []).map((key) => (
              <li key={key.uid} class="key card">
                <div class="key-head">
                  <strong>{key.name ?? key.description ?? t('keys.unnamed')}</strong>
                  <code class="key-value" aria-label={t('keys.valueLabel')}>
                    {masked(key.key)}
                  </code>
                </div>
                {key.name && key.description && <p class="muted">{key.description}</p>}
                <dl class="key-facts">
                  <dt>{t('keys.actions')}</dt>
                  <dd>{key.actions.join(', ')}</dd>
                  <dt>{t('keys.indexes')}</dt>
                  <dd>{key.indexes.join(', ')}</dd>
                  <dt>{t('keys.expires')}</dt>
                  <dd>{key.expiresAt ? formatDateTime(key.expiresAt, locale) : t('keys.never')}</dd>
                </dl>
                <div class="row">
                  <button type="button" class="secondary small" onClick={() => copy(key)}>
                    {t('keys.copy')}
                  </button>
                  <button type="button" class="danger small" onClick={() => revoke(key)}>
                    {t('keys.revoke')}
                  </button>
                </div>
              </li>
            ))}
          </ul>
          {keys.data?.results.length === 0 && <p>{t('keys.none')}</p>}
          <KeyCreateForm
            onCreated={(key) => {
              keys.reload();
              void copy(key);
            }}
          />
        </>
      )}
      <p class="status" role="status">
        {status ?? ''}
      </p>
    </section>
  );
}
