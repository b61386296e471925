// Dumps an index's logical content — every term's postings (document, field, positions) and every
// document's field lengths — independent of how documents fall into segments, so that an indexing
// optimisation can be checked to leave the index byte-for-byte the same.
//
//   node bin/kachi.js index sample.jsonl --index t --db-path /tmp/a
//   node --import tsx bench/index-dump.ts --db-path /tmp/a --index t --out /tmp/a.dump
//
// Prints the SHA-256 of the dump; compare two dumps with `cmp` or `diff`.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { openEngine } from '../src/engine.ts';
import type { KachiIndexImpl } from '../src/kachi-index.ts';
import { readFieldTfs } from '../src/index/segment.ts';
import { ByteReader } from '../src/index/varint.ts';

const { values } = parseArgs({
  options: { 'db-path': { type: 'string' }, index: { type: 'string' }, out: { type: 'string' } },
});
if (!values['db-path'] || !values.index || !values.out) {
  console.error('usage: bench/index-dump.ts --db-path DIR --index NAME --out FILE');
  process.exit(2);
}

const engine = openEngine({ dbPath: values['db-path'] });
const index = (engine as unknown as { getIndex(uid: string): KachiIndexImpl }).getIndex(values.index);
const segments = index.inverted.segments;
const hash = createHash('sha256');
const out = createWriteStream(values.out);
const write = (line: string): void => {
  hash.update(line);
  out.write(line);
};

// Field lengths, per live document, in document order.
const live = (docNum: number) => index.inverted.live.has(docNum);
for (const segment of segments) {
  const { docNums, fieldCount } = segment.data;
  docNums.forEach((docNum, local) => {
    if (!live(docNum)) return;
    const lengths: number[] = [];
    for (let f = 0; f < fieldCount; f++) lengths.push(segment.fieldLength(local, f));
    while (lengths.length > 0 && lengths[lengths.length - 1] === 0) lengths.pop();
    write(`doc ${docNum} ${lengths.join(',')}\n`);
  });
}

// Terms in code-point order, each with its live postings across segments in document order.
const terms = new Set<string>();
for (const segment of segments) for (let i = 0; i < segment.termCount; i++) terms.add(segment.termAt(i));
const sorted = [...terms].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const fieldTfs: number[] = [];
for (const term of sorted) {
  const parts: string[] = [];
  for (const segment of segments) {
    const ordinal = segment.findTerm(term);
    if (ordinal < 0) continue;
    const d = segment.data;
    const postings = new ByteReader(d.postings, d.postingsOffsets[ordinal]!);
    const positions = new ByteReader(d.positions, d.positionsOffsets[ordinal]!);
    let local = 0;
    for (let i = 0; i < d.docFreq[ordinal]!; i++) {
      local += postings.readVarint();
      readFieldTfs(postings, fieldTfs);
      const fields: string[] = [];
      for (let j = 0; j < fieldTfs.length; j += 2) {
        const list: number[] = [];
        let p = 0;
        for (let k = 0; k < fieldTfs[j + 1]!; k++) list.push((p += positions.readVarint()));
        fields.push(`${fieldTfs[j]}:${list.join(',')}`);
      }
      const docNum = d.docNums[local]!;
      if (live(docNum)) parts.push(`${docNum}[${fields.join(' ')}]`);
    }
  }
  if (parts.length > 0) write(`${JSON.stringify(term)} ${parts.join(' ')}\n`);
}
out.end();
engine.close();
console.log(
  `${hash.digest('hex')}  ${values.out} (${sorted.length} terms, ${index.inverted.documentCount} documents)`,
);
