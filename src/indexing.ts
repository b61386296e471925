// Turns a JSON document into an AnalysedDocument for the segment builder: which values are
// searchable, which field id each belongs to, and the term positions of each field.
import type { Analyzer } from './analysis/types.ts';
import { flattenValues, isSelected } from './document-fields.ts';
import type { AnalysedDocument, AnalysedField } from './index/segment-builder.ts';
import { termKey } from './query/expand.ts';
import type { Document } from './search-types.ts';

/** Positions between two values of one field (array items), so phrases never cross them. */
export const VALUE_POSITION_GAP = 100;

/**
 * Field ids of searchable attributes. With an explicit list, a value belongs to the first listed
 * attribute that selects its path (`author` selects `author.name`) and ids follow the list's order;
 * with `*`, each path gets the next id when first seen, so earlier fields rank higher (as in Meilisearch).
 */
export class FieldIds {
  private readonly ids: Map<string, number>;

  constructor(
    private readonly searchable: readonly string[],
    saved: Record<string, number> = {},
  ) {
    this.ids = new Map(Object.entries(saved));
    if (!this.isWildcard) searchable.forEach((attribute, i) => this.ids.set(attribute, i));
  }

  get isWildcard(): boolean {
    return this.searchable.includes('*');
  }

  /** The field id of a value path, assigning one if needed; undefined when the path is not searchable. */
  idOf(path: string): number | undefined {
    if (!this.isWildcard) {
      const attribute = this.searchable.find((a) => isSelected(path, [a]));
      return attribute === undefined ? undefined : this.ids.get(attribute);
    }
    let id = this.ids.get(path);
    if (id === undefined) this.ids.set(path, (id = this.ids.size));
    return id;
  }

  /** Field id → attribute name, for explanations. */
  names(): string[] {
    const out: string[] = [];
    for (const [name, id] of this.ids) out[id] = name;
    return out;
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries(this.ids);
  }
}

export function analyseDocument(docNum: number, document: Document, fieldIds: FieldIds, analyzer: Analyzer): AnalysedDocument {
  const fields = new Map<number, AnalysedField & { nextBase: number }>();
  for (const value of flattenValues(document, ['*'])) {
    const field = fieldIds.idOf(value.path);
    if (field === undefined) continue;
    let entry = fields.get(field);
    if (!entry) fields.set(field, (entry = { field, length: 0, terms: new Map(), nextBase: 0 }));
    const base = entry.nextBase;
    let maxPosition = -1;
    for (const token of analyzer.analyze(value.text)) {
      const key = termKey(token);
      const position = base + token.position;
      const list = entry.terms.get(key);
      if (list) list.push(position);
      else entry.terms.set(key, [position]);
      entry.length++;
      if (token.position > maxPosition) maxPosition = token.position;
    }
    entry.nextBase = base + maxPosition + 1 + VALUE_POSITION_GAP;
  }
  return { docNum, fields: [...fields.values()].map(({ field, length, terms }) => ({ field, length, terms })) };
}
