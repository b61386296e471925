// Saves the query-expansion side indexes (TermVariants) beside the saved segments, so a restart loads them
// instead of decomposing every term of the dictionary again. The file names the segments it was built
// from; when they differ (merged, replaced, deleted) the file is ignored and the side indexes are rebuilt.
// It is a cache: it is written with a temporary file and a rename, and losing it only costs a rebuild.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TermVariants, type TermVariantsOptions } from './variants.ts';

const FILE = 'term-variants.bin';

function signatureBytes(segmentNames: readonly string[]): Buffer {
  return Buffer.from(JSON.stringify([...segmentNames].sort()));
}

export function saveTermVariants(dir: string, segmentNames: readonly string[], variants: TermVariants): void {
  const signature = signatureBytes(segmentNames);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(signature.length);
  const temp = join(dir, `${FILE}.tmp`);
  writeFileSync(temp, Buffer.concat([length, signature, variants.toBytes()]));
  renameSync(temp, join(dir, FILE));
}

/** The saved side indexes when they were built from exactly these segments; otherwise null. */
export function loadTermVariants(dir: string, segmentNames: readonly string[], options: TermVariantsOptions): TermVariants | null {
  const path = join(dir, FILE);
  if (!existsSync(path)) return null;
  try {
    const bytes = readFileSync(path);
    const length = bytes.readUInt32LE(0);
    if (!bytes.subarray(4, 4 + length).equals(signatureBytes(segmentNames))) return null;
    return TermVariants.fromBytes(bytes.subarray(4 + length), options);
  } catch {
    rmSync(path, { force: true }); // unreadable: rebuilt on demand
    return null;
  }
}
