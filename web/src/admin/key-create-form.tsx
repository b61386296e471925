// Creating an API key: a purpose (search only, adding documents, everything, or custom actions), indexes and expiry.
import { useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import type { ApiKey } from '../api/types.ts';
import { errorMessage } from '../ui/error-note.tsx';
import { useI18n } from '../ui/i18n.ts';

const PRESETS: Record<string, string[]> = {
  search: ['search'],
  documents: ['documents.add', 'documents.get', 'documents.delete', 'tasks.get'],
  admin: ['*'],
};

function list(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

export function KeyCreateForm({ onCreated }: { onCreated(key: ApiKey): void }) {
  const { t } = useI18n();
  const [description, setDescription] = useState('');
  const [preset, setPreset] = useState('search');
  const [custom, setCustom] = useState('search, documents.get');
  const [indexes, setIndexes] = useState('*');
  const [expires, setExpires] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<ApiKey | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    try {
      const key = await api<ApiKey>('POST', '/keys', {
        body: {
          description: description.trim() || null,
          actions: PRESETS[preset] ?? list(custom),
          indexes: list(indexes),
          expiresAt: expires ? `${expires}T23:59:59Z` : null,
        },
      });
      setCreated(key);
      setDescription('');
      onCreated(key);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };
  return (
    <form class="card stack key-create" onSubmit={submit} aria-labelledby="key-create-heading">
      <h3 id="key-create-heading">{t('keys.create')}</h3>
      <label for="key-description">{t('keys.description')}</label>
      <input
        id="key-description"
        value={description}
        placeholder={t('keys.descriptionPlaceholder')}
        onInput={(event) => setDescription(event.currentTarget.value)}
      />
      <label for="key-preset">{t('keys.purpose')}</label>
      <select id="key-preset" value={preset} onChange={(event) => setPreset(event.currentTarget.value)}>
        <option value="search">{t('keys.presetSearch')}</option>
        <option value="documents">{t('keys.presetDocuments')}</option>
        <option value="admin">{t('keys.presetAdmin')}</option>
        <option value="custom">{t('keys.presetCustom')}</option>
      </select>
      {preset === 'custom' && (
        <>
          <label for="key-actions">{t('keys.customActions')}</label>
          <input id="key-actions" value={custom} onInput={(event) => setCustom(event.currentTarget.value)} />
        </>
      )}
      <label for="key-indexes">{t('keys.indexesLabel')}</label>
      <input id="key-indexes" value={indexes} onInput={(event) => setIndexes(event.currentTarget.value)} />
      <label for="key-expires">{t('keys.expiresLabel')}</label>
      <input
        id="key-expires"
        type="date"
        value={expires}
        onInput={(event) => setExpires(event.currentTarget.value)}
      />
      <div>
        <button type="submit" class="primary">
          {t('keys.createButton')}
        </button>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {created && (
        <p class="status">
          {t('keys.createdValue')} <code class="key-full">{created.key}</code>
        </p>
      )}
    </form>
  );
}
