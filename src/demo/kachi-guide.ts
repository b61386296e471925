// The sample index: Kachi's own user guide in Korean, written by the project (no data from elsewhere).
// `kachi demo` and the web UI's "샘플 색인 불러오기" both load exactly this.
import type { Settings } from '../search-types.ts';
import type { GuideDocument, GuideSection } from './guide-document.ts';
import {
  ADMIN_CHAPTER,
  ADMIN_SECTIONS,
  API_CHAPTER,
  API_SECTIONS,
  ASK_CHAPTER,
  ASK_SECTIONS,
  TROUBLE_CHAPTER,
  TROUBLE_SECTIONS,
} from './guide-manage.ts';
import { KOREAN_CHAPTER, KOREAN_SECTIONS, SEARCH_CHAPTER, SEARCH_SECTIONS } from './guide-search.ts';
import { START_CHAPTER, START_SECTIONS } from './guide-start.ts';

export type { GuideDocument } from './guide-document.ts';

/** The sample index's uid. */
export const DEMO_INDEX_UID = 'kachi-guide';
export const DEMO_PRIMARY_KEY = 'id';

/**
 * Titles weigh most, then keywords, then the body; chapters become a facet, `order` a sort,
 * so the sample shows every part of the search page.
 */
export const DEMO_SETTINGS: Settings = {
  searchableAttributes: ['title', 'keywords', 'body'],
  filterableAttributes: ['chapter'],
  sortableAttributes: ['order'],
};

const CHAPTERS: Array<[string, GuideSection[]]> = [
  [START_CHAPTER, START_SECTIONS],
  [SEARCH_CHAPTER, SEARCH_SECTIONS],
  [KOREAN_CHAPTER, KOREAN_SECTIONS],
  [ASK_CHAPTER, ASK_SECTIONS],
  [ADMIN_CHAPTER, ADMIN_SECTIONS],
  [API_CHAPTER, API_SECTIONS],
  [TROUBLE_CHAPTER, TROUBLE_SECTIONS],
];

/** Every section of the guide in reading order, `order` counting from 1. */
export const DEMO_DOCUMENTS: readonly GuideDocument[] = CHAPTERS.flatMap(([chapter, sections]) =>
  sections.map((section) => ({ ...section, chapter })),
).map((document, position) => ({ ...document, order: position + 1 }));

/** What the web UI fetches to load the sample over the ordinary API. */
export interface DemoBundle {
  indexUid: string;
  primaryKey: string;
  settings: Settings;
  documents: readonly GuideDocument[];
}

export const DEMO_BUNDLE: DemoBundle = {
  indexUid: DEMO_INDEX_UID,
  primaryKey: DEMO_PRIMARY_KEY,
  settings: DEMO_SETTINGS,
  documents: DEMO_DOCUMENTS,
};
