// The search page's gate: a key when the server wants one, the first-start card when there is no index yet.
import { storeKey, api } from '../api/client.ts';
import { FirstStart } from '../demo/first-start.tsx';
import { ErrorNote } from '../ui/error-note.tsx';
import { useI18n } from '../ui/i18n.ts';
import { KeyForm } from '../ui/key-form.tsx';
import { SearchView } from './search-view.tsx';
import { useIndexes, useSelectedIndex } from './use-indexes.ts';

export function SearchPage() {
  const { t } = useI18n();
  const indexes = useIndexes();
  const [uid, choose] = useSelectedIndex(indexes.list);
  if (indexes.status === 'loading') return <p class="muted page-note">{t('common.loading')}</p>;
  if (indexes.status === 'needs-key')
    return (
      <KeyForm
        id="search-key"
        heading={t('key.searchHeading')}
        hint={t('key.searchHint')}
        label={t('key.label')}
        onSubmit={async (key) => {
          storeKey(key);
          try {
            await api('GET', '/indexes?limit=1');
          } catch (error) {
            storeKey(null);
            throw error;
          }
          indexes.reload();
        }}
      />
    );
  if (indexes.status === 'error') return <ErrorNote error={indexes.error} onRetry={indexes.reload} />;
  if (uid === null)
    return (
      <FirstStart
        onLoaded={(loaded) => {
          choose(loaded);
          indexes.reload();
        }}
      />
    );
  const primaryKey = indexes.list.find((info) => info.uid === uid)?.primaryKey ?? null;
  return (
    <SearchView
      key={uid}
      uid={uid}
      primaryKey={primaryKey}
      indexes={indexes.list.map((info) => info.uid)}
      onIndex={choose}
    />
  );
}
