// Merges adjacent segments into one, dropping deleted documents: the compaction step of the index.
import { ByteReader, ByteWriter } from './varint.ts';
import { positionCount, Segment, type SegmentData } from './segment.ts';

/**
 * `segments` must be in ascending document order and `isLive(docNum)` tells which documents survive.
 * Terms left with no live document disappear.
 *
 * A streaming k-way merge over the segments' term dictionaries, compared as UTF-8 bytes (the order
 * they are stored in), so no term is decoded into a string. Positions are delta-coded per document
 * and field, independent of document numbers, so they are copied as bytes; postings are decoded only
 * to shift local document numbers.
 */
export function mergeSegments(segments: readonly Segment[], isLive: (docNum: number) => boolean): Segment {
  const fieldCount = Math.max(1, ...segments.map((s) => s.data.fieldCount));
  const plan = planDocuments(segments, isLive, fieldCount);

  // Sized for the whole output up front: a doubling writer held up to twice the merged size, and then
  // a trimmed copy of it, beside the inputs (the peak memory of a bulk load is its largest merge).
  const total = (pick: (d: SegmentData) => Uint8Array, perTerm: number) =>
    segments.reduce((sum, s) => sum + pick(s.data).length + perTerm * s.termCount, 1024);
  const termBytes = new ByteWriter(total((d) => d.termBytes, 0));
  const termOffsets: number[] = [];
  const docFreqs: number[] = [];
  const postingsOffsets: number[] = [];
  const positionsOffsets: number[] = [];
  // a term's first posting from each input may take a longer delta (up to a 5-byte varint)
  const postings = new ByteWriter(total((d) => d.postings, 5));
  const positions = new ByteWriter(total((d) => d.positions, 0));
  const cursors = segments.map(() => 0);
  const equal: boolean[] = segments.map(() => false);

  for (;;) {
    let min = -1;
    for (let s = 0; s < segments.length; s++) {
      if (cursors[s]! >= segments[s]!.termCount) {
        equal[s] = false;
        continue;
      }
      const c = min < 0 ? -1 : compareTerms(segments[s]!, cursors[s]!, segments[min]!, cursors[min]!);
      if (c < 0) {
        for (let e = 0; e < s; e++) equal[e] = false;
        min = s;
        equal[s] = true;
      } else equal[s] = c === 0;
    }
    if (min < 0) break;
    const postingsStart = postings.length;
    const positionsStart = positions.length;
    const writer: TermWriter = { postings, positions, lastLocal: 0, docFreq: 0 };
    for (let s = 0; s < segments.length; s++) {
      if (!equal[s]) continue;
      copyPostings(segments[s]!, cursors[s]!, plan.remaps[s]!, plan.bases[s]!, writer);
      cursors[s]!++;
    }
    if (writer.docFreq === 0) {
      postings.length = postingsStart;
      positions.length = positionsStart;
      continue;
    }
    const d = segments[min]!.data;
    const ordinal = cursors[min]! - 1;
    termOffsets.push(termBytes.length);
    termBytes.writeBytes(d.termBytes.subarray(d.termOffsets[ordinal]!, d.termOffsets[ordinal + 1]!));
    docFreqs.push(writer.docFreq);
    postingsOffsets.push(postingsStart);
    positionsOffsets.push(positionsStart);
  }
  termOffsets.push(termBytes.length);
  postingsOffsets.push(postings.length);
  positionsOffsets.push(positions.length);

  const data: SegmentData = {
    fieldCount,
    docNums: plan.docNums,
    fieldLengths: plan.fieldLengths,
    termBytes: trimmed(termBytes),
    termOffsets: Uint32Array.from(termOffsets),
    docFreq: Uint32Array.from(docFreqs),
    postingsOffsets: Uint32Array.from(postingsOffsets),
    positionsOffsets: Uint32Array.from(positionsOffsets),
    postings: trimmed(postings),
    positions: trimmed(positions),
  };
  return new Segment(data);
}

