// Facet value semantics shared by the facet index and the naive filter oracle: how a document's
// values are read per dot path, how strings are normalized and how filter numbers are parsed.
import type { Document, Json } from '../search-types.ts';
import { isSelected } from '../document-fields.ts';

/** What one document holds at one dot path. The path's presence in the map means `EXISTS`. */
export interface PathFacts {
  /** String and boolean values: `key` normalized for comparison, `original` as written. */
  strings: Array<{ key: string; original: string }>;
  /** Finite numbers. */
  numbers: number[];
  /** The value itself is `null` (not an element of an array): `IS NULL`. */
  isNull: boolean;
  /** The value itself is `""`, `[]` or `{}` (not an element of an array): `IS EMPTY`. */
  isEmpty: boolean;
}

/**
 * Meilisearch compares facet strings after trimming, compatibility normalization and lowercasing.
 * It uses NFKD; we use NFKC, which puts the same strings in the same class but keeps Hangul
 * syllables composed, so sorted keys and prefixes stay readable: ' 서울 특별시 ' → '서울 특별시', 'ＤＲＡＭＡ' → 'drama'.
 */
export function normalizeFacet(value: string): string {
  const trimmed = value.trim();
  // NFKC leaves ASCII and precomposed Hangul syllables unchanged, and normalize() is slow.
  return (STABLE_UNDER_NFKC.test(trimmed) ? trimmed : trimmed.normalize('NFKC')).toLowerCase();
}

const STABLE_UNDER_NFKC = /^[\x20-\x7e\uac00-\ud7a3]*$/;

// Rust's `f64::from_str` grammar, which Meilisearch uses on filter values: no hex, no spaces, no `_`.
const FLOAT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The finite number a filter value denotes, or undefined: '10' → 10, '-2.5e3' → -2500, '0x10' → undefined. */
export function parseFiniteFloat(text: string): number | undefined {
  if (!FLOAT.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * Orders strings by code point, like Meilisearch's byte order over UTF-8. Plain `<` compares UTF-16
 * units, which puts astral characters (emoji) before U+E000–U+FFFF; this shifts surrogates above them.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca !== cb) return fixup(ca) - fixup(cb);
  }
  return a.length - b.length;
}

function fixup(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit < 0xe000 ? unit + 0x2000 : unit - 0x800;
}

/** Canonical text for a facet number, the key facetDistribution shows: 1994 → '1994', 3.5 → '3.5'. */
export function formatFacetNumber(value: number): string {
  return Object.is(value, -0) ? '0' : String(value);
}

/**
 * Reads `document` at every dot path selected by `attributes` (arrays transparent, objects walked).
 * `{genre: ['드라마', 'SF'], year: 2020, meta: {note: null}}` with `['genre', 'meta']` →
 * genre: strings ['드라마', 'sf'], meta: exists, meta.note: isNull.
 * A key that itself contains dots (`{'a.b': 1}`) reads the same as the nested `{a: {b: 1}}`.
 */
export function extractFacets(document: Document, attributes: readonly string[]): Map<string, PathFacts> {
  const out = new Map<string, PathFacts>();
  visit(document, '', false, attributes, out);
  return out;
}

// Module-level rather than closures: extraction runs once per indexed document.
function visit(value: Json, path: string, inArray: boolean, attributes: readonly string[], out: Map<string, PathFacts>): void {
  const selected = path !== '' && isSelected(path, attributes);
  if (!selected && !mayHoldSelected(path, attributes)) return;
  if (value === null) {
    if (selected) factsAt(out, path).isNull ||= !inArray;
  } else if (Array.isArray(value)) {
    if (selected) factsAt(out, path).isEmpty ||= value.length === 0 && !inArray;
    for (const item of value) visit(item, path, true, attributes, out);
  } else if (typeof value === 'object') {
    const keys = Object.keys(value);
    if (selected) factsAt(out, path).isEmpty ||= keys.length === 0 && !inArray;
    for (const key of keys) visit(value[key]!, path === '' ? key : `${path}.${key}`, inArray, attributes, out);
  } else if (selected) {
    addScalar(factsAt(out, path), value, inArray);
  }
}

function factsAt(out: Map<string, PathFacts>, path: string): PathFacts {
  let entry = out.get(path);
  if (entry === undefined) {
    entry = { strings: [], numbers: [], isNull: false, isEmpty: false };
    out.set(path, entry);
  }
  return entry;
}

function addScalar(entry: PathFacts, value: string | number | boolean, inArray: boolean): void {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) entry.numbers.push(value);
  } else if (typeof value === 'boolean') {
    entry.strings.push({ key: String(value), original: String(value) });
  } else if (value === '') {
    // Meilisearch indexes an empty string as EMPTY, never as a string value.
    entry.isEmpty ||= !inArray;
  } else {
    const key = normalizeFacet(value);
    if (key !== '') entry.strings.push({ key, original: value });
  }
}

/** True when some attribute lies strictly below `path`, so walking into it can still find selected values. */
function mayHoldSelected(path: string, attributes: readonly string[]): boolean {
  if (path === '') return true;
  const prefix = `${path}.`;
  return attributes.some((attribute) => attribute === '*' || attribute.startsWith(prefix));
}
