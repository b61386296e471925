// The admin view: a login with the master key or an admin key, then tabs for indexes, tasks, upload, settings and keys.
import { useEffect, useState } from 'preact/hooks';
import { api, needsKey, storedKey, storeKey } from '../api/client.ts';
import { ErrorNote } from '../ui/error-note.tsx';
import { useI18n } from '../ui/i18n.ts';
import { KeyForm } from '../ui/key-form.tsx';
import { Tabs } from '../ui/tabs.tsx';
import { IndexesPanel } from './indexes-panel.tsx';
import { KeysPanel } from './keys-panel.tsx';
import { SettingsPanel } from './settings-panel.tsx';
import { TasksPanel } from './tasks-panel.tsx';
import { UploadPanel } from './upload-panel.tsx';
import { useAdminIndexes } from './use-admin-indexes.ts';
import { WorkspacesPanel } from './workspaces-panel.tsx';

type Access =
  { status: 'checking' } | { status: 'login' } | { status: 'in' } | { status: 'error'; error: unknown };

/** Stats need an admin right (`stats.get`), so they tell whether the stored key, or an open server, lets us in. */
async function checkAccess(): Promise<Access> {
  try {
    await api('GET', '/stats');
    return { status: 'in' };
  } catch (error) {
    return needsKey(error) ? { status: 'login' } : { status: 'error', error };
  }
}

export function AdminPage() {
  const { t } = useI18n();
  const [access, setAccess] = useState<Access>({ status: 'checking' });
  const recheck = () => void checkAccess().then(setAccess);
  useEffect(recheck, []);
  if (access.status === 'checking') return <p class="muted page-note">{t('common.loading')}</p>;
  if (access.status === 'error') return <ErrorNote error={access.error} onRetry={recheck} />;
  if (access.status === 'login')
    return (
      <KeyForm
        id="admin-key"
        heading={t('admin.loginHeading')}
        hint={t('admin.loginHint')}
        label={t('admin.keyLabel')}
        onSubmit={async (key) => {
          storeKey(key);
          try {
            await api('GET', '/stats');
          } catch (error) {
            storeKey(null);
            throw error;
          }
          setAccess({ status: 'in' });
        }}
      />
    );
  return (
    <AdminTabs
      onLogout={() => {
        storeKey(null);
        recheck();
      }}
    />
  );
}

function AdminTabs({ onLogout }: { onLogout(): void }) {
  const { t } = useI18n();
  const [tab, setTab] = useState('indexes');
  const indexes = useAdminIndexes();
  const tabs = [
    { id: 'indexes', label: t('admin.tabIndexes') },
    { id: 'tasks', label: t('admin.tabTasks') },
    { id: 'upload', label: t('admin.tabUpload') },
    { id: 'settings', label: t('admin.tabSettings') },
    { id: 'keys', label: t('admin.tabKeys') },
    { id: 'workspaces', label: t('admin.tabWorkspaces') },
  ];
  return (
    <div class="admin">
      <div class="admin-head">
        <h1>{t('admin.heading')}</h1>
        {storedKey() !== null ? (
          <button type="button" class="secondary" onClick={onLogout}>
            {t('admin.logout')}
          </button>
        ) : (
          <p class="muted small">{t('admin.openServer')}</p>
        )}
      </div>
      <Tabs label={t('admin.heading')} tabs={tabs} selected={tab} onSelect={setTab}>
        {tab === 'indexes' && <IndexesPanel state={indexes} />}
        {tab === 'tasks' && <TasksPanel />}
        {tab === 'upload' && <UploadPanel indexes={indexes.uids} onUploaded={indexes.reload} />}
        {tab === 'settings' && <SettingsPanel indexes={indexes.uids} />}
        {tab === 'keys' && <KeysPanel />}
        {tab === 'workspaces' && <WorkspacesPanel />}
      </Tabs>
    </div>
  );
}
