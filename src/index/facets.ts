// The facet index: for the filterable and sortable attributes, which documents hold which value.
// Filters, facet distributions, facet search and sort all read it; it lives in memory and is
// saved whole with `serialize` (format in facet-codec.ts).
import type { Document } from '../search-types.ts';
import { DocValueLists } from './facet-doc-values.ts';
import { FacetEntry, FacetField, type FacetValue } from './facet-field.ts';
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
    // Values are written field by field in sorted order, so loading needs no sort, and value ids
    // are renumbered densely (freed ids dropped); the forward lists follow the new numbering.
    const remap = new Int32Array(this.values.length).fill(-1);
    const values: FacetValue[] = [];
    for (const field of this.fieldList) {
      for (const vid of field.sortedValueIds()) {
        remap[vid] = values.length;
        values.push(this.values[vid]!);
      }
    }
    const fields = this.fieldList.map((f) => ({ name: f.name, exists: f.exists, nulls: f.nulls, empties: f.empties }));
    return encodeFacetIndex({ attributes: this.attrs, fields, values, forward: this.forward.export(remap) });
  }

  static deserialize(bytes: Uint8Array): FacetIndex {
    return FacetIndex.fromParts(decodeFacetIndex(bytes));
  }

  private static fromParts(parts: FacetIndexParts): FacetIndex {
    const index = new FacetIndex(parts.attributes);
    const fields = parts.fields.map((saved) => {
      const field = index.fieldFor(saved.name);
      field.exists.or(saved.exists);
      field.nulls.or(saved.nulls);
      field.empties.or(saved.empties);
      return field;
    });
    const { values } = parts;
    index.values = values;
    for (const field of fields) field.rebind(values);
    // Each field's values are contiguous and already sorted: numbers first, then strings.
    let start = 0;
    while (start < values.length) {
      const fieldId = values[start]!.field;
      let end = start;
      while (end < values.length && values[end]!.field === fieldId) end++;
      fields[fieldId]!.adoptSorted(start, end);
      start = end;
    }
    index.forward = DocValueLists.fromCounts(parts.forward.counts, parts.forward.pool);
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
      vids.add(this.addToValue(doc, field, fieldId, key, original));
    }
    for (const number of facts.numbers) {
      vids.add(this.addToValue(doc, field, fieldId, number, ''));
    }
  }

  /** Adds `doc` to the value with this key, created on first sight; returns the value id. */
  private addToValue(doc: number, field: FacetField, fieldId: number, key: string | number, original: string): number {
    let vid = field.idOf(key);
    if (vid === undefined) {
      vid = this.freeIds.pop() ?? this.values.length;
      this.values[vid] = new FacetEntry(fieldId, key, original);
      field.setId(key, vid);
    }
    this.values[vid]!.docs.add(doc);
    return vid;
  }

  private freeValue(vid: number, value: FacetValue): void {
    const field = this.fieldList[value.field]!;
    field.deleteKey(value.key);
    this.values[vid] = undefined;
    this.freeIds.push(vid);
  }
}
