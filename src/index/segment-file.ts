// The on-disk form of a segment: a versioned header, then each array 8-byte aligned so that
// loading is one read plus typed-array views (no parsing, no re-analysis).
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { KachiError } from '../errors.ts';
import { Segment, type SegmentData } from './segment.ts';

const MAGIC = 'KACHISEG';
/** Bump when the layout changes; older files are then rejected with `unsupported_format_version`. */
export const SEGMENT_FORMAT_VERSION = 1;

type ArrayName = Exclude<keyof SegmentData, 'fieldCount'>;
const ARRAYS: ReadonlyArray<[ArrayName, 'u8' | 'u32']> = [
  ['docNums', 'u32'],
  ['fieldLengths', 'u32'],
  ['termBytes', 'u8'],
  ['termOffsets', 'u32'],
  ['docFreq', 'u32'],
  ['postingsOffsets', 'u32'],
  ['positionsOffsets', 'u32'],
  ['postings', 'u8'],
  ['positions', 'u8'],
];

interface Header {
  version: number;
  fieldCount: number;
  sections: Array<{ name: ArrayName; offset: number; byteLength: number }>;
}

const align8 = (n: number): number => (n + 7) & ~7;

export function encodeSegment(segment: Segment): Buffer[] {
  const data = segment.data;
  const sections: Header['sections'] = [];
  // the header's own length is not known until it is written, so offsets are relative to the body
  let offset = 0;
  for (const [name] of ARRAYS) {
    sections.push({ name, offset, byteLength: data[name].byteLength });
    offset = align8(offset + data[name].byteLength);
  }
  const header: Header = { version: SEGMENT_FORMAT_VERSION, fieldCount: data.fieldCount, sections };
  const headerJson = Buffer.from(JSON.stringify(header));
  const prefix = Buffer.alloc(align8(16 + headerJson.length));
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(SEGMENT_FORMAT_VERSION, 8);
  prefix.writeUInt32LE(headerJson.length, 12);
  headerJson.copy(prefix, 16);
  const chunks: Buffer[] = [prefix];
  for (const [name] of ARRAYS) {
    const array = data[name];
    chunks.push(Buffer.from(array.buffer, array.byteOffset, array.byteLength));
    const pad = align8(array.byteLength) - array.byteLength;
    if (pad > 0) chunks.push(Buffer.alloc(pad));
  }
  return chunks;
}

/** A new file name for `segment`: its document range and a random part. */
export function segmentFileName(segment: Segment): string {
  return `seg-${segment.minDoc}-${segment.maxDoc}-${randomBytes(4).toString('hex')}.seg`;
}

/** Writes the segment to `path` atomically: temp file, fsync, rename, fsync of the folder. */
export function writeSegmentFile(path: string, segment: Segment): number {
  const temp = `${path}.tmp`;
  const fd = openSync(temp, 'w');
  let size = 0;
  try {
    for (const chunk of encodeSegment(segment)) size += writeSync(fd, chunk);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  const dir = openSync(dirname(path), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
  return size;
}

export function readSegmentFile(path: string): Segment {
  return decodeSegment(readFileSync(path), path);
}

export function decodeSegment(file: Buffer, source = 'segment'): Segment {
  if (file.length < 16 || file.toString('latin1', 0, 8) !== MAGIC)
    throw new KachiError('unsupported_format_version', `${source} is not a Kachi segment file.`);
  const version = file.readUInt32LE(8);
  if (version !== SEGMENT_FORMAT_VERSION)
    throw new KachiError(
      'unsupported_format_version',
      `${source} has segment format version ${version}; this Kachi reads version ${SEGMENT_FORMAT_VERSION}. Re-index from a dump.`,
    );
  const headerLength = file.readUInt32LE(12);
  const header = JSON.parse(file.toString('utf8', 16, 16 + headerLength)) as Header;
  const bodyStart = align8(16 + headerLength);
  // Views need 4-byte alignment: a large file read whole has its own aligned buffer and is used as
  // is (copying 700 MB of segments took ~0.5 s of a restart); a pooled, unaligned one is copied.
  let body: Uint8Array;
  if ((file.byteOffset + bodyStart) % 4 === 0) body = new Uint8Array(file.buffer, file.byteOffset + bodyStart, file.length - bodyStart);
  else {
    body = new Uint8Array(file.length - bodyStart);
    body.set(file.subarray(bodyStart));
  }
  const data: Partial<SegmentData> = { fieldCount: header.fieldCount };
  for (const [name, kind] of ARRAYS) {
    const section = header.sections.find((s) => s.name === name);
    if (!section || section.offset + section.byteLength > body.length)
      throw new KachiError('unsupported_format_version', `${source} is truncated or corrupt (section ${name}).`);
    (data as Record<string, unknown>)[name] =
      kind === 'u8'
        ? body.subarray(section.offset, section.offset + section.byteLength)
        : new Uint32Array(body.buffer, body.byteOffset + section.offset, section.byteLength / 4);
  }
  return new Segment(data as SegmentData);
}
