// The first-start card: no index yet, so offer the sample guide with one click (or `npx kachi demo`).
import { useState } from 'preact/hooks';
import { errorMessage } from '../ui/error-note.tsx';
import { useI18n } from '../ui/i18n.ts';
import { loadDemo, type DemoStep } from './load-demo.ts';

export function FirstStart({
  onLoaded,
  compact = false,
}: {
  onLoaded(uid: string): void;
  compact?: boolean;
}) {
  const { t } = useI18n();
  const [step, setStep] = useState<DemoStep | null>(null);
  const [error, setError] = useState<string | null>(null);
  const start = async () => {
    setError(null);
    try {
      onLoaded(await loadDemo((next) => setStep(next)));
    } catch (failure) {
      setStep(null);
      setError(errorMessage(failure));
    }
  };
  const button = (
    <button type="button" class="primary large" onClick={start} disabled={step !== null}>
      {step === null ? t('demo.load') : t(step === 'fetching' ? 'demo.fetching' : 'demo.indexing')}
    </button>
  );
  if (compact)
    return (
      <div class="demo-compact">
        {button}
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
      </div>
    );
  return (
    <section class="card first-start" aria-labelledby="welcome-heading">
      <h2 id="welcome-heading">{t('demo.heading')}</h2>
      <p>{t('demo.intro')}</p>
      {button}
      <p class="muted" aria-live="polite">
        {step === 'indexing' ? t('demo.wait') : ''}
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <p class="muted">
        {t('demo.cli')} <code>npx kachi demo</code>
      </p>
      <p class="muted">{t('demo.own')}</p>
    </section>
  );
}
