// The line above the hits: how many, how fast (server time and round trip), and the sort menu.
import { useI18n } from '../ui/i18n.ts';
import type { SearchResult } from './use-search.ts';

export function SearchSummary({ result }: { result: SearchResult }) {
  const { t, locale } = useI18n();
  const response = result.response;
  const total = response?.totalHits ?? response?.estimatedTotalHits ?? 0;
  return (
    <p class="summary" role="status" aria-busy={result.loading}>
      {response
        ? t('results.count', {
            count: total.toLocaleString(locale),
            ms: response.processingTimeMs.toLocaleString(locale),
            roundTrip: (result.roundTripMs ?? 0).toLocaleString(locale),
          })
        : result.loading
          ? t('common.searching')
          : ''}
    </p>
  );
}

export function SortSelect({
  sortable,
  value,
  onChange,
}: {
  sortable: string[];
  value: string;
  onChange(sort: string): void;
}) {
  const { t } = useI18n();
  if (sortable.length === 0) return null;
  return (
    <div class="sort-select">
      <label for="sort">{t('sort.label')}</label>
      <select id="sort" value={value} onChange={(event) => onChange(event.currentTarget.value)}>
        <option value="">{t('sort.relevance')}</option>
        {sortable.flatMap((field) => [
          <option key={`${field}:asc`} value={`${field}:asc`}>
            {t('sort.asc', { field })}
          </option>,
          <option key={`${field}:desc`} value={`${field}:desc`}>
            {t('sort.desc', { field })}
          </option>,
        ])}
      </select>
    </div>
  );
}
