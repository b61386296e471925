// A failed request shown plainly: the server's own message, and a way to try again.
import { ApiError } from '../api/client.ts';
import { useI18n } from './i18n.ts';

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError)
    return error.status === 0 ? error.message : `${error.message} (${error.code})`;
  return error instanceof Error ? error.message : String(error);
}

export function ErrorNote({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <div class="error-note" role="alert">
      <p>
        {error instanceof ApiError && error.status === 0 ? t('error.offline') : t('error.failed')}{' '}
        {errorMessage(error)}
      </p>
      {onRetry && (
        <button type="button" class="secondary" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
