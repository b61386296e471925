// Builds an immutable Segment from analysed documents: the writer half of writer → file → reader.
import { ByteWriter } from './varint.ts';
import { MULTI_FIELD, Segment, type SegmentData } from './segment.ts';
import { compareCodePoints } from './facet-values.ts';

/** One field of an analysed document: its token count and, per term key, the positions. */
export interface AnalysedField {
  field: number;
  length: number;
  terms: Map<string, number[]>;
}

export interface AnalysedDocument {
  docNum: number;
  fields: AnalysedField[];
}

interface TermAccumulator {
  postings: ByteWriter;
  positions: ByteWriter;
  lastLocal: number;
  docFreq: number;
}

export class SegmentBuilder {
  private readonly terms = new Map<string, TermAccumulator>();
  private readonly docNums: number[] = [];
  private readonly lengths: Array<Map<number, number>> = [];
  private fieldCount = 0;

  get docCount(): number {
    return this.docNums.length;
  }

  /** Adds a document; document numbers must come in ascending order. */
  add(document: AnalysedDocument): void {
    const last = this.docNums[this.docNums.length - 1];
    if (last !== undefined && document.docNum <= last) throw new Error('SegmentBuilder: document numbers must ascend');
    const local = this.docNums.length;
    this.docNums.push(document.docNum);
    const lengths = new Map<number, number>();
    // term → [field, positions][] in field order
    const byTerm = new Map<string, Array<[number, number[]]>>();
    for (const field of [...document.fields].sort((a, b) => a.field - b.field)) {
      lengths.set(field.field, field.length);
      this.fieldCount = Math.max(this.fieldCount, field.field + 1);
      for (const [term, positions] of field.terms) {
        let entry = byTerm.get(term);
        if (!entry) byTerm.set(term, (entry = []));
        entry.push([field.field, positions]);
      }
    }
    this.lengths.push(lengths);
    for (const [term, fields] of byTerm) this.appendPosting(term, local, fields);
  }

  private appendPosting(term: string, local: number, fields: Array<[number, number[]]>): void {
    let acc = this.terms.get(term);
    if (!acc) {
      acc = { postings: new ByteWriter(8), positions: new ByteWriter(8), lastLocal: 0, docFreq: 0 };
      this.terms.set(term, acc);
    }
    acc.postings.writeVarint(local - acc.lastLocal);
    acc.lastLocal = local;
    acc.docFreq++;
    writeFieldCode(acc.postings, fields);
    for (const [, positions] of fields) {
      const sorted = positions.length > 1 ? [...positions].sort((a, b) => a - b) : positions;
      let previous = 0;
      for (const p of sorted) {
        acc.positions.writeVarint(p - previous);
        previous = p;
      }
    }
  }

  build(): Segment {
    const keys = [...this.terms.keys()].sort(compareCodePoints);
    const encoder = new TextEncoder();
    const termChunks = keys.map((k) => encoder.encode(k));
    const termOffsets = new Uint32Array(keys.length + 1);
    const docFreq = new Uint32Array(keys.length);
    const postingsOffsets = new Uint32Array(keys.length + 1);
    const positionsOffsets = new Uint32Array(keys.length + 1);
    let termBytesLength = 0;
    let postingsLength = 0;
    let positionsLength = 0;
    keys.forEach((key, i) => {
      const acc = this.terms.get(key)!;
      termOffsets[i] = termBytesLength;
      postingsOffsets[i] = postingsLength;
      positionsOffsets[i] = positionsLength;
      termBytesLength += termChunks[i]!.length;
      postingsLength += acc.postings.length;
      positionsLength += acc.positions.length;
      docFreq[i] = acc.docFreq;
    });
    termOffsets[keys.length] = termBytesLength;
    postingsOffsets[keys.length] = postingsLength;
    positionsOffsets[keys.length] = positionsLength;
    const termBytes = new Uint8Array(termBytesLength);
    const postings = new Uint8Array(postingsLength);
    const positions = new Uint8Array(positionsLength);
    keys.forEach((key, i) => {
      const acc = this.terms.get(key)!;
      termBytes.set(termChunks[i]!, termOffsets[i]!);
      postings.set(acc.postings.view(), postingsOffsets[i]!);
      positions.set(acc.positions.view(), positionsOffsets[i]!);
    });
    const fieldCount = Math.max(1, this.fieldCount);
    const fieldLengths = new Uint32Array(this.docNums.length * fieldCount);
    this.lengths.forEach((lengths, local) => {
      for (const [field, length] of lengths) fieldLengths[local * fieldCount + field] = length;
    });
    const data: SegmentData = {
      fieldCount,
      docNums: Uint32Array.from(this.docNums),
      fieldLengths,
      termBytes,
      termOffsets,
      docFreq,
      postingsOffsets,
      positionsOffsets,
      postings,
      positions,
    };
    return new Segment(data);
  }
}

/** Single field with field id < 7: `tf << 3 | field`. Otherwise `n << 3 | 7` then n (field, tf) pairs. */
export function writeFieldCode(writer: ByteWriter, fields: ReadonlyArray<readonly [number, { length: number }]>): void {
  const only = fields[0];
  if (fields.length === 1 && only && only[0] < MULTI_FIELD) {
    writer.writeVarint(only[1].length * 8 + only[0]);
    return;
  }
  writer.writeVarint(fields.length * 8 + MULTI_FIELD);
  for (const [field, positions] of fields) {
    writer.writeVarint(field);
    writer.writeVarint(positions.length);
  }
}
