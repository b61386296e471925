// Merges adjacent segments into one, dropping deleted documents: the compaction step of the index.
import { ByteReader, ByteWriter } from './varint.ts';
import { Segment, readFieldTfs, type SegmentData } from './segment.ts';
import { compareCodePoints } from './facet-values.ts';
import { writeFieldCode } from './segment-builder.ts';

/**
 * `segments` must be in ascending document order and `isLive(docNum)` tells which documents survive.
 * Terms left with no live document disappear.
 */
export function mergeSegments(segments: readonly Segment[], isLive: (docNum: number) => boolean): Segment {
  const fieldCount = Math.max(1, ...segments.map((s) => s.data.fieldCount));
  // old local → new local (or -1), per segment
  const remaps: Int32Array[] = [];
  const docNums: number[] = [];
  const lengthRows: number[] = [];
  for (const segment of segments) {
    const remap = new Int32Array(segment.docCount).fill(-1);
    segment.data.docNums.forEach((docNum, local) => {
      if (!isLive(docNum)) return;
      remap[local] = docNums.length;
      docNums.push(docNum);
      for (let f = 0; f < fieldCount; f++) lengthRows.push(segment.fieldLength(local, f));
    });
    remaps.push(remap);
  }

  const terms = collectTerms(segments);
  const encoder = new TextEncoder();
  const termChunks: Uint8Array[] = [];
  const docFreqs: number[] = [];
  const postingsOffsets: number[] = [];
  const positionsOffsets: number[] = [];
  const postings = new ByteWriter(1 << 16);
  const positions = new ByteWriter(1 << 16);
  const fieldTfs: number[] = [];

  for (const [term, ordinals] of terms) {
    const postingsStart = postings.length;
    const positionsStart = positions.length;
    let docFreq = 0;
    let lastLocal = 0;
    ordinals.forEach((ordinal, s) => {
      if (ordinal < 0) return;
      const segment = segments[s]!;
      const remap = remaps[s]!;
      const d = segment.data;
      const pr = new ByteReader(d.postings, d.postingsOffsets[ordinal]!);
      const qr = new ByteReader(d.positions, d.positionsOffsets[ordinal]!);
      let local = 0;
      for (let i = 0; i < d.docFreq[ordinal]!; i++) {
        local += pr.readVarint();
        readFieldTfs(pr, fieldTfs);
        const target = remap[local]!;
        const fields: Array<[number, number[]]> = [];
        for (let j = 0; j < fieldTfs.length; j += 2) {
          const list: number[] = [];
          for (let k = 0; k < fieldTfs[j + 1]!; k++) list.push(qr.readVarint()); // still delta-coded
          fields.push([fieldTfs[j]!, list]);
        }
        if (target < 0) continue;
        postings.writeVarint(target - lastLocal);
        lastLocal = target;
        docFreq++;
        writeFieldCode(postings, fields);
        for (const [, deltas] of fields) for (const delta of deltas) positions.writeVarint(delta);
      }
    });
    if (docFreq === 0) {
      postings.length = postingsStart;
      positions.length = positionsStart;
      continue;
    }
    termChunks.push(encoder.encode(term));
    docFreqs.push(docFreq);
    postingsOffsets.push(postingsStart);
    positionsOffsets.push(positionsStart);
  }
  postingsOffsets.push(postings.length);
  positionsOffsets.push(positions.length);

  const termOffsets = new Uint32Array(termChunks.length + 1);
  let total = 0;
  termChunks.forEach((chunk, i) => {
    termOffsets[i] = total;
    total += chunk.length;
  });
  termOffsets[termChunks.length] = total;
  const termBytes = new Uint8Array(total);
  termChunks.forEach((chunk, i) => termBytes.set(chunk, termOffsets[i]!));

  const data: SegmentData = {
    fieldCount,
    docNums: Uint32Array.from(docNums),
    fieldLengths: Uint32Array.from(lengthRows),
    termBytes,
    termOffsets,
    docFreq: Uint32Array.from(docFreqs),
    postingsOffsets: Uint32Array.from(postingsOffsets),
    positionsOffsets: Uint32Array.from(positionsOffsets),
    postings: postings.view().slice(),
    positions: positions.view().slice(),
  };
  return new Segment(data);
}

/** Every term of the segments in byte order, with its ordinal in each segment (-1 when absent). */
function collectTerms(segments: readonly Segment[]): Array<[string, number[]]> {
  const byTerm = new Map<string, number[]>();
  segments.forEach((segment, s) => {
    for (let ordinal = 0; ordinal < segment.termCount; ordinal++) {
      const term = segment.termAt(ordinal);
      let ordinals = byTerm.get(term);
      if (!ordinals) byTerm.set(term, (ordinals = new Array<number>(segments.length).fill(-1)));
      ordinals[s] = ordinal;
    }
  });
  return [...byTerm.entries()].sort((a, b) => compareCodePoints(a[0], b[0]));
}