/** The writer's bytes: a view when little capacity is left unused (dropped documents), else a copy. */
function trimmed(writer: ByteWriter): Uint8Array {
  return writer.length >= writer.bytes.length * 0.875 ? writer.view() : writer.view().slice();
}

interface DocumentPlan {
  docNums: Uint32Array;
  fieldLengths: Uint32Array;
  /** Per segment: old local → new local, or null when every document survives (new = base + old). */
  remaps: Array<Int32Array | null>;
  bases: number[];
}

function planDocuments(
  segments: readonly Segment[],
  isLive: (docNum: number) => boolean,
  fieldCount: number,
): DocumentPlan {
  const docNums: number[] = [];
  const lengthRows: number[] = [];
  const remaps: Array<Int32Array | null> = [];
  const bases: number[] = [];
  for (const segment of segments) {
    const remap = new Int32Array(segment.docCount).fill(-1);
    let intact = true;
    bases.push(docNums.length);
    segment.data.docNums.forEach((docNum, local) => {
      if (!isLive(docNum)) {
        intact = false;
        return;
      }
      remap[local] = docNums.length;
      docNums.push(docNum);
      for (let f = 0; f < fieldCount; f++) lengthRows.push(segment.fieldLength(local, f));
    });
    remaps.push(intact ? null : remap);
  }
  return { docNums: Uint32Array.from(docNums), fieldLengths: Uint32Array.from(lengthRows), remaps, bases };
}

function compareTerms(a: Segment, i: number, b: Segment, j: number): number {
  const ab = a.data.termBytes;
  const bb = b.data.termBytes;
  let x = a.data.termOffsets[i]!;
  const xEnd = a.data.termOffsets[i + 1]!;
  let y = b.data.termOffsets[j]!;
  const yEnd = b.data.termOffsets[j + 1]!;
  for (; x < xEnd && y < yEnd; x++, y++) {
    const diff = ab[x]! - bb[y]!;
    if (diff !== 0) return diff;
  }
  return xEnd - x - (yEnd - y);
}

interface TermWriter {
  postings: ByteWriter;
  positions: ByteWriter;
  lastLocal: number;
  docFreq: number;
}

/** Appends one segment's postings of a term, with local document numbers mapped to the merged segment. */
function copyPostings(
  segment: Segment,
  ordinal: number,
  remap: Int32Array | null,
  base: number,
  out: TermWriter,
): void {
  const d = segment.data;
  const from = d.postingsOffsets[ordinal]!;
  const to = d.postingsOffsets[ordinal + 1]!;
  const pr = new ByteReader(d.postings, from);
  const count = d.docFreq[ordinal]!;
  if (remap === null) {
    // every document survives: only the first delta changes; the rest and the positions are copied
    let local = pr.readVarint();
    out.postings.writeVarint(base + local - out.lastLocal);
    const rest = pr.offset;
    positionCount(pr);
    for (let i = 1; i < count; i++) {
      local += pr.readVarint();
      positionCount(pr);
    }
    out.postings.writeBytes(d.postings.subarray(rest, to));
    out.positions.writeBytes(
      d.positions.subarray(d.positionsOffsets[ordinal]!, d.positionsOffsets[ordinal + 1]!),
    );
    out.lastLocal = base + local;
    out.docFreq += count;
    return;
  }
  const qr = new ByteReader(d.positions, d.positionsOffsets[ordinal]!);
  let local = 0;
  for (let i = 0; i < count; i++) {
    local += pr.readVarint();
    const codeStart = pr.offset;
    const tf = positionCount(pr);
    const codeEnd = pr.offset;
    const positionsStart = qr.offset;
    for (let k = 0; k < tf; k++) qr.readVarint();
    const target = remap[local]!;
    if (target < 0) continue;
    out.postings.writeVarint(target - out.lastLocal);
    out.postings.writeBytes(d.postings.subarray(codeStart, codeEnd));
    out.positions.writeBytes(d.positions.subarray(positionsStart, qr.offset));
    out.lastLocal = target;
    out.docFreq++;
  }
}

