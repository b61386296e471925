// Which field of a hit is its title, which is its snippet, which are shown as tags — guessed from the settings.
import type { Doc, Hit, Json, MatchesPosition, Settings } from '../api/types.ts';
import { MARK_START } from '../ui/highlight.tsx';

/** Field names that read as a title, most likely first. */
const TITLE_NAMES = ['title', 'name', 'heading', 'subject', 'question', 'headline', '제목'];

export interface FieldRoles {
  title: string | null;
  /** Text fields in the order they are worth showing (searchable order first). */
  texts: string[];
  /** Filterable fields present on the hit: shown as small tags. */
  tags: string[];
}

/** Hashes and ids (`bb397d8be693af34`) are strings but never worth showing as a snippet, tag or facet. */
export const OPAQUE = /^[0-9a-f-]{16,}$/i;

function isText(value: Json | undefined): boolean {
  if (typeof value === 'string') return !OPAQUE.test(value);
  return Array.isArray(value) && value.some((item) => typeof item === 'string');
}

/** Title, text and tag fields of `hit`, given the index settings and primary key. */
export function fieldRoles(hit: Doc, settings: Settings | null, primaryKey: string | null): FieldRoles {
  const searchable = (settings?.searchableAttributes ?? ['*']).filter((name) => name !== '*');
  const filterable = settings?.filterableAttributes ?? [];
  const fields = Object.keys(hit).filter((name) => !name.startsWith('_') && name !== primaryKey);
  const title =
    TITLE_NAMES.find((name) => typeof hit[name] === 'string') ??
    searchable.find((name) => typeof hit[name] === 'string' && (hit[name] as string).length <= 120) ??
    null;
  const rank = (name: string) => {
    const position = searchable.indexOf(name);
    return position < 0 ? searchable.length : position;
  };
  const texts = fields
    .filter((name) => name !== title && !filterable.includes(name) && isText(hit[name]))
    .sort((a, b) => rank(a) - rank(b));
  const tags = filterable.filter(
    (name) => hit[name] !== undefined && hit[name] !== null && !OPAQUE.test(String(hit[name])),
  );
  return { title, texts, tags };
}

/** The hit as the server formatted it (highlighted, cropped), or the hit itself. */
export function formattedOf(hit: Hit): Doc {
  const formatted = hit._formatted;
  return formatted && typeof formatted === 'object' && !Array.isArray(formatted) ? formatted : hit;
}

export function matchesOf(hit: Hit): MatchesPosition {
  const matches = hit._matchesPosition;
  return matches && typeof matches === 'object' && !Array.isArray(matches)
    ? (matches as unknown as MatchesPosition)
    : {};
}

function flatten(value: Json | undefined): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.filter((item) => typeof item === 'string').join(' · ');
  return '';
}

/**
 * The snippet of a hit: of its text fields holding a highlight, the longest (a body beats a keyword list);
 * without any highlight (an empty query), the longest text field.
 */
export function snippetOf(hit: Hit, roles: FieldRoles): { field: string; text: string } | null {
  const formatted = formattedOf(hit);
  const texts = roles.texts.filter(
    (name) => typeof formatted[name] === 'string' && (formatted[name] as string).trim() !== '',
  );
  const withMatch = texts.filter((name) => (formatted[name] as string).includes(MARK_START));
  const pool = withMatch.length > 0 ? withMatch : texts;
  const length = (name: string) => (formatted[name] as string).length;
  const field = pool.reduce<string | undefined>(
    (best, name) => (best === undefined || length(name) > length(best) ? name : best),
    undefined,
  );
  return field === undefined ? null : { field, text: formatted[field] as string };
}

/** The text of a field, highlighted when the server formatted it. */
export function formattedText(hit: Hit, field: string): string {
  return flatten(formattedOf(hit)[field]);
}
