// Picking the attributes of a document to return, with Meilisearch's permissive dot-path selectors.
// Used for hits (`attributesToRetrieve` within `displayedAttributes`), `_formatted`, and GET documents.
import type { Document, Json } from '../search-types.ts';

/**
 * The selected part of `document`, nested objects kept nested (Meilisearch's `permissive_json_pointer::select_values`):
 * `author` keeps the whole object, `author.name` keeps `{author: {name}}`, a literal `"author.name"` key is kept too,
 * and `doggos.name` over an array of objects keeps `{doggos: [{name}, …]}` (elements left empty are dropped).
 * `*` selects everything; `author.*` is read as `author`.
 */
export function selectAttributes(document: Document, selectors: readonly string[]): Document {
  if (selectors.includes('*')) return { ...document };
  return selectObject(document, new Set(selectors.map((s) => (s.endsWith('.*') ? s.slice(0, -2) : s))));
}

function selectObject(object: { [key: string]: Json }, selectors: ReadonlySet<string>): Document {
  const out: Document = {};
  for (const [key, value] of Object.entries(object)) {
    if (selectors.has(key)) {
      out[key] = value;
      continue;
    }
    const prefix = `${key}.`;
    const below = new Set<string>();
    for (const selector of selectors)
      if (selector.length > prefix.length && selector.startsWith(prefix))
        below.add(selector.slice(prefix.length));
    if (below.size === 0) continue;
    // Meilisearch keeps the key even when nothing below it matched: `{doggos: []}`, `{author: {}}`.
    if (Array.isArray(value)) out[key] = selectArray(value, below);
    else if (value !== null && typeof value === 'object') out[key] = selectObject(value, below);
  }
  return out;
}

function selectArray(values: readonly Json[], selectors: ReadonlySet<string>): Json[] {
  const out: Json[] = [];
  for (const value of values) {
    // Scalars have no sub-attributes, so a sub-path never selects them; nested arrays are kept even empty.
    if (Array.isArray(value)) out.push(selectArray(value, selectors));
    else if (value !== null && typeof value === 'object') {
      const picked = selectObject(value, selectors);
      if (Object.keys(picked).length > 0) out.push(picked);
    }
  }
  return out;
}

/**
 * What a hit or a fetched document shows: `attributesToRetrieve` taken from the displayed part of the document,
 * so a field missing from `displayedAttributes` never shows, even when asked for. Always a new top-level object.
 * `pickAttributes({id: 1, title: '까치', secret: 'x'}, ['*'], ['id', 'title'])` → `{id: 1, title: '까치'}`.
 */
export function pickAttributes(
  document: Document,
  attributesToRetrieve: readonly string[],
  displayedAttributes: readonly string[],
): Document {
  return selectAttributes(selectAttributes(document, displayedAttributes), attributesToRetrieve);
}
