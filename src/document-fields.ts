// Walking a JSON document by attribute names: dot paths (`author.name`), arrays, and `*` wildcards.
// Shared by indexing (which values are searchable), formatting (`_formatted`) and retrieval.
import type { Document, Json } from './search-types.ts';

/** One string-like leaf value of a document, in a stable order. */
export interface FieldValue {
  /** Dot path of the attribute, arrays transparent: `tags`, `author.name`. */
  path: string;
  /** 0-based index of this value among the values with the same path (arrays give several). */
  valueIndex: number;
  /** The text searched and highlighted: strings as-is, numbers and booleans as `String(value)`. */
  text: string;
}

/**
 * Leaf values of `document` whose path is selected by `attributes` (`['*']` selects all), in document order.
 * `{title: '검색', tags: ['a', 'b'], meta: {n: 3}}` → title#0 '검색', tags#0 'a', tags#1 'b', meta.n#0 '3'.
 */
export function flattenValues(document: Document, attributes: readonly string[] = ['*']): FieldValue[] {
  const all = attributes.includes('*');
  const out: FieldValue[] = [];
  const counts = new Map<string, number>();
  const visit = (value: Json, path: string): void => {
    if (value === null) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, path);
      return;
    }
    if (typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) visit(child, path === '' ? key : `${path}.${key}`);
      return;
    }
    if (!all && !isSelected(path, attributes)) return;
    const valueIndex = counts.get(path) ?? 0;
    counts.set(path, valueIndex + 1);
    out.push({ path, valueIndex, text: String(value) });
  };
  visit(document, '');
  return out;
}

/** True when `path` equals an attribute or lies below one (`author` selects `author.name`). */
export function isSelected(path: string, attributes: readonly string[]): boolean {
  for (const attribute of attributes) {
    if (attribute === '*' || attribute === path || path.startsWith(`${attribute}.`)) return true;
    if (attribute.endsWith('.*') && path.startsWith(attribute.slice(0, -1))) return true;
  }
  return false;
}

/** Every dot path present in a document (objects walked, arrays transparent), e.g. for fieldDistribution. */
export function listPaths(document: Document): string[] {
  const out = new Set<string>();
  const visit = (value: Json, path: string): void => {
    if (path !== '') out.add(path);
    if (Array.isArray(value)) value.forEach((item) => visit(item, path));
    else if (value !== null && typeof value === 'object')
      for (const [key, child] of Object.entries(value)) visit(child, path === '' ? key : `${path}.${key}`);
  };
  visit(document, '');
  return [...out];
}
