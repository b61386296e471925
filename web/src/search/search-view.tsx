// The search page proper: the box, the ask box, facets, hits with count and latency, sort and pages.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, indexPath } from '../api/client.ts';
import type { Doc, Hit, SearchResponse } from '../api/types.ts';
import { AskBox } from '../ask/ask-box.tsx';
import { ErrorNote, errorMessage } from '../ui/error-note.tsx';
import { utf8RangesToUtf16 } from '../ui/highlight.tsx';
import { useI18n } from '../ui/i18n.ts';
import { useMediaQuery, useSlashShortcut } from '../ui/use-media.ts';
import { DocumentDialog, type OpenDocument } from './document-dialog.tsx';
import { FacetPanel } from './facet-panel.tsx';
import { matchesOf } from './field-roles.ts';
import { HitList } from './hit-list.tsx';
import { Pagination } from './pagination.tsx';
import { EMPTY_CHOICE, type SearchChoice } from './search-request.ts';
import { SearchSummary, SortSelect } from './search-summary.tsx';
import { Suggestions } from './suggestions.tsx';
import { useSettings } from './use-indexes.ts';
import { useSearch } from './use-search.ts';

export interface SearchViewProps {
  uid: string;
  primaryKey: string | null;
  indexes: string[];
  onIndex(uid: string): void;
}

/** Marks for a hit opened from the list: its matches, converted from UTF-8 byte offsets. */
function hitMarks(hit: Hit): Record<string, Array<[number, number]>> {
  const marks: Record<string, Array<[number, number]>> = {};
  for (const [field, positions] of Object.entries(matchesOf(hit))) {
    const value = hit[field];
    if (typeof value === 'string') marks[field] = utf8RangesToUtf16(value, positions);
  }
  return marks;
}

export function SearchView({ uid, primaryKey, indexes, onIndex }: SearchViewProps) {
  const { t } = useI18n();
  const { settings } = useSettings(uid);
  const [choice, setChoice] = useState<SearchChoice>(EMPTY_CHOICE);
  const facets = settings?.filterableAttributes ?? [];
  const result = useSearch(settings ? uid : null, choice, facets);
  const [open, setOpen] = useState<OpenDocument | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const results = useRef<HTMLDivElement>(null);
  const wide = useMediaQuery('(min-width: 760px)');
  useSlashShortcut(input);
  useEffect(() => input.current?.focus(), []);

  const update = (patch: Partial<SearchChoice>) =>
    setChoice((current) => ({ ...current, page: 1, ...patch }));
  const toggle = (attribute: string, value: string) => {
    const values = choice.filters[attribute] ?? [];
    const next = values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
    update({ filters: { ...choice.filters, [attribute]: next } });
  };
  const openDocument = useCallback(
    async (id: string | number, title: string, marksFor: (doc: Doc) => OpenDocument['marks']) => {
      setOpen({ title, doc: null, marks: {}, passage: true });
      try {
        const doc = await api<Doc>('GET', indexPath(uid, `/documents/${encodeURIComponent(String(id))}`));
        setOpen({ title, doc, marks: marksFor(doc), passage: true });
      } catch (error) {
        setOpen({ title, doc: null, marks: {}, error: errorMessage(error) });
      }
    },
    [uid],
  );
  const focusFirstHit = () => results.current?.querySelector<HTMLButtonElement>('button.hit-title')?.focus();
  const response: SearchResponse | null = result.response;
  const facetPanel = (
    <FacetPanel
      distribution={response?.facetDistribution ?? {}}
      selected={choice.filters}
      onToggle={toggle}
      onClear={() => update({ filters: {} })}
    />
  );

  return (
    <div class="search-page">
      <form role="search" class="search-bar" onSubmit={(event) => event.preventDefault()}>
        <div class="search-field">
          <label for="q" class="visually-hidden">
            {t('search.label')}
          </label>
          <input
            id="q"
            ref={input}
            type="search"
            value={choice.q}
            placeholder={t('search.placeholder')}
            autoComplete="off"
            spellcheck={false}
            enterKeyHint="search"
            aria-describedby="search-help"
            onInput={(event) => update({ q: event.currentTarget.value })}
            onKeyDown={(event) => {
              if (event.key === 'ArrowDown') {
                event.preventDefault();
                focusFirstHit();
              }
            }}
          />
        </div>
        <div class="index-select">
          <label for="index">{t('search.index')}</label>
          <select id="index" value={uid} onChange={(event) => onIndex(event.currentTarget.value)}>
            {indexes.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
      </form>
      <p id="search-help" class="help muted">
        {t('search.help')}
      </p>
      {uid === 'kachi-guide' && <Suggestions onPick={(q) => update({ q })} />}
      <AskBox uid={uid} onOpen={openDocument} />
      <div class="results-layout">
        <aside class="facets-column" aria-label={t('facets.heading')}>
          {wide ? (
            facetPanel
          ) : (
            <details class="facets-toggle">
              <summary>{t('facets.heading')}</summary>
              {facetPanel}
            </details>
          )}
        </aside>
        <section class="results" aria-labelledby="results-heading" ref={results}>
          <div class="results-head">
            <h2 id="results-heading" class="visually-hidden">
              {t('results.heading')}
            </h2>
            <SearchSummary result={result} />
            <SortSelect
              sortable={settings?.sortableAttributes ?? []}
              value={choice.sort}
              onChange={(sort) => update({ sort })}
            />
          </div>
          {result.error !== null && <ErrorNote error={result.error} />}
          {response && response.hits.length === 0 && (
            <p class="empty">{t('results.none', { q: choice.q })}</p>
          )}
          {response && (
            <HitList
              query={response.query}
              hits={response.hits}
              settings={settings}
              primaryKey={primaryKey}
              onOpen={(hit, title) => setOpen({ title, doc: hit, marks: hitMarks(hit) })}
              onLeave={() => input.current?.focus()}
            />
          )}
          <Pagination
            page={response?.page ?? 1}
            totalPages={response?.totalPages ?? 0}
            onPage={(page) => {
              setChoice((current) => ({ ...current, page }));
              input.current?.scrollIntoView({ block: 'nearest' });
            }}
          />
        </section>
      </div>
      {open && <DocumentDialog open={open} onClose={() => setOpen(null)} />}
    </div>
  );
}
