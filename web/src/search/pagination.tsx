// Page links under the hits: previous, a window of page numbers, next.
import { useI18n } from '../ui/i18n.ts';

/** Pages around `page`, always with the first and last: [1, null, 4, 5, 6, null, 12] (null is a gap). */
export function pageWindow(page: number, total: number, radius = 2): Array<number | null> {
  const pages: Array<number | null> = [];
  for (let p = 1; p <= total; p++) {
    if (p === 1 || p === total || Math.abs(p - page) <= radius) pages.push(p);
    else if (pages[pages.length - 1] !== null) pages.push(null);
  }
  return pages;
}

export function Pagination({
  page,
  totalPages,
  onPage,
}: {
  page: number;
  totalPages: number;
  onPage(page: number): void;
}) {
  const { t } = useI18n();
  if (totalPages <= 1) return null;
  return (
    <nav class="pagination" aria-label={t('pages.label')}>
      <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {t('pages.previous')}
      </button>
      {pageWindow(page, totalPages).map((p, i) =>
        p === null ? (
          <span key={`gap${i}`} class="gap" aria-hidden="true">
            …
          </span>
        ) : (
          <button
            type="button"
            key={p}
            aria-current={p === page ? 'page' : undefined}
            aria-label={t('pages.page', { page: p })}
            onClick={() => onPage(p)}
          >
            {p}
          </button>
        ),
      )}
      <button type="button" disabled={page >= totalPages} onClick={() => onPage(page + 1)}>
        {t('pages.next')}
      </button>
    </nav>
  );
}
