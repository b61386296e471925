// Builds the POST /indexes/:uid/search body from what the person chose on the page.
import { MARK_END, MARK_START } from '../ui/highlight.tsx';

export const HITS_PER_PAGE = 10;

export interface SearchChoice {
  q: string;
  page: number;
  /** Selected facet values per attribute. */
  filters: Record<string, string[]>;
  /** `field:asc`, `field:desc`, or '' for relevance. */
  sort: string;
}

export const EMPTY_CHOICE: SearchChoice = { q: '', page: 1, filters: {}, sort: '' };

/** `chapter`, `검색 "하기"` → `chapter = "검색 \"하기\""` (Meilisearch's quoting). */
export function equals(attribute: string, value: string): string {
  const quoted = `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const name = /^[\w.-]+$/.test(attribute) ? attribute : `"${attribute.replace(/"/g, '\\"')}"`;
  return `${name} = ${quoted}`;
}

/** Values of one attribute are ORed, attributes are ANDed: Meilisearch's array form. */
export function filterOf(filters: Record<string, string[]>): string[][] {
  return Object.entries(filters)
    .filter(([, values]) => values.length > 0)
    .map(([attribute, values]) => values.map((value) => equals(attribute, value)));
}

export function searchBody(choice: SearchChoice, facets: string[]): Record<string, unknown> {
  const filter = filterOf(choice.filters);
  return {
    q: choice.q,
    page: choice.page,
    hitsPerPage: HITS_PER_PAGE,
    facets: facets.length > 0 ? facets : undefined,
    filter: filter.length > 0 ? filter : undefined,
    sort: choice.sort ? [choice.sort] : undefined,
    attributesToHighlight: ['*'],
    attributesToCrop: ['*'],
    cropLength: 36,
    highlightPreTag: MARK_START,
    highlightPostTag: MARK_END,
    showMatchesPosition: true,
  };
}
