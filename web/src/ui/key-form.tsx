// A form asking for an API key (or the master key); the search page and the admin login both use it.
import { useState } from 'preact/hooks';
import { ApiError } from '../api/client.ts';
import { useI18n } from './i18n.ts';

export interface KeyFormProps {
  id: string;
  heading: string;
  hint: string;
  label: string;
  /** Tries the key; rejects with the server's error when it is refused. */
  onSubmit(key: string): Promise<void>;
}

export function KeyForm({ id, heading, hint, label, onSubmit }: KeyFormProps) {
  const { t } = useI18n();
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit(key.trim());
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card key-form" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{heading}</h2>
      <p class="muted">{hint}</p>
      <form onSubmit={submit}>
        <label for={`${id}-input`}>{label}</label>
        <div class="row">
          <input
            id={`${id}-input`}
            type="password"
            autoComplete="current-password"
            value={key}
            required
            aria-invalid={error !== null}
            aria-describedby={error ? `${id}-error` : undefined}
            onInput={(event) => setKey(event.currentTarget.value)}
          />
          <button type="submit" class="primary" disabled={busy}>
            {busy ? t('common.checking') : t('key.submit')}
          </button>
        </div>
        {error && (
          <p id={`${id}-error`} class="error" role="alert">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}
