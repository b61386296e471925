// The settings editor: the index's settings as JSON, Kachi's korean switches as checkboxes, the server's errors shown as sent.
import { useEffect, useState } from 'preact/hooks';
import { api, indexPath } from '../api/client.ts';
import { waitForTask } from '../api/tasks.ts';
import type { EnqueuedTask, Settings } from '../api/types.ts';
import { errorMessage } from '../ui/error-note.tsx';
import { useI18n, type MessageKey } from '../ui/i18n.ts';
import { changedSettings, KOREAN_SWITCHES, parseSettings, withKoreanSwitch } from './settings-diff.ts';

type Notice = { kind: 'error' | 'ok' | 'info'; text: string } | null;

export function SettingsPanel({ indexes }: { indexes: string[] }) {
  const { t } = useI18n();
  const [chosen, setChosen] = useState<string | null>(null);
  const uid = chosen ?? indexes[0] ?? null;
  const [original, setOriginal] = useState<Settings | null>(null);
  const [text, setText] = useState('');
  const [notice, setNotice] = useState<Notice>(null);
  const [saving, setSaving] = useState(false);
  const load = async (target: string) => {
    const settings = await api<Settings>('GET', indexPath(target, '/settings'));
    setOriginal(settings);
    setText(JSON.stringify(settings, null, 2));
  };
  useEffect(() => {
    if (uid === null) return;
    setNotice(null);
    load(uid).catch((error: unknown) => setNotice({ kind: 'error', text: errorMessage(error) }));
  }, [uid]);

  const parsed = parseSettings(text);
  const save = async (event: Event) => {
    event.preventDefault();
    if (uid === null || original === null) return;
    if (!parsed.ok)
      return setNotice({ kind: 'error', text: t('settings.badJson', { message: parsed.message }) });
    const changed = changedSettings(original, parsed.settings);
    if (Object.keys(changed).length === 0) return setNotice({ kind: 'info', text: t('settings.unchanged') });
    setSaving(true);
    setNotice({ kind: 'info', text: t('settings.saving') });
    try {
      const enqueued = await api<EnqueuedTask>('PATCH', indexPath(uid, '/settings'), { body: changed });
      const task = await waitForTask(enqueued.taskUid);
      if (task.status !== 'succeeded') setNotice({ kind: 'error', text: task.error?.message ?? task.status });
      else {
        await load(uid);
        setNotice({ kind: 'ok', text: t('settings.saved') });
      }
    } catch (error) {
      setNotice({ kind: 'error', text: errorMessage(error) });
    } finally {
      setSaving(false);
    }
  };
  if (uid === null) return <p>{t('indexes.none')}</p>;
  const korean = parsed.ok ? (parsed.settings.korean ?? {}) : {};
  return (
    <section aria-labelledby="settings-heading">
      <h2 id="settings-heading">{t('admin.tabSettings')}</h2>
      <form class="stack" onSubmit={save}>
        <label for="settings-index">{t('settings.index')}</label>
        <select id="settings-index" value={uid} onChange={(event) => setChosen(event.currentTarget.value)}>
          {indexes.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <fieldset class="korean-switches" disabled={!parsed.ok}>
          <legend>{t('settings.korean')}</legend>
          {KOREAN_SWITCHES.map((name) => (
            <label key={name} class="switch">
              <input
                type="checkbox"
                checked={korean[name] !== false}
                onChange={(event) =>
                  parsed.ok &&
                  setText(
                    JSON.stringify(
                      withKoreanSwitch(parsed.settings, name, event.currentTarget.checked),
                      null,
                      2,
                    ),
                  )
                }
              />
              <span>
                <code>{name}</code> {t(`korean.${name}` as MessageKey)}
              </span>
            </label>
          ))}
        </fieldset>
        <label for="settings-json">{t('settings.json')}</label>
        <textarea
          id="settings-json"
          rows={18}
          spellcheck={false}
          value={text}
          aria-invalid={notice?.kind === 'error' || !parsed.ok}
          aria-describedby="settings-notice settings-error"
          onInput={(event) => setText(event.currentTarget.value)}
        />
        {!parsed.ok && <p class="error">{t('settings.badJson', { message: parsed.message })}</p>}
        <div class="row">
          <button type="submit" class="primary" disabled={saving}>
            {t('settings.save')}
          </button>
          <button
            type="button"
            class="secondary"
            onClick={() => original && setText(JSON.stringify(original, null, 2))}
          >
            {t('settings.revert')}
          </button>
        </div>
        <p id="settings-notice" class="status" role="status">
          {notice && notice.kind !== 'error' ? notice.text : ''}
        </p>
        {notice?.kind === 'error' && (
          <p id="settings-error" class="error" role="alert">
            {notice.text}
          </p>
        )}
      </form>
    </section>
  );
}
