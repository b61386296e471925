// Upload files into an index: a progress bar per file while it is sent, then its task until it has finished.
import { useState } from 'preact/hooks';
import { ApiError } from '../api/client.ts';
import { waitForTask } from '../api/tasks.ts';
import { uploadWithProgress } from '../api/upload.ts';
import { errorMessage } from '../ui/error-note.tsx';
import { formatBytes } from '../ui/format.ts';
import { useI18n } from '../ui/i18n.ts';
import { StatusBadge } from './tasks-panel.tsx';
import { uploadTarget } from './upload-target.ts';
import type { Task } from '../api/types.ts';

interface Upload {
  name: string;
  size: number;
  progress: number;
  task: Task | null;
  error: string | null;
}

const ACCEPT = '.json,.jsonl,.ndjson,.csv,.txt,.md,.html,.htm,.pdf,.docx,.hwp,.hwpx';

export function UploadPanel({ indexes, onUploaded }: { indexes: string[]; onUploaded(): void }) {
  const { t, locale } = useI18n();
  const [typed, setUid] = useState<string | null>(null);
  const uid = typed ?? indexes[0] ?? 'documents';
  const [files, setFiles] = useState<File[]>([]);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [busy, setBusy] = useState(false);
  const patch = (i: number, change: Partial<Upload>) =>
    setUploads((current) => current.map((upload, j) => (j === i ? { ...upload, ...change } : upload)));

  const send = async (event: Event) => {
    event.preventDefault();
    if (files.length === 0) return;
    setBusy(true);
    setUploads(
      files.map((file) => ({ name: file.name, size: file.size, progress: 0, task: null, error: null })),
    );
    for (const [i, file] of files.entries()) {
      const target = uploadTarget(uid.trim(), file);
      try {
        const enqueued = await uploadWithProgress({
          method: 'POST',
          ...target,
          onProgress: (progress) => patch(i, { progress }),
        });
        const task = await waitForTask(enqueued.taskUid, {
          onUpdate: (update) => patch(i, { task: update }),
        });
        if (task.error) patch(i, { error: task.error.message });
      } catch (error) {
        const noIngest =
          target.ingest &&
          error instanceof ApiError &&
          error.status === 404 &&
          error.code !== 'index_not_found';
        patch(i, { error: noIngest ? t('upload.noIngest') : errorMessage(error) });
      }
    }
    setBusy(false);
    onUploaded();
  };

  return (
    <section aria-labelledby="upload-heading">
      <h2 id="upload-heading">{t('admin.tabUpload')}</h2>
      <p class="muted">{t('upload.hint')}</p>
      <form class="stack" onSubmit={send}>
        <label for="upload-index">{t('upload.index')}</label>
        <input
          id="upload-index"
          list="upload-indexes"
          value={uid}
          required
          onInput={(event) => setUid(event.currentTarget.value)}
        />
        <datalist id="upload-indexes">
          {indexes.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        <label for="upload-files">{t('upload.files')}</label>
        <input
          id="upload-files"
          type="file"
          multiple
          accept={ACCEPT}
          onChange={(event) => setFiles([...(event.currentTarget.files ?? [])])}
        />
        <div>
          <button type="submit" class="primary" disabled={busy || files.length === 0}>
            {busy ? t('upload.sending') : t('upload.send')}
          </button>
        </div>
      </form>
      <ul class="uploads">
        {uploads.map((upload, i) => {
          const percent = Math.round(upload.progress * 100);
          return (
            <li key={`${upload.name}-${i}`} class="upload">
              <div class="upload-name">
                <strong>{upload.name}</strong> <span class="muted">{formatBytes(upload.size, locale)}</span>
              </div>
              <progress max={100} value={percent} aria-label={t('upload.progress', { name: upload.name })} />
              <span class="upload-state" role="status">
                {upload.error ? (
                  <span class="error">{upload.error}</span>
                ) : upload.task ? (
                  <>
                    <StatusBadge status={upload.task.status} /> {t('upload.task', { uid: upload.task.uid })}
                  </>
                ) : (
                  `${percent}%`
                )}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
