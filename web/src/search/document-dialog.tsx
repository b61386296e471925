// One document in a modal dialog: every displayed field, with the matched words or the cited passage marked.
import { useEffect, useRef } from 'preact/hooks';
import type { Doc } from '../api/types.ts';
import { displayValue } from '../ui/format.ts';
import { RangeMarked } from '../ui/highlight.tsx';
import { useI18n } from '../ui/i18n.ts';

export interface OpenDocument {
  title: string;
  /** The document, or null while it loads; `error` when it could not be fetched. */
  doc: Doc | null;
  error?: string;
  /** Ranges to mark, per field, in UTF-16 indexes of the field's text. */
  marks: Record<string, Array<[number, number]>>;
  /** Marks a cited passage (stronger colour) rather than matched words. */
  passage?: boolean;
}

export function DocumentDialog({ open, onClose }: { open: OpenDocument; onClose(): void }) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  useEffect(() => {
    // Bring the first mark into view: for a citation, that is the passage the answer came from.
    dialog.current?.querySelector('mark')?.scrollIntoView({ block: 'center' });
  }, [open.doc]);
  const fields = open.doc ? Object.keys(open.doc).filter((name) => !name.startsWith('_')) : [];
  return (
    <dialog ref={dialog} class="document-dialog" aria-labelledby="document-title" onClose={onClose}>
      <header>
        <h2 id="document-title">{open.title}</h2>
        <button type="button" class="secondary" onClick={() => dialog.current?.close()}>
          {t('dialog.close')}
        </button>
      </header>
      {open.error && (
        <p class="error" role="alert">
          {open.error}
        </p>
      )}
      {!open.doc && !open.error && <p class="muted">{t('common.loading')}</p>}
      {open.doc && (
        <dl class="fields">
          {fields.map((name) => {
            const text = displayValue(open.doc?.[name]);
            return (
              <div key={name} class={open.marks[name]?.length ? 'field marked' : 'field'}>
                <dt>{name}</dt>
                <dd>
                  <RangeMarked
                    text={text}
                    ranges={open.marks[name] ?? []}
                    markClass={open.passage ? 'passage' : undefined}
                  />
                </dd>
              </div>
            );
          })}
        </dl>
      )}
    </dialog>
  );
}
