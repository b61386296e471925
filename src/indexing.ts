// Turns JSON documents into AnalysedDocuments for the segment builder: which values are
// searchable, which field id each belongs to, and the term keys and positions of each field.
import type { IndexingAnalyzer } from './analysis/parallel-analyzer.ts';
import { TOKEN_KINDS } from './analysis/token-columns.ts';
import { flattenValues, isSelected } from './document-fields.ts';
import { encodeMatchTokens, type MatchToken, type MatchTokenValue } from './index/match-tokens.ts';
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

  /** Whether a value path is searchable (without assigning it an id). */
  selects(path: string): boolean {
    return this.isWildcard || this.searchable.some((a) => isSelected(path, [a]));
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

/** A document to analyse: its new document number and its JSON body. */
export interface DocumentToAnalyse {
  docNum: number;
  document: Document;
}

/** The searchable texts of `documents`, in the order analyseDocuments sends them to the analyzer. */
export function searchableTexts(documents: readonly Document[], fieldIds: FieldIds): string[] {
  const texts: string[] = [];
  for (const document of documents)
    for (const value of flattenValues(document, ['*'])) if (fieldIds.selects(value.path)) texts.push(value.text);
  return texts;
}

/**
 * Analyses a batch of documents: every searchable value of every document goes through one
 * `analyzeColumns` call, so the eojeols lindera has not seen yet are analysed together (and a large
 * batch on two threads).
 * Field ids are assigned in document order, then value order (as one document at a time would).
 */
export function analyseDocuments(batch: readonly DocumentToAnalyse[], fieldIds: FieldIds, analyzer: Pick<IndexingAnalyzer, 'analyzeColumns'>): AnalysedDocument[] {
  const texts: string[] = [];
  const valueNames: string[] = []; // `path#valueIndex` of each text
  const valueFields: number[][] = [];
  for (const { document } of batch) {
    const fields: number[] = [];
    for (const value of flattenValues(document, ['*'])) {
      const field = fieldIds.idOf(value.path);
      if (field === undefined) continue;
      fields.push(field);
      texts.push(value.text);
      valueNames.push(`${value.path}#${value.valueIndex}`);
    }
    valueFields.push(fields);
  }
  const columns = analyzer.analyzeColumns(texts);
  const keyOf = columns.terms.map((term, i) => termKey({ term, kind: TOKEN_KINDS[columns.kinds[i]!]! }));
  const { textStarts, entries, positions, starts, ends } = columns;
  let next = 0; // the first text of the document at hand
  // Each field's tokens go straight into arrays of their final size: growing arrays token by token was a large
  // share of what indexing allocated.
  return batch.map(({ docNum }, d) => {
    const fieldsOfValues = valueFields[d]!;
    const first = next;
    next += fieldsOfValues.length;
    const tokenCounts = new Map<number, number>();
    fieldsOfValues.forEach((field, v) => tokenCounts.set(field, (tokenCounts.get(field) ?? 0) + textStarts[first + v + 1]! - textStarts[first + v]!));
    const fields = new Map<number, { keyIndexes: Int32Array; positions: Int32Array; filled: number; nextBase: number }>();
    for (const [field, count] of tokenCounts) fields.set(field, { keyIndexes: new Int32Array(count), positions: new Int32Array(count), filled: 0, nextBase: 0 });
    const matchValues: MatchTokenValue[] = [];
    fieldsOfValues.forEach((field, v) => {
      const text = first + v;
      const from = textStarts[text]!;
      const end = textStarts[text + 1]!;
      const tokens: MatchToken[] = [];
      for (let k = from; k < end; k++) if (starts[k]! >= 0) tokens.push({ key: keyOf[entries[k]!]!, start: starts[k]!, end: ends[k]! });
      matchValues.push({ value: valueNames[text]!, text: texts[text]!, tokens });
      const entry = fields.get(field)!;
      const base = entry.nextBase;
      let maxPosition = -1;
      for (let k = from; k < end; k++) {
        const position = positions[k]!;
        entry.keyIndexes[entry.filled] = entries[k]!;
        entry.positions[entry.filled++] = base + position;
        if (position > maxPosition) maxPosition = position;
      }
      entry.nextBase = base + maxPosition + 1 + VALUE_POSITION_GAP;
    });
    const out: AnalysedField[] = [];
    for (const [field, { keyIndexes, positions: fieldPositions }] of fields)
      out.push({ field, length: keyIndexes.length, keyTable: keyOf, keyIndexes, positions: fieldPositions });
    return { docNum, fields: out.sort((a, b) => a.field - b.field), matchTokens: encodeMatchTokens(matchValues) };
  });
}

/** One document alone (see analyseDocuments). */
export function analyseDocument(docNum: number, document: Document, fieldIds: FieldIds, analyzer: Pick<IndexingAnalyzer, 'analyzeColumns'>): AnalysedDocument {
  return analyseDocuments([{ docNum, document }], fieldIds, analyzer)[0]!;
}
