// The facet index: for the filterable and sortable attributes, which documents hold which value.
// Filters, facet distributions, facet search and sort all read it; it lives in memory and is
// saved whole with `serialize` (format in facet-codec.ts).
import type { Document } from '../search-types.ts';
import { DocValueLists } from './facet-doc-values.ts';
import { FacetField, type FacetValue } from './facet-field.ts';
import { Postings } from './facet-postings.ts';
import { extractFacets, type PathFacts } from './facet-values.ts';
import { decodeFacetIndex, encodeFacetIndex, type FacetIndexParts } from './facet-codec.ts';

export type { FacetValue } from './facet-field.ts';

export class FacetIndex {
  private attrs: string[];
  private fieldList: FacetField[] = [];
  private fieldIds = new Map<string, number>();
  /** Value id → value; holes are free ids waiting for reuse. */
  private values: Array<FacetValue | undefined> = [];
  private freeIds: number[] = [];
  private forward = new DocValueLists();

  /** `attributes`: the filterable and sortable attributes; `author` also covers `author.name`, `*` covers all. */
  constructor(attributes: readonly string[]) {
    this.attrs = [...attributes];
  }

  get attributes(): readonly string[] {
    return this.attrs;
  }

  /**
   * Changes the indexed attributes. When they differ, the index is emptied and `true` is returned:
   * the caller must `add` every document again.
   */
  setAttributes(attributes: readonly string[]): boolean {
    const same = attributes.length === this.attrs.length && attributes.every((a) => this.attrs.includes(a));
    if (same) return false;
    this.attrs = [...attributes];
    this.fieldList = [];
    this.fieldIds = new Map();
    this.values = [];
    this.freeIds = [];
    this.forward = new DocValueLists();
    return true;
  }

  /** Indexes `document` under internal number `doc`, replacing what `doc` held before. */
  add(doc: number, document: Document): void {
    this.remove(doc);
    const vids = new Set<number>();
    for (const [path, facts] of extractFacets(document, this.attrs)) {
      const field = this.fieldFor(path);
      field.exists.add(doc);
      if (facts.isNull) field.nulls.add(doc);
      if (facts.isEmpty) field.empties.add(doc);
      this.addValues(doc, field, facts, vids);
    }
    this.forward.set(doc, [...vids]);
  }

  /** Forgets `doc`; the old document is not needed. */
  remove(doc: number): void {
    for (const vid of this.forward.get(doc)) {
      const value = this.values[vid];
      if (value === undefined) continue;
      value.docs.remove(doc);
      if (value.docs.size === 0) this.freeValue(vid, value);
    }
    this.forward.clear(doc);
    for (const field of this.fieldList) {
      field.exists.remove(doc);
      field.nulls.remove(doc);
      field.empties.remove(doc);
    }
  }

  /** The faceted field at exactly this dot path, if any document has it. */
  field(path: string): FacetField | undefined {
    const id = this.fieldIds.get(path);
    return id === undefined ? undefined : this.fieldList[id];
  }

  /** The numeric id of a field, as found in `FacetValue.field`. */
  fieldId(path: string): number | undefined {
    return this.fieldIds.get(path);
  }

  /** Every faceted dot path seen, in first-seen order. */
  fieldNames(): string[] {
    return this.fieldList.map((field) => field.name);
  }

  /** Value ids held by `doc` (all fields). The view is valid until the next `add` or `remove`. */
  valueIdsOf(doc: number): Uint32Array {
    return this.forward.get(doc);
  }

  value(vid: number): FacetValue | undefined {
    return this.values[vid];
  }

  /** The whole index as bytes; `FacetIndex.deserialize` reads it back. */
  serialize(): Uint8Array {
    const fields = this.fieldList.map((f) => ({ name: f.name, exists: f.exists, nulls: f.nulls, empties: f.empties }));
    return encodeFacetIndex({ attributes: this.attrs, fields, values: this.values.filter(isDefined) });
  }

  static deserialize(bytes: Uint8Array): FacetIndex {
    return FacetIndex.fromParts(decodeFacetIndex(bytes));
  }

  private static fromParts(parts: FacetIndexParts): FacetIndex {
    const index = new FacetIndex(parts.attributes);
    for (const saved of parts.fields) {
      const field = index.fieldFor(saved.name);
      field.exists.or(saved.exists);
      field.nulls.or(saved.nulls);
      field.empties.or(saved.empties);
    }
    let maxDoc = -1;
    parts.values.forEach((value, vid) => {
      index.values.push(value);
      const field = index.fieldList[value.field]!;
      if (typeof value.key === 'number') field.numbers.set(value.key, vid);
      else field.strings.set(value.key, vid);
      const last = value.docs.bits === null ? value.docs.ids![value.docs.size - 1] : value.docs.bits.capacity - 1;
      maxDoc = Math.max(maxDoc, last ?? -1);
    });
    const counts = new Int32Array(maxDoc + 1);
    for (const value of parts.values) value.docs.forEach((doc) => counts[doc]!++);
    index.forward = DocValueLists.build(counts, (add) =>
      parts.values.forEach((value, vid) => value.docs.forEach((doc) => add(doc, vid))),
    );
    return index;
  }

  private fieldFor(path: string): FacetField {
    let id = this.fieldIds.get(path);
    if (id === undefined) {
      id = this.fieldList.length;
      this.fieldList.push(new FacetField(path, this.values));
      this.fieldIds.set(path, id);
    }
    return this.fieldList[id]!;
  }

  private addValues(doc: number, field: FacetField, facts: PathFacts, vids: Set<number>): void {
    const fieldId = this.fieldIds.get(field.name)!;
    for (const { key, original } of facts.strings) {
      vids.add(this.addToValue(doc, field, fieldId, field.strings, key, original));
    }
    for (const number of facts.numbers) {
      vids.add(this.addToValue(doc, field, fieldId, field.numbers, number, String(number)));
    }
  }

  /** Adds `doc` to the value with this key, created on first sight; returns the value id. */
  private addToValue<K extends string | number>(
    doc: number,
    field: FacetField,
    fieldId: number,
    dictionary: Map<K, number>,
    key: K,
    original: string,
  ): number {
    let vid = dictionary.get(key);
    if (vid === undefined) {
      vid = this.freeIds.pop() ?? this.values.length;
      this.values[vid] = { field: fieldId, key, original, docs: new Postings() };
      dictionary.set(key, vid);
      field.invalidate();
    }
    this.values[vid]!.docs.add(doc);
    return vid;
  }

  private freeValue(vid: number, value: FacetValue): void {
    const field = this.fieldList[value.field]!;
    if (typeof value.key === 'number') field.numbers.delete(value.key);
    else field.strings.delete(value.key);
    field.invalidate();
    this.values[vid] = undefined;
    this.freeIds.push(vid);
  }
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}
